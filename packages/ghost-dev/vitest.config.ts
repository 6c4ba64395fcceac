import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'ghost-dev',
    include: ['src/**/*.test.ts'],
    // The helper other packages use, from source: one Ghost for the run, provided as `ghost`.
    globalSetup: ['./src/vitest-setup.ts'],
    // Each file may start its own Ghost as well; two at once is plenty on a small machine.
    fileParallelism: false,
    testTimeout: 120_000,
    // The first run installs Ghost (about 2 minutes) inside the global setup or a hook.
    hookTimeout: 600_000,
  },
});

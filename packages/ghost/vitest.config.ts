import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'ghost',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One real local Ghost for the run (installed on first use, then cached): see @kiji/ghost-dev.
    globalSetup: ['@kiji/ghost-dev/vitest-setup'],
    // Every test file talks to the same Ghost; in sequence, so request counts are exact.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});

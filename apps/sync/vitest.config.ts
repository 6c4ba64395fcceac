import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sync',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The CLI is tested as users run it: the built dist/cli.js against a real local Ghost.
    globalSetup: ['@kiji/ghost-dev/vitest-setup'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});

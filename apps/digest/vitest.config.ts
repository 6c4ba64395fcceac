import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'digest-app',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['./test/build-cli.ts'],
  },
});

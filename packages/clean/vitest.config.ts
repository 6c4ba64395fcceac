import { defineConfig } from 'vitest/config';

// Named so that `npx vitest run --project clean` works from the repository root.
export default defineConfig({
  test: { name: 'clean', include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});

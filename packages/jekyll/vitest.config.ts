import { defineConfig } from 'vitest/config';

// Named so that `npx vitest run --project jekyll` works from the repository root.
export default defineConfig({
  test: { name: 'jekyll', include: ['src/**/*.test.ts'] },
});

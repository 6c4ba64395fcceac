import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'digest', testTimeout: 60_000 },
});

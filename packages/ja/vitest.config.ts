import { defineConfig } from 'vitest/config';

// Named so `vitest --project ja` works from the root; corpus-wide tests need more than 5 s on 2 cores.
export default defineConfig({
  test: { name: 'ja', testTimeout: 60_000 },
});

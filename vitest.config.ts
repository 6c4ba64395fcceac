import { defineConfig } from 'vitest/config';

// One run over every workspace; a package with its own vitest.config.ts (global setup for a
// real Ghost or SMTP server) is picked up as-is.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});

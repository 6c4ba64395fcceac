import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'ghost',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});

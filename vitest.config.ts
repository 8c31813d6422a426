import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Both cores: vitest's default leaves one free, which on a two-core machine runs the files one by one.
    maxWorkers: 2,
  },
});

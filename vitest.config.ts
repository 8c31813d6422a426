import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Both cores: vitest's default leaves one free, which on a two-core machine runs the files one by one.
    maxWorkers: 2,
    // Test files share each worker's module cache: importing the simulator once per worker, not once per
    // file (its caches are per world and deterministic, so no file can see another's state).
    isolate: false,
  },
});

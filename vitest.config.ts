import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // Docker and registry tests share one engine; run test files two at a time at most.
    maxWorkers: 2,
    minWorkers: 1,
  },
})

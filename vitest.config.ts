import { defineConfig } from 'vitest/config'

// Tests sit next to the code they test (`*.test.ts`); the conformance suites under suites/ are
// product code that users run against their integration, so they are collected by their own config.
export default defineConfig({
  test: {
    include: ['{contracts,mocks,generators,reports,bin,bench,examples}/**/*.test.ts', '*.test.ts'],
    exclude: ['**/node_modules/**', 'suites/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
})

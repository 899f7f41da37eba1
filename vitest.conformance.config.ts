import { defineConfig } from 'vitest/config'

// `npm run conformance`: the product suites (suites/*.conformance.ts) against an integration.
// One file, one worker: the scenarios share one mock and one integration, and run in order.
export default defineConfig({
  test: {
    include: ['suites/**/*.conformance.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})

import { defineConfig } from 'vitest/config'

// Tests sit next to the code they test (`*.test.ts`). The conformance suites under suites/ are
// product code that users run against their integration (`*.conformance.ts`): they are not
// collected here; only the tests of the suites' own modules are.
export default defineConfig({
  test: {
    include: ['{contracts,mocks,generators,suites,reports,bin,bench,examples,docs}/**/*.test.ts', '*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.conformance.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    globalSetup: ['./vitest.global-setup.ts'],
    pool: 'forks',
    // Vitest's default is one worker per core minus one: a single worker on the 2-core CI machine.
    // The slow files (conformance matrix, properties, browser) wait on I/O and each other's
    // servers as much as on CPU, so two workers finish the suite much sooner.
    maxWorkers: 2,
  },
})

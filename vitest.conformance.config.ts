import { defineConfig } from 'vitest/config'
import { TokenproofReporter } from './reports/vitest-reporter.ts'

// `npm run conformance`: the product suites (suites/*.conformance.ts) against an integration.
// One file, one worker: the scenarios share one mock and one integration, and run in order.
export default defineConfig({
  test: {
    include: ['suites/**/*.conformance.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The report files (report.json, junit.xml, summary.md, index.html) come from the tests' metadata.
    reporters: ['default', new TokenproofReporter({ outDir: process.env.TOKENPROOF_OUT ?? 'reports/out' })],
  },
})

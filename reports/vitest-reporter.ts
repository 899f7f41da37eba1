/**
 * A vitest reporter that builds the conformance report from the suites' test metadata, so a team
 * running the Tokenproof suites inside its own vitest setup gets the same files as `tokenproof run`:
 *
 *   // vitest.config.ts
 *   import { TokenproofReporter } from 'tokenproof/reports/vitest-reporter.ts'
 *   export default defineConfig({ test: { reporters: ['default', new TokenproofReporter({ outDir: 'reports/out' })] } })
 *
 * Each conformance test stores its scenario result in `task.meta.tokenproof` (suites/tokenization.conformance.ts).
 */
import type {} from 'vitest'
import type { Reporter, TestCase } from 'vitest/node'
import type { ScenarioResult } from '../suites/findings.ts'
import { buildReport } from './model.ts'
import { REPORT_FORMATS, writeReports, type ReportFormat } from './write.ts'

export interface TokenproofReporterOptions {
  readonly outDir?: string
  readonly formats?: readonly ReportFormat[]
  /** Printed as the last line: where the reports went. Defaults to stdout. */
  readonly log?: (line: string) => void
}

export class TokenproofReporter implements Reporter {
  readonly #results: ScenarioResult[] = []
  #integration = 'integration under test'
  #started = Date.now()

  constructor(private readonly options: TokenproofReporterOptions = {}) {}

  onTestRunStart(): void {
    this.#results.length = 0
    this.#started = Date.now()
  }

  onTestCaseResult(testCase: TestCase): void {
    const meta = testCase.meta()
    if (meta.tokenproof) {
      this.#results.push(meta.tokenproof.result)
      this.#integration = meta.tokenproof.integration
    }
  }

  async onTestRunEnd(): Promise<void> {
    if (this.#results.length === 0) return
    const providers = [...new Set(this.#results.map((r) => r.provider))]
    const report = buildReport(
      { integration: this.#integration, startedAt: new Date(this.#started).toISOString(), durationMs: Date.now() - this.#started, providers, results: this.#results },
      process.env.npm_package_version ?? '0.0.0',
    )
    const outDir = this.options.outDir ?? 'reports/out'
    const written = await writeReports(report, outDir, this.options.formats ?? REPORT_FORMATS)
    ;(this.options.log ?? ((line: string) => process.stdout.write(`${line}\n`)))(`Tokenproof reports: ${written.join(', ')}`)
  }
}

declare module 'vitest' {
  interface TaskMeta {
    /** The scenario's result and who was tested, for reporters (this reporter builds the report from it). */
    tokenproof?: { integration: string; result: ScenarioResult }
  }
}

import { parseArgs } from 'node:util'
import { MERCHANT_FAULTS, type MerchantFault } from '../examples/reference-merchant/faults.ts'
import { startBundledTarget } from '../examples/reference-merchant/bundled.ts'
import { createHttpDriver } from '../suites/http-driver.ts'
import type { ConformanceRun, ScenarioResult } from '../suites/findings.ts'
import { SEVERITIES, type Severity } from '../suites/rules.ts'
import { runConformance } from '../suites/run.ts'
import { SCENARIOS } from '../suites/scenarios/index.ts'
import { UsageError } from './serve.ts'

export const RUN_HELP = `tokenproof run — run the conformance suites against an integration

Usage: tokenproof run [--driver <url> --mock <url>] [--providers a,b] [--scenarios s1,s2] [--fail-on major]

  --driver      the integration's driver protocol base URL (docs/driver-protocol.md);
                default: the bundled reference merchant, with its own mock
  --mock        the Tokenproof mock the integration is configured against (required with --driver)
  --providers   only these providers (default: every provider the integration offers)
  --scenarios   only these scenarios (${SCENARIOS.map((s) => s.id).join(', ')})
  --fault       bundled reference merchant only: make it commit this mistake (${MERCHANT_FAULTS.join(', ')})
  --fail-on     the lowest severity that fails the run: critical, major or minor (default minor)
  --json        print the run as JSON instead of lines

Exit codes: 0 conformant, 1 findings at or above --fail-on, 2 usage or setup error.
`

const list = (value: string | undefined): string[] | undefined => value?.split(',').map((v) => v.trim()).filter(Boolean)

function line(result: ScenarioResult): string {
  const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip', error: 'ERR ' }[result.status]
  const head = `${mark} ${result.provider.padEnd(10)} ${result.scenario.padEnd(26)} ${Math.round(result.durationMs)} ms`
  const detail = [result.reason ? `      ${result.reason}` : '', ...result.findings.map((f) => `      ${f.ruleId} ${f.severity}: ${f.message}`)].filter(Boolean)
  return [head, ...detail].join('\n')
}

export async function run(argv: readonly string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      options: {
        driver: { type: 'string' },
        mock: { type: 'string' },
        providers: { type: 'string' },
        scenarios: { type: 'string' },
        fault: { type: 'string' },
        'fail-on': { type: 'string', default: 'minor' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.help) {
    process.stdout.write(RUN_HELP)
    return 0
  }
  const failOn = values['fail-on'] as Severity
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`)
  if ((values.driver === undefined) !== (values.mock === undefined)) throw new UsageError('--driver and --mock go together')
  if (values.fault !== undefined && !(MERCHANT_FAULTS as readonly string[]).includes(values.fault)) throw new UsageError(`unknown fault ${values.fault}`)
  if (values.fault !== undefined && values.driver !== undefined) throw new UsageError('--fault applies to the bundled reference merchant only')
  const scenarios = list(values.scenarios)
  const unknown = scenarios?.filter((s) => !SCENARIOS.some((known) => known.id === s)) ?? []
  if (unknown.length > 0) throw new UsageError(`unknown scenario(s) ${unknown.join(', ')}`)
  const providers = list(values.providers)

  const bundled =
    values.driver === undefined ? await startBundledTarget({ ...(values.fault ? { faults: new Set([values.fault as MerchantFault]) } : {}) }) : undefined
  const target = bundled ?? { driver: createHttpDriver({ url: values.driver ?? '' }), mockUrl: values.mock ?? '' }
  let result: ConformanceRun
  try {
    result = await runConformance(target, {
      ...(providers ? { providers } : {}),
      ...(scenarios ? { scenarios } : {}),
      ...(values.json ? {} : { onResult: (r) => process.stdout.write(`${line(r)}\n`) }),
    })
  } finally {
    await bundled?.close()
  }
  const threshold = SEVERITIES.indexOf(failOn)
  const failing = result.results.flatMap((r) => r.findings).filter((f) => SEVERITIES.indexOf(f.severity) <= threshold)
  const errors = result.results.filter((r) => r.status === 'error')
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  else {
    const count = (status: ScenarioResult['status']) => result.results.filter((r) => r.status === status).length
    process.stdout.write(
      `\n${result.integration}: ${count('passed')} passed, ${count('failed')} failed, ${count('error')} errors, ${count('skipped')} skipped in ${(result.durationMs / 1000).toFixed(1)} s\n`,
    )
  }
  if (errors.length > 0) return 2
  return failing.length > 0 ? 1 : 0
}

import { parseArgs } from 'node:util'
import { MERCHANT_FAULTS, type MerchantFault } from '../examples/reference-merchant/faults.ts'
import { startBundledTarget } from '../examples/reference-merchant/bundled.ts'
import { createHttpDriver } from '../suites/http-driver.ts'
import { buildReport, findingsAtOrAbove, scenarioLabel, type Coverage } from '../reports/model.ts'
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../reports/write.ts'
import type { ConformanceRun, ScenarioResult } from '../suites/findings.ts'
import { SEVERITIES, type Severity } from '../suites/rules.ts'
import { runConformance } from '../suites/run.ts'
import { parseShard, type Shard } from '../suites/shard.ts'
import { SCENARIOS } from '../suites/scenarios/index.ts'
import { argsUsageError, urlOption, UsageError } from './usage.ts'
import { startDeclarativeTarget } from './driver-file.ts'
import { PACKAGE_VERSION } from './version.ts'

export const RUN_HELP = `tokenproof run — run the conformance suites against an integration

Usage: tokenproof run [--driver <url> --mock <url>] [--providers a,b] [--scenarios s1,s2] [--out reports/out] [--fail-on minor] [--shard i/n]
       tokenproof run --driver-file app.driver.json [--mock <url>] [options] -- <app's command…>

  --driver      the integration's driver protocol base URL (docs/driver-protocol.md);
                default: the bundled reference merchant, with its own mock
  --driver-file a JSON file mapping each driver operation onto your app's own HTTP endpoints
                (docs/declarative-driver.md): no driver to write. The app's command goes after --;
                it is started with its provider traffic sent to the mock (as under tokenproof wrap)
                and restarted before every scenario (the reset)
  --mock        the Tokenproof mock the integration is configured against (required with --driver;
                with --driver-file, default: a mock of the file's provider started for the run)
  --providers   only these providers (default: every provider the integration offers)
  --scenarios   only these scenarios (${SCENARIOS.map((s) => s.id).join(', ')})
  --fault       bundled reference merchant only: make it commit this mistake (${MERCHANT_FAULTS.join(', ')})
  --out         folder for report.json, junit.xml, summary.md and index.html (default reports/out)
  --formats     which of json, junit, markdown, html to write (default all)
  --fail-on     the lowest severity that fails the run: critical, major or minor (default minor)
  --shard       i/n: run only this CI job's share of the providers × scenarios (deterministic);
                join the shards' --out folders with tokenproof report merge
  --answer-budget-ms  how long a checkout may wait on a provider that does not answer before the
                run calls it a hang (TP-RETRY-004; default 25000)
  --json        print the report (report.json) to stdout instead of progress lines

Progress: a live line on a terminal; one plain line per scenario in CI (CI set) or when piped.
Exit codes: 0 conformant, 1 findings at or above --fail-on (or a scenario the integration broke), 2 usage or setup error.
`

/** A comma-separated option as its items. */
export const list = (value: string | undefined): string[] | undefined => value?.split(',').map((v) => v.trim()).filter(Boolean)

function line(result: ScenarioResult): string {
  const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip', error: 'ERR ' }[result.status]
  const head = `${mark} ${result.provider.padEnd(10)} ${scenarioLabel(result).padEnd(50)} ${Math.round(result.durationMs)} ms`
  const detail = [result.reason ? `      ${result.reason}` : '', ...result.findings.map((f) => `      ${f.ruleId} ${f.severity}: ${f.message}`)].filter(Boolean)
  return [head, ...detail].join('\n')
}

export async function run(argv: readonly string[]): Promise<number> {
  // The app's command (with --driver-file) is everything after --.
  const split = argv.indexOf('--')
  const command = split === -1 ? [] : argv.slice(split + 1)
  let values
  try {
    ;({ values } = parseArgs({
      args: split === -1 ? [...argv] : argv.slice(0, split),
      options: {
        driver: { type: 'string' },
        'driver-file': { type: 'string' },
        mock: { type: 'string' },
        providers: { type: 'string' },
        scenarios: { type: 'string' },
        fault: { type: 'string' },
        'fail-on': { type: 'string', default: 'minor' },
        out: { type: 'string', default: 'reports/out' },
        formats: { type: 'string' },
        shard: { type: 'string' },
        'answer-budget-ms': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    throw argsUsageError('run', error)
  }
  if (values.help) {
    process.stdout.write(RUN_HELP)
    return 0
  }
  const failOn = values['fail-on'] as Severity
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`)
  const driverFile = values['driver-file']
  if (driverFile !== undefined && values.driver !== undefined) throw new UsageError('--driver and --driver-file exclude each other: --driver for an integration that serves the driver protocol, --driver-file to map your app\'s own endpoints')
  if (driverFile !== undefined && values.fault !== undefined) throw new UsageError('--fault applies to the bundled reference merchant only')
  if (driverFile === undefined && split !== -1) throw new UsageError('a command after -- goes with --driver-file (the app it starts); run tokenproof run --help for the options')
  if (driverFile !== undefined && command.length === 0) throw new UsageError("--driver-file needs the app's command after --, e.g. tokenproof run --driver-file app.driver.json -- node app.js")
  if (driverFile === undefined && (values.driver === undefined) !== (values.mock === undefined)) throw new UsageError('--driver and --mock go together: give both (your integration\'s driver and the mock it calls), or neither for the bundled reference merchant')
  if (values.mock !== undefined) values.mock = urlOption('--mock', values.mock)
  if (values.fault !== undefined && !(MERCHANT_FAULTS as readonly string[]).includes(values.fault)) throw new UsageError(`--fault: unknown fault ${values.fault}; known: ${MERCHANT_FAULTS.join(', ')}`)
  if (values.fault !== undefined && values.driver !== undefined) throw new UsageError('--fault applies to the bundled reference merchant only')
  const scenarios = list(values.scenarios)
  const unknown = scenarios?.filter((s) => !SCENARIOS.some((known) => known.id === s)) ?? []
  if (unknown.length > 0) throw new UsageError(`--scenarios: unknown scenario(s) ${unknown.join(', ')}; run tokenproof run --help for the list`)
  const budget = values['answer-budget-ms'] === undefined ? undefined : Number(values['answer-budget-ms'])
  if (budget !== undefined && !(Number.isInteger(budget) && budget >= 100 && budget <= 600_000)) throw new UsageError('--answer-budget-ms must be a whole number of milliseconds from 100 to 600000')
  const providers = list(values.providers)
  let shard: Shard | undefined
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard)
  } catch (error) {
    throw new UsageError(`--shard: ${error instanceof Error ? error.message : String(error)} (e.g. --shard 1/3)`)
  }
  const formats = (list(values.formats) ?? REPORT_FORMATS) as ReportFormat[]
  const badFormats = formats.filter((f) => !REPORT_FORMATS.includes(f))
  if (badFormats.length > 0) throw new UsageError(`--formats: unknown format(s) ${badFormats.join(', ')}; known: ${REPORT_FORMATS.join(', ')}`)

  const bundled =
    driverFile !== undefined
      ? await startDeclarativeTarget({ file: driverFile, command, ...(values.mock !== undefined ? { mockUrl: values.mock } : {}) })
      : values.driver === undefined
        ? await startBundledTarget({ ...(values.fault ? { faults: new Set([values.fault as MerchantFault]) } : {}) })
        : undefined
  const target = bundled ?? { driver: createHttpDriver({ url: values.driver ?? '' }), mockUrl: values.mock ?? '' }
  const progress = values.json ? undefined : progressPrinter(SCENARIOS.length)
  let result: ConformanceRun
  try {
    result = await runConformance(target, {
      ...(providers ? { providers } : {}),
      ...(scenarios ? { scenarios } : {}),
      ...(shard ? { shard } : {}),
      ...(progress ? { onResult: progress } : {}),
      ...(budget !== undefined ? { answerBudgetMs: budget } : {}),
    })
  } finally {
    await bundled?.close()
  }
  const report = buildReport(result, PACKAGE_VERSION)
  const written = await writeReports(report, values.out, formats)
  const failing = findingsAtOrAbove(report, failOn)
  const errors = result.results.filter((r) => r.status === 'error')
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  else {
    const { passed, failed, error, skipped } = report.summary.scenarios
    process.stdout.write(
      `\n${result.integration}: ${passed} passed, ${failed} failed, ${error} errors, ${skipped} skipped in ${(result.durationMs / 1000).toFixed(1)} s; score ${Math.round(report.summary.score * 100)} % of what ran; ${coverageLine(report.summary.coverage)}${report.summary.coverage.warning !== undefined ? `\nwarning: ${report.summary.coverage.warning}` : ''}\nreports: ${written.join(', ')}\n`,
    )
  }
  return failing.length > 0 || errors.length > 0 ? 1 : 0
}

/**
 * How much of the catalogue ran, next to the score: a run whose scenarios were mostly skipped (an app
 * that offers few flows) must not read as a clean 100 %.
 */
export function coverageLine(coverage: Coverage): string {
  const { checks, rules, runs } = coverage
  return `coverage ${Math.round(coverage.ratio * 100)} % of the catalogue (${checks.exercised}/${checks.catalogue} checks of rule × provider × flow, ${rules.exercised}/${rules.total} rules; ${runs.judged} scenario runs judged, ${runs.leftOut} left out)`
}

/** A live line on a terminal, plain lines otherwise (CI logs keep every line). */
function progressPrinter(perProvider: number): (result: ScenarioResult) => void {
  const live = process.stdout.isTTY && !process.env.CI
  let done = 0
  return (result) => {
    done += 1
    if (!live) return void process.stdout.write(`${line(result)}\n`)
    process.stdout.write('\r\u001b[2K')
    if (result.status === 'failed' || result.status === 'error') process.stdout.write(`${line(result)}\n`)
    process.stdout.write(`${done} scenario runs (${perProvider} scenarios per provider) — last: ${result.provider} ${scenarioLabel(result)} ${result.status}`)
  }
}

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { mergeReports, MergeError } from '../reports/merge.ts'
import { ConformanceReport, findingsAtOrAbove } from '../reports/model.ts'
import { REPORT_FILES, REPORT_FORMATS, writeReports, type ReportFormat } from '../reports/write.ts'
import { SEVERITIES, type Severity } from '../suites/rules.ts'
import { list } from './run.ts'
import { argsUsageError, UsageError } from './usage.ts'

export const REPORT_HELP = `tokenproof report — work with written conformance reports

Usage: tokenproof report merge <dir ...> [--out reports/out] [--formats json,junit,markdown,html] [--fail-on minor]

  merge     joins the report.json of each shard of a run (tokenproof run --shard i/n) into one
            report, written in the four formats as tokenproof run writes them

Exit codes: 0 conformant, 1 findings at or above --fail-on (or a scenario that errored), 2 usage error
(a folder without report.json, reports of different integrations, a shard given twice).
`

export async function report(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(REPORT_HELP)
    return sub === undefined ? 2 : 0
  }
  if (sub !== 'merge') throw new UsageError(`unknown report command "${sub}"; use merge`)
  let parsed
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      options: { out: { type: 'string', default: 'reports/out' }, formats: { type: 'string' }, 'fail-on': { type: 'string', default: 'minor' } },
      strict: true,
    })
  } catch (error) {
    throw argsUsageError('report merge', error)
  }
  const { values, positionals } = parsed
  if (positionals.length === 0) throw new UsageError('report merge needs the shards\' report folders: tokenproof report merge shard-1 shard-2 shard-3')
  const failOn = values['fail-on'] as Severity
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`)
  const formats = (list(values.formats) ?? REPORT_FORMATS) as ReportFormat[]
  const badFormats = formats.filter((f) => !REPORT_FORMATS.includes(f))
  if (badFormats.length > 0) throw new UsageError(`unknown format(s) ${badFormats.join(', ')}; known: ${REPORT_FORMATS.join(', ')}`)

  const reports = await Promise.all(positionals.map((dir) => readReport(join(dir, REPORT_FILES.json))))
  let merged
  try {
    merged = mergeReports(reports)
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(`report merge: ${error.message}`)
    throw error
  }
  const written = await writeReports(merged, values.out, formats)
  const { passed, failed, error, skipped } = merged.summary.scenarios
  process.stdout.write(`${merged.integration}: ${passed} passed, ${failed} failed, ${error} errors, ${skipped} skipped (${reports.length} shards); score ${Math.round(merged.summary.score * 100)} %\nreports: ${written.join(', ')}\n`)
  return findingsAtOrAbove(merged, failOn).length > 0 || error > 0 ? 1 : 0
}

async function readReport(file: string): Promise<ConformanceReport> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`report merge: ${file} cannot be read (give the folders tokenproof run --out wrote)`)
  })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new UsageError(`report merge: ${file} is not JSON`)
  }
  const parsed = ConformanceReport.safeParse(json)
  if (!parsed.success) throw new UsageError(`report merge: ${file} is not a Tokenproof report of this version: ${parsed.error.issues[0]?.message ?? ''}`)
  return parsed.data
}

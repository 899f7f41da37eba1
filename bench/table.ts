/** Pure helpers of the bench: percentiles, the targets as checks against references, the table. */

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

/** One target of a row: what it asks, what was measured against it, whether it holds. */
export interface Check {
  readonly target: string
  readonly actual: string
  readonly ok: boolean
}

export interface BenchRow {
  readonly scenario: string
  /** `reference` rows are what targets are measured against, held to none themselves. */
  readonly kind: 'target' | 'reference'
  readonly rps?: number | undefined
  readonly p50Ms?: number | undefined
  readonly p99Ms?: number | undefined
  /** Transport errors, timeouts, non-2xx answers and wrong bodies: any of them fails the row. */
  readonly faults: number
  readonly checks: readonly Check[]
}

/** null for a reference row; otherwise every check holds and nothing went wrong. */
export const passOf = (row: BenchRow): boolean | null => (row.kind === 'reference' ? null : row.faults === 0 && row.checks.every((c) => c.ok))

export const formatPercent = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`
const formatMs = (ms: number | undefined): string => (ms !== undefined && Number.isFinite(ms) ? ms.toFixed(2) : '–')
const formatTimes = (ratio: number): string => `${ratio.toFixed(1)}×`

/** rps ≥ `min` of a reference's rps. */
export const shareOf = (rps: number, reference: { readonly name: string; readonly rps: number }, min: number): Check => {
  const ratio = reference.rps > 0 ? rps / reference.rps : Number.NaN
  return { target: `≥ ${Math.round(min * 100)} % of ${reference.name}`, actual: `${formatPercent(ratio)} of ${reference.name}`, ok: ratio >= min }
}

/** rps ≥ `min` times a reference's rps. */
export const timesOf = (rps: number, reference: { readonly name: string; readonly rps: number }, min: number): Check => {
  const ratio = reference.rps > 0 ? rps / reference.rps : Number.POSITIVE_INFINITY
  return { target: `≥ ${min}× ${reference.name}`, actual: `${formatTimes(ratio)} ${reference.name}`, ok: ratio >= min }
}

/** p99 ≤ `factor` times a reference's p99. */
export const p99Within = (p99Ms: number, reference: { readonly name: string; readonly p99Ms: number }, factor: number): Check => {
  const ratio = p99Ms / reference.p99Ms
  return { target: `p99 ≤ ${factor}× ${reference.name}'s`, actual: `p99 ${formatTimes(ratio)}`, ok: ratio <= factor }
}

export const p99AtMost = (p99Ms: number, maxMs: number): Check => ({ target: `p99 ≤ ${maxMs} ms`, actual: `p99 ${formatMs(p99Ms)} ms`, ok: p99Ms <= maxMs })

export const rpsAtLeast = (rps: number, min: number): Check => ({ target: `≥ ${min.toLocaleString('en-US')} req/s`, actual: `${Math.round(rps).toLocaleString('en-US')} req/s`, ok: rps >= min })

export const msAtMost = (what: string, ms: number, maxMs: number): Check => ({ target: `${what} ≤ ${maxMs} ms`, actual: `${formatMs(ms)} ms`, ok: ms <= maxMs })

/** The plain text table: one row per scenario, references marked, each target row with its verdict. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['scenario', 'rps', 'p50 ms', 'p99 ms', 'measured against references', 'target', 'pass/fail']
  const body = rows.map((r) => {
    const pass = passOf(r)
    const failed = r.checks.filter((c) => !c.ok).map((c) => c.target)
    if (r.faults > 0) failed.push(`${r.faults} faults`)
    return [
      r.scenario,
      r.rps === undefined ? '–' : r.rps.toFixed(0),
      formatMs(r.p50Ms),
      formatMs(r.p99Ms),
      r.checks.map((c) => c.actual).join('; ') || '–',
      r.checks.map((c) => c.target).join('; ') || '–',
      pass === null ? '(reference)' : pass ? 'PASS' : `FAIL (${failed.join('; ')})`,
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)))
  // Text columns left-aligned, numeric ones right-aligned.
  const numeric = new Set([1, 2, 3])
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join(' | ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n')
}

/** The same table as markdown, for docs/performance.md and an issue's closing note. */
export function formatMarkdown(rows: readonly BenchRow[]): string {
  const lines = ['| scenario | rps | p50 ms | p99 ms | measured against references | target | pass/fail |', '|---|---:|---:|---:|---|---|---|']
  for (const r of rows) {
    const pass = passOf(r)
    lines.push(
      `| ${r.scenario} | ${r.rps === undefined ? '–' : r.rps.toFixed(0)} | ${formatMs(r.p50Ms)} | ${formatMs(r.p99Ms)} | ${r.checks.map((c) => c.actual).join('; ') || '–'} | ${r.checks.map((c) => c.target).join('; ') || '–'} | ${pass === null ? '(reference)' : pass ? 'PASS' : 'FAIL'} |`,
    )
  }
  return lines.join('\n')
}

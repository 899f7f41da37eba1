/** Pure helpers of the bench: percentiles, the ratio to the signing ceiling, pass/fail, the table. */

export interface Targets {
  /** Lowest acceptable mock rps as a fraction of the signing ceiling. */
  readonly minRatio: number
  readonly maxP99Ms: number
}

export const DEFAULT_TARGETS: Targets = { minRatio: 0.7, maxP99Ms: 10 }

export interface ScenarioMeasure {
  readonly scenario: string
  /** `reference` rows are shown for comparison and held to no target. */
  readonly kind?: 'target' | 'reference'
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** Transport errors, timeouts, non-2xx answers and non-S bodies: any of them fails the scenario. */
  readonly faults: number
}

export interface ScenarioRow extends ScenarioMeasure {
  readonly ratio: number
  /** null for reference rows. */
  readonly pass: boolean | null
  /** Why it failed: `ratio`, `p99`, `faults`. */
  readonly reasons: readonly string[]
}

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

/** Mock rps over the baseline's signatures per second (the single-thread signing ceiling). */
export function ratioToCeiling(rps: number, signsPerSecond: number): number {
  if (!(signsPerSecond > 0)) throw new RangeError(`the signing baseline must be positive, got ${signsPerSecond}`)
  return rps / signsPerSecond
}

export function evaluate(measure: ScenarioMeasure, signsPerSecond: number, targets: Targets = DEFAULT_TARGETS): ScenarioRow {
  const ratio = ratioToCeiling(measure.rps, signsPerSecond)
  if (measure.kind === 'reference') return { ...measure, ratio, pass: null, reasons: [] }
  const reasons: string[] = []
  if (ratio < targets.minRatio) reasons.push('ratio')
  if (!(measure.p99Ms <= targets.maxP99Ms)) reasons.push('p99')
  if (measure.faults > 0) reasons.push('faults')
  return { ...measure, ratio, pass: reasons.length === 0, reasons }
}

export const formatPercent = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`

const formatMs = (ms: number): string => (Number.isFinite(ms) ? ms.toFixed(2) : '–')

export const targetLabel = (targets: Targets): string => `≥ ${Math.round(targets.minRatio * 100)} %, p99 ≤ ${targets.maxP99Ms} ms`

/** The plain text table: a header, a rule, the baseline row, then one row per scenario. */
export function formatTable(baseline: { readonly signsPerSecond: number }, rows: readonly ScenarioRow[], targets: Targets = DEFAULT_TARGETS): string {
  const header = ['scenario', 'rps', 'p50 ms', 'p99 ms', 'ratio to signing ceiling', 'target', 'pass/fail']
  const body: string[][] = [
    ['baseline: RSA-2048 sign loop (signs/s)', baseline.signsPerSecond.toFixed(0), '–', '–', formatPercent(1), 'ceiling', '–'],
    ...rows.map((r) => [
      r.scenario,
      r.rps.toFixed(0),
      formatMs(r.p50Ms),
      formatMs(r.p99Ms),
      formatPercent(r.ratio),
      r.pass === null ? '–' : targetLabel(targets),
      r.pass === null ? '(reference)' : r.pass ? 'PASS' : `FAIL (${r.reasons.join(', ')})`,
    ]),
  ]
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)))
  // Text columns left-aligned, numeric ones right-aligned.
  const numeric = new Set([1, 2, 3, 4])
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join(' | ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n')
}

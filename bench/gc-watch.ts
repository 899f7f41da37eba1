/**
 * The young-generation collections (scavenges) of this thread while a run lasts: how many, how long,
 * and what share of the run they took. The JSON rows' p99 is mostly calls that waited out one
 * (docs/performance.md, "Where the remaining cost is"); the bench logs these beside each row.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks'
import { percentile } from './table.ts'

export interface Scavenges {
  readonly count: number
  readonly medianMs: number
  readonly maxMs: number
  /** Time in scavenges over the run's wall time. */
  readonly share: number
}

// A `gc` entry's detail says which collection it was (`kind`); the types leave `detail` off the base entry.
const kindOf = (entry: PerformanceEntry): number | undefined => (entry as PerformanceEntry & { detail?: { kind?: number } | null }).detail?.kind

export async function withScavenges<T>(run: () => Promise<T>): Promise<{ value: T; scavenges: Scavenges }> {
  const pauses: number[] = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (kindOf(entry) === constants.NODE_PERFORMANCE_GC_MINOR) pauses.push(entry.duration)
  })
  observer.observe({ entryTypes: ['gc'] })
  const started = performance.now()
  try {
    const value = await run()
    // Entries reach the observer in a later task than the collection: let the last ones in.
    await new Promise((resolve) => setTimeout(resolve, 0))
    const wall = performance.now() - started
    const total = pauses.reduce((sum, ms) => sum + ms, 0)
    return { value, scavenges: { count: pauses.length, medianMs: percentile(pauses, 50), maxMs: percentile(pauses, 100), share: wall > 0 ? total / wall : 0 } }
  } finally {
    observer.disconnect()
  }
}

export const describeScavenges = (s: Scavenges): string =>
  s.count === 0 ? 'no young-generation collections' : `${s.count} young-generation collections, median ${s.medianMs.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms, ${(s.share * 100).toFixed(1)} % of the run`

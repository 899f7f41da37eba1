import { describe, expect, it } from 'vitest'
import { DEFAULT_TARGETS, evaluate, formatPercent, formatTable, percentile, ratioToCeiling, targetLabel } from './table.ts'

describe('percentile', () => {
  it('takes the nearest rank of unsorted values', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
    expect(percentile(values, 50)).toBe(5)
    expect(percentile(values, 90)).toBe(9)
    expect(percentile(values, 99)).toBe(10)
    expect(percentile(values, 100)).toBe(10)
    expect(percentile(values, 0)).toBe(1)
  })

  it('is NaN without values and does not reorder its input', () => {
    expect(percentile([], 50)).toBeNaN()
    const values = [3, 1, 2]
    percentile(values, 50)
    expect(values).toEqual([3, 1, 2])
  })
})

describe('ratioToCeiling', () => {
  it('divides mock rps by the baseline signatures per second', () => {
    expect(ratioToCeiling(2100, 3000)).toBeCloseTo(0.7, 10)
    expect(ratioToCeiling(0, 3000)).toBe(0)
  })

  it('refuses a zero or missing baseline', () => {
    expect(() => ratioToCeiling(100, 0)).toThrow(RangeError)
    expect(() => ratioToCeiling(100, Number.NaN)).toThrow(RangeError)
  })
})

describe('evaluate', () => {
  const base = { scenario: 's', rps: 2100, p50Ms: 3, p99Ms: 10, faults: 0 }

  it('passes at exactly the targets (≥ 70 %, p99 ≤ 10 ms)', () => {
    const row = evaluate(base, 3000)
    expect(row.pass).toBe(true)
    expect(row.reasons).toEqual([])
    expect(row.ratio).toBeCloseTo(0.7, 10)
  })

  it('names every missed target, and fails on faults or a missing p99', () => {
    expect(evaluate({ ...base, rps: 2099 }, 3000).reasons).toEqual(['ratio'])
    expect(evaluate({ ...base, p99Ms: 10.01 }, 3000).reasons).toEqual(['p99'])
    expect(evaluate({ ...base, rps: 600, p99Ms: 30, faults: 2 }, 3000).reasons).toEqual(['ratio', 'p99', 'faults'])
    expect(evaluate({ ...base, p99Ms: Number.NaN }, 3000).reasons).toEqual(['p99'])
  })

  it('holds reference rows to no target', () => {
    const row = evaluate({ ...base, kind: 'reference', rps: 10, p99Ms: 99, faults: 3 }, 3000)
    expect(row.pass).toBeNull()
    expect(row.reasons).toEqual([])
  })

  it('takes custom targets', () => {
    expect(evaluate({ ...base, rps: 1500, p99Ms: 20 }, 3000, { minRatio: 0.5, maxP99Ms: 25 }).pass).toBe(true)
  })
})

describe('formatTable', () => {
  it('prints the baseline row, then each scenario with its ratio, target and verdict', () => {
    const rows = [
      evaluate({ scenario: 'reference', kind: 'reference', rps: 2500.4, p50Ms: 3.456, p99Ms: 7.1, faults: 0 }, 3000),
      evaluate({ scenario: 'pay S2S', rps: 2400, p50Ms: 4, p99Ms: 9.999, faults: 0 }, 3000),
      evaluate({ scenario: 'pay reuse', rps: 705.5, p50Ms: 12.183, p99Ms: 28.5, faults: 0 }, 3000),
    ]
    expect(formatTable({ signsPerSecond: 3000.2 }, rows)).toBe(
      [
        'scenario                               |  rps | p50 ms | p99 ms | ratio to signing ceiling | target              | pass/fail',
        '---------------------------------------|------|--------|--------|--------------------------|---------------------|------------------',
        'baseline: RSA-2048 sign loop (signs/s) | 3000 |      – |      – |                  100.0 % | ceiling             | –',
        'reference                              | 2500 |   3.46 |   7.10 |                   83.3 % | –                   | (reference)',
        'pay S2S                                | 2400 |   4.00 |  10.00 |                   80.0 % | ≥ 70 %, p99 ≤ 10 ms | PASS',
        'pay reuse                              |  706 |  12.18 |  28.50 |                   23.5 % | ≥ 70 %, p99 ≤ 10 ms | FAIL (ratio, p99)',
      ].join('\n'),
    )
  })

  it('formats percentages and the target label', () => {
    expect(formatPercent(0.19981)).toBe('20.0 %')
    expect(formatPercent(1)).toBe('100.0 %')
    expect(targetLabel(DEFAULT_TARGETS)).toBe('≥ 70 %, p99 ≤ 10 ms')
  })
})

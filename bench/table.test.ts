import { describe, expect, it } from 'vitest'
import { formatMarkdown, formatTable, msAtMost, p99AtMost, p99Within, passOf, percentile, rpsAtLeast, shareOf, timesOf, type BenchRow } from './table.ts'

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

describe('checks against references', () => {
  const bare = { name: 'bare', rps: 10_000, p99Ms: 2 }

  it('holds at exactly the target and fails just below it', () => {
    expect(shareOf(4_000, bare, 0.4)).toEqual({ target: '≥ 40 % of bare', actual: '40.0 % of bare', ok: true })
    expect(shareOf(3_999, bare, 0.4).ok).toBe(false)
    expect(timesOf(150_000, bare, 15)).toEqual({ target: '≥ 15× bare', actual: '15.0× bare', ok: true })
    expect(timesOf(149_999, bare, 15).ok).toBe(false)
    expect(p99Within(3, bare, 1.5).ok).toBe(true)
    expect(p99Within(3.01, bare, 1.5).ok).toBe(false)
    expect(p99AtMost(5, 5).ok).toBe(true)
    expect(p99AtMost(Number.NaN, 5).ok).toBe(false)
    expect(rpsAtLeast(1_999, 2_000).ok).toBe(false)
    expect(msAtMost('first answer', 500, 500).ok).toBe(true)
  })

  it('fails a share of a reference that measured nothing', () => {
    expect(shareOf(100, { name: 'bare', rps: 0 }, 0.4).ok).toBe(false)
  })
})

describe('rows and tables', () => {
  const reference: BenchRow = { scenario: 'reference', kind: 'reference', rps: 10_000.4, p50Ms: 0.456, p99Ms: 2, faults: 0, checks: [] }
  const good: BenchRow = { scenario: 'mock', kind: 'target', rps: 5_000, p50Ms: 1, p99Ms: 3, faults: 0, checks: [shareOf(5_000, { name: 'bare', rps: 10_000 }, 0.4), p99AtMost(3, 5)] }
  const slow: BenchRow = { ...good, scenario: 'slow', checks: [shareOf(1_000, { name: 'bare', rps: 10_000 }, 0.4), p99AtMost(8, 5)] }

  it('passes a row whose checks all hold and that saw no faults', () => {
    expect(passOf(reference)).toBeNull()
    expect(passOf(good)).toBe(true)
    expect(passOf(slow)).toBe(false)
    expect(passOf({ ...good, faults: 1 })).toBe(false)
  })

  it('prints each row with what it was measured against, its target and verdict', () => {
    expect(formatTable([reference, good, slow]).split('\n')).toEqual([
      'scenario  |   rps | p50 ms | p99 ms | measured against references | target                     | pass/fail',
      '----------|-------|--------|--------|-----------------------------|----------------------------|----------------------------------',
      'reference | 10000 |   0.46 |   2.00 | –                           | –                          | (reference)',
      'mock      |  5000 |   1.00 |   3.00 | 50.0 % of bare; p99 3.00 ms | ≥ 40 % of bare; p99 ≤ 5 ms | PASS',
      'slow      |  5000 |   1.00 |   3.00 | 10.0 % of bare; p99 8.00 ms | ≥ 40 % of bare; p99 ≤ 5 ms | FAIL (≥ 40 % of bare; p99 ≤ 5 ms)',
    ])
    expect(formatMarkdown([reference, good]).split('\n')[3]).toBe('| mock | 5000 | 1.00 | 3.00 | 50.0 % of bare; p99 3.00 ms | ≥ 40 % of bare; p99 ≤ 5 ms | PASS |')
  })
})

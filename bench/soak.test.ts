/**
 * The soak's verdict and output: the judging on made-up tenths (each check failing just past its
 * bound), the retention it starts the server with, and a tiny soak against a real `tokenproof serve`
 * whose printed table and verdict have the documented shape. Nothing here depends on how fast the
 * machine is: the tiny soak's own verdict is not asserted, only that it was reached and printed.
 */
import { describe, expect, it, test } from 'vitest'
import { DEFAULT_RETENTION } from '../mocks/engine/retention.ts'
import { judge, retentionFlags, rssSettled, runSoak, soakOptionsOf, tableHeader, tableRow, type Counts, type Tenth, type WarmUp } from './soak.ts'

const PROVIDERS = ['antom', 'appotapay', 'pivot', 'adyen']
const LIMITS = { payments: 2000, tokens: 5000, exchanges: 1000, notifications: 2000 }
const FULL: Pick<WarmUp, 'full' | 'retained' | 'limits' | 'requests'> = { full: true, retained: LIMITS, limits: LIMITS, requests: 75_000 }

function counts(per: number, share4xx: Record<string, number> = {}, extra: Partial<Pick<Counts, 'status5xx' | 'errors'>> = {}): Counts {
  const byProvider = Object.fromEntries(PROVIDERS.map((p) => [p, { requests: per, status4xx: Math.round(per * (share4xx[p] ?? 0.3)) }]))
  const status4xx = Object.values(byProvider).reduce((sum, c) => sum + c.status4xx, 0)
  const requests = per * PROVIDERS.length
  const status5xx = extra.status5xx ?? 0
  const errors = extra.errors ?? 0
  return { requests, ok: requests - status4xx - status5xx - errors, status4xx, status5xx, errors, byProvider }
}

function tenth(i: number, overrides: Partial<Tenth> = {}): Tenth {
  return {
    done: 75_000 + (i + 1) * 10_000,
    seconds: (i + 1) * 20,
    rps: 500,
    loadAverage: 1.5,
    serverCpuMsPerRequest: 1.2,
    clientCpuMsPerRequest: 0.8,
    rssMb: 300,
    counts: counts(2500),
    heapTotalMb: 150,
    heapUsedMb: 100,
    liveMb: undefined,
    externalMb: 4,
    arrayBuffersMb: 1,
    clockTasks: 2500,
    retained: { payments: 2000, tokens: 5000, idempotencyKeys: 2000 },
    sideTableEntries: 9000,
    ...overrides,
  }
}

const steady = (): Tenth[] => Array.from({ length: 10 }, (_, i) => tenth(i))
const failed = (verdict: ReturnType<typeof judge>): string[] => verdict.checks.filter((c) => !c.ok).map((c) => c.name)

describe('judge', () => {
  it('passes a steady run, with every check named', () => {
    const verdict = judge(FULL, steady())
    expect(verdict.pass).toBe(true)
    expect(verdict.checks.map((c) => c.name)).toEqual(['store full before measuring', 'RSS flat', 'throughput steady', '4xx share steady', 'no 5xx', 'no transport errors or timeouts'])
  })

  it('holds RSS to ±10 % of the first measured tenth, at any tenth, up or down', () => {
    const within = steady().map((t, i) => (i === 4 ? { ...t, rssMb: 330 } : i === 6 ? { ...t, rssMb: 270 } : t))
    expect(failed(judge(FULL, within))).toEqual([])
    const grown = steady().map((t, i) => (i === 5 ? { ...t, rssMb: 331 } : t))
    expect(failed(judge(FULL, grown))).toEqual(['RSS flat'])
    const shrunk = steady().map((t, i) => (i === 9 ? { ...t, rssMb: 269 } : t))
    expect(failed(judge(FULL, shrunk))).toEqual(['RSS flat'])
    // Against the first measured tenth, not the warm-up: a first tenth far from the others moves the bound with it.
    const highStart = steady().map((t, i) => (i === 0 ? { ...t, rssMb: 400 } : t))
    expect(failed(judge(FULL, highStart))).toEqual(['RSS flat'])
  })

  it('holds the last tenth\'s throughput to ±10 % of the first\'s; tenths between do not count', () => {
    const dip = steady().map((t, i) => (i === 5 ? { ...t, rps: 100 } : i === 9 ? { ...t, rps: 451 } : t))
    expect(failed(judge(FULL, dip))).toEqual([])
    expect(failed(judge(FULL, steady().map((t, i) => (i === 9 ? { ...t, rps: 449 } : t))))).toEqual(['throughput steady'])
    expect(failed(judge(FULL, steady().map((t, i) => (i === 9 ? { ...t, rps: 551 } : t))))).toEqual(['throughput steady'])
  })

  it('fails a provider whose 4xx share rises (a credential that expired), not one that falls or wobbles by chance', () => {
    const expiring = steady().map((t, i) => (i === 9 ? { ...t, counts: counts(2500, { pivot: 0.36 }) } : t))
    const verdict = judge(FULL, expiring)
    expect(failed(verdict)).toEqual(['4xx share steady'])
    expect(verdict.checks.find((c) => c.name === '4xx share steady')?.actual).toContain('pivot 30.0 → 36.0 % RISING')
    expect(failed(judge(FULL, steady().map((t, i) => (i === 9 ? { ...t, counts: counts(2500, { pivot: 0.34 }) } : t))))).toEqual([])
    expect(failed(judge(FULL, steady().map((t, i) => (i === 9 ? { ...t, counts: counts(2500, { pivot: 0.1 }) } : t))))).toEqual([])
    // 50 requests a provider: 30 → 46 % is within chance.
    const small = steady().map((t, i) => ({ ...t, counts: counts(50, i === 9 ? { adyen: 0.46 } : {}) }))
    expect(failed(judge(FULL, small))).toEqual([])
  })

  it('fails on any 5xx or transport error', () => {
    expect(failed(judge(FULL, steady().map((t, i) => (i === 3 ? { ...t, counts: counts(2500, {}, { status5xx: 1 }) } : t))))).toEqual(['no 5xx'])
    expect(failed(judge(FULL, steady().map((t, i) => (i === 3 ? { ...t, counts: counts(2500, {}, { errors: 1 }) } : t))))).toEqual(['no transport errors or timeouts'])
  })

  it('fails when measuring started before the store was full, naming what was short', () => {
    const verdict = judge({ ...FULL, full: false, retained: { ...LIMITS, tokens: 3100 } }, steady())
    expect(failed(verdict)).toEqual(['store full before measuring'])
    expect(verdict.checks[0]?.actual).toContain('tokens 3100 of 5000')
  })

  it('fails a run with nothing measured', () => {
    expect(judge(FULL, []).pass).toBe(false)
  })
})

test('RSS has settled when the last five readings lie within 3 % of their highest, not while it still climbs or swings', () => {
  expect(rssSettled([346, 393, 414, 435, 430])).toBe(false)
  expect(rssSettled([414, 435, 430, 433, 441, 437])).toBe(true)
  expect(rssSettled([435, 430, 433])).toBe(false)
  expect(rssSettled([392, 435, 443, 467, 476, 475, 483])).toBe(false)
  expect(rssSettled([300, 301, 302, 303, 309.2])).toBe(true)
  expect(rssSettled([300, 301, 302, 303, 309.4])).toBe(false)
})

test('the server starts with the default limits scaled by --retention-scale (0.1 by default), a limit given outright kept as given', () => {
  const options = soakOptionsOf(['--requests', '100000'])
  expect(options).toMatchObject({ requests: 100_000, retentionScale: 0.1, warmupMax: 80_000, concurrency: 4 })
  expect(retentionFlags(options)).toEqual(['--retain-payments', '2000', '--retain-tokens', '5000', '--retain-exchanges', '1000', '--retain-notifications', '2000'])
  expect(retentionFlags(soakOptionsOf(['--requests', '1000', '--retention-scale', '1', '--retain-tokens', '700/2h']))).toEqual([
    '--retain-payments',
    String(DEFAULT_RETENTION.payments.maxCount),
    '--retain-tokens',
    '700/2h',
    '--retain-exchanges',
    String(DEFAULT_RETENTION.exchanges.maxCount),
    '--retain-notifications',
    String(DEFAULT_RETENTION.notifications.maxCount),
  ])
  expect(() => soakOptionsOf(['--requests', '100', '--warmup-max', '95'])).toThrow(/at least 10 requests/)
})

test('a row has a value under every column of the header, its RSS shown against the first tenth', () => {
  const columns = (line: string) => line.trim().split(/\s{1,}/)
  const header = tableHeader()
  const row = tableRow(tenth(1, { rssMb: 330 }), tenth(0))
  // Header names hold spaces ("elapsed s"): compare widths, which pad every value to its column.
  expect(row.length).toBe(header.length)
  expect(row).toContain('+10.0 %')
  expect(columns(row)[0]).toBe('95000')
})

test('a tiny soak against a real server: warm-up until the store is full, ten rows, the verdict', async () => {
  const lines: string[] = []
  // 0.002 of the defaults: 40 payments, 100 tokens, 20 exchanges, 40 notifications.
  const result = await runSoak({ requests: 3000, concurrency: 4, retentionScale: 0.002, retain: {}, warmupMax: 2400, gcProbe: false }, (line) => lines.push(line))
  expect(result.warmUp.full).toBe(true)
  expect(result.warmUp.limits).toEqual({ payments: 40, tokens: 100, exchanges: 20, notifications: 40 })
  expect(result.tenths).toHaveLength(10)
  // Every request is counted once, in the warm-up or in a tenth.
  expect(result.warmUp.requests + result.tenths.reduce((sum, t) => sum + t.counts.requests, 0)).toBe(3000)
  expect(result.tenths.at(-1)?.done).toBe(3000)
  // The server's own CPU per request, read from /proc (Linux only): measured, not a placeholder.
  if (process.platform === 'linux') for (const t of result.tenths) expect(t.serverCpuMsPerRequest).toBeGreaterThan(0)
  for (const t of result.tenths) expect(Object.values(t.counts.byProvider).reduce((sum, c) => sum + c.requests, 0)).toBe(t.counts.requests)
  // Nothing failed on the way, and what the server kept stayed within the limits it was given.
  expect(result.tenths.reduce((sum, t) => sum + t.counts.status5xx + t.counts.errors, 0)).toBe(0)
  expect(result.end.retained).toMatchObject({ payments: 40, tokens: 100, exchanges: 20, notifications: 40 })
  expect(result.end.retained.idempotencyKeys).toBeLessThanOrEqual(40)

  const header = lines.findIndex((l) => l === tableHeader())
  expect(header).toBeGreaterThan(0)
  expect(lines.slice(header + 1, header + 11).every((l) => l.length === tableHeader().length)).toBe(true)
  expect(lines.some((l) => /^warm-up \(not measured\): \d+ requests .*; store full: payments 40\/40 \(full at \d+\), tokens 100\/100/.test(l))).toBe(true)
  expect(lines.some((l) => l.startsWith('retention: --retain-payments 40 --retain-tokens 100 --retain-exchanges 20 --retain-notifications 40'))).toBe(true)
  for (const check of result.verdict.checks) expect(lines).toContain(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.actual} (target: ${check.target})`)
  expect(lines.some((l) => /^info: server CPU per request \S+ → \S+ ms/.test(l))).toBe(true)
  expect(lines.at(-1)).toMatch(result.verdict.pass ? /^PASS: / : /^FAIL: /)
}, 180_000)

/**
 * Nothing outlives the records retention evicts (issue 19): after a few hundred valid generated
 * requests per provider (pays, sessions, vaultings, challenges, pending payments, saved cards…) on a
 * mock with tiny retention limits, every task on the clock belongs to a record still kept (a
 * settlement, an expiry, a notification retry), and once every record has aged out there is no task
 * left and no entry in any provider side table (Antom challenges and return URLs, Adyen sessions and
 * payments, Pivot sessions and customers, AppotaPay charges…): nothing a long-lived server keeps
 * grows with its history. On the way, GET /__tokenproof/stats shows every count within its limit, and
 * every limit follows the retention policy (a table bounded by a constant of its own, like the
 * verified-token caches' 10,000 before, would keep that many on a server told to keep 4).
 *
 * The clock moves 30 s after each request: settlements and expiries run, Pivot access tokens expire
 * (the client logs in again) and AppotaPay JWTs are signed anew, so the verified-token caches and the
 * idempotency keys see a stream of fresh entries as they do over a long run.
 */
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { z } from 'zod'
import { operationCases, resourceCases } from '../generators/test-support/mock-cases.ts'
import { PROVIDERS } from '../generators/test-support/mock-properties.ts'
import { startMockServer } from './server.ts'
import { wireClients } from './test-support/wire-clients.ts'

const LIMITS = { payments: { maxCount: 4 }, tokens: { maxCount: 8 }, exchanges: { maxCount: 4 }, notifications: { maxCount: 4 } }
const DAY = 24 * 3600_000
// The most any one table may hold under LIMITS: two entries per record of the largest kind (a payment's two redirect keys).
const MOST_PER_TABLE = 2 * Math.max(...Object.values(LIMITS).map((l) => l.maxCount))

const Limit = z.object({ maxCount: z.number() })
const Stats = z.object({
  limits: z.object({ sideTables: z.record(z.string(), Limit) }).catchall(Limit),
  retained: z.record(z.string(), z.number()),
  sideTables: z.record(z.string(), z.number()),
})

/** Every count the server reports, against the limit it reports for it; returns the stats. */
async function expectWithinLimits(url: string): Promise<z.infer<typeof Stats>> {
  const stats = Stats.parse(await fetch(`${url}/__tokenproof/stats`).then((r) => r.json()))
  const { sideTables: tableLimits, ...limits } = stats.limits
  for (const [kind, count] of Object.entries(stats.retained)) {
    expect(limits[kind], `a limit for retained.${kind}`).toBeDefined()
    expect(count, `retained.${kind}`).toBeLessThanOrEqual(limits[kind]!.maxCount)
  }
  expect(Object.keys(tableLimits).sort()).toEqual(Object.keys(stats.sideTables).sort())
  for (const [name, size] of Object.entries(stats.sideTables)) {
    expect(size, name).toBeLessThanOrEqual(tableLimits[name]!.maxCount)
    expect(tableLimits[name]!.maxCount, `${name}'s limit follows the policy`).toBeLessThanOrEqual(MOST_PER_TABLE)
  }
  return stats
}

test.each(PROVIDERS)('%s: no clock task and no side-table entry outlives the records retention evicts', async (provider) => {
  // Real time as the mock sees it (ages are real time): moved forward past every age limit below.
  let skew = 0
  const server = await startMockServer({ port: 0, providers: [provider], retention: LIMITS, clockOptions: { mode: 'manual', wall: () => Date.now() + skew }, notifyUrls: { hosts: [] } })
  try {
    const { engine } = server.mock
    const client = wireClients[provider](server.url, server.mock)
    const cases = [
      ...operationCases(provider, client).map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid })),
      ...resourceCases(provider, client).map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid, pathParams: c.pathParams })),
    ]
    let created = 0
    let unauthorized = 0
    // Most entries each side table held at a reading: proof the run filled them, not only that they ended small.
    const peak: Record<string, number> = {}
    for (const [i, request] of fc.sample(fc.oneof(...cases), { numRuns: 400, seed: 20_261_206 }).entries()) {
      const answer = await client.send(request)
      if (answer.status < 300) created++
      if (answer.status === 401) unauthorized++
      await engine.clock.advance(30_000)
      if (i % 50 === 49) for (const [name, size] of Object.entries((await expectWithinLimits(server.url)).sideTables)) peak[name] = Math.max(peak[name] ?? 0, size)
    }
    // The requests made records (not only schema errors), far more than the limits keep.
    expect(created).toBeGreaterThan(40)
    // A valid credential stayed valid over the 200 minutes of the run (the Pivot client logs in again).
    expect(unauthorized).toBe(0)
    await engine.outbox.idle()
    await expectWithinLimits(server.url)
    // The verified-token caches filled to their bound (tokens kept coming) and held there.
    if (provider === 'pivot' || provider === 'appotapay') expect(peak[`${provider}.verifiedTokens`]).toBe(LIMITS.exchanges.maxCount)

    // By count: each task left belongs to a record kept or a side-table entry (a Pivot session open on
    // the buyer's page is one), at most one each, plus a notification's next attempt.
    const { store } = engine
    const sideTables = Object.values(engine.sideTableSizes()).reduce((sum, size) => sum + size, 0)
    const kept = store.payments.size + store.sessions.size + store.vaultings.size + store.tokens.size + engine.outbox.size + sideTables
    expect(store.payments.size).toBeLessThanOrEqual(LIMITS.payments.maxCount)
    expect(engine.clock.pending()).toBeLessThanOrEqual(kept)

    // By age: once everything is older than every limit, nothing at all is left.
    skew += 8 * DAY
    engine.evictExpired()
    expect({ payments: store.payments.size, sessions: store.sessions.size, vaultings: store.vaultings.size, tokens: store.tokens.size, notifications: engine.outbox.size, exchanges: engine.recorder.size }).toEqual({
      payments: 0,
      sessions: 0,
      vaultings: 0,
      tokens: 0,
      notifications: 0,
      exchanges: 0,
    })
    expect(engine.clock.pending()).toBe(0)
    expect(Object.entries(engine.sideTableSizes()).filter(([, size]) => size > 0)).toEqual([])
    expect({ idempotencyKeys: engine.idempotency.size, ...store.vaultSizes() }).toEqual({ idempotencyKeys: 0, cards: 0, cardIndex: 0 })
  } finally {
    await server.close()
  }
}, 120_000)

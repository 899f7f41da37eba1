/**
 * Nothing outlives the records retention evicts (issue 19): after a few hundred valid generated
 * requests per provider (pays, sessions, vaultings, challenges, pending payments, saved cards…) on a
 * mock with tiny retention limits, every task on the clock belongs to a record still kept (a
 * settlement, an expiry, a notification retry), and once every record has aged out there is no task
 * left and no entry in any provider side table (Antom challenges and return URLs, Adyen sessions and
 * payments, Pivot sessions and customers, AppotaPay charges…): nothing a long-lived server keeps
 * grows with its history.
 */
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { operationCases, resourceCases } from '../generators/test-support/mock-cases.ts'
import { PROVIDERS } from '../generators/test-support/mock-properties.ts'
import { startMockServer } from './server.ts'
import { wireClients } from './test-support/wire-clients.ts'

const LIMITS = { payments: { maxCount: 4 }, tokens: { maxCount: 8 }, exchanges: { maxCount: 4 }, notifications: { maxCount: 4 } }
const DAY = 24 * 3600_000

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
    for (const request of fc.sample(fc.oneof(...cases), { numRuns: 400, seed: 20_261_206 })) {
      const answer = await client.send(request)
      if (answer.status < 300) created++
    }
    // The requests made records (not only schema errors), far more than the limits keep.
    expect(created).toBeGreaterThan(40)
    await engine.outbox.idle()

    // By count: each task left belongs to a record kept or a side-table entry (a Pivot session open on
    // the buyer's page is one), at most one each, plus a notification's next attempt.
    const { store } = engine
    const sideTables = Object.values(engine.sideTableSizes()).reduce((sum, size) => sum + size, 0)
    const kept = store.payments.size + store.sessions.size + store.vaultings.size + store.tokens.size + engine.outbox.size + sideTables
    expect(store.payments.size).toBeLessThanOrEqual(LIMITS.payments.maxCount)
    expect(engine.clock.pending()).toBeLessThanOrEqual(kept)
    for (const [name, size] of Object.entries(engine.sideTableSizes())) expect(size, name).toBeLessThanOrEqual(LIMITS.tokens.maxCount)

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
  } finally {
    await server.close()
  }
}, 120_000)

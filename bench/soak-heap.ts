/**
 * The live heap behind the soak's RSS: a mock server in this process with small retention limits,
 * fresh generated requests across every provider, and after each round a forced full GC and the
 * heap in use with the size of every retained kind. RSS (bench/soak.ts) also counts what V8 has not
 * collected yet or keeps reserved; this shows what is actually kept.
 *
 *   node --expose-gc --import tsx bench/soak-heap.ts [--rounds 8] [--scale 1]
 */
import fc from 'fast-check'
import { contractRegistry, type ProviderId } from '../contracts/registry.ts'
import { operationCases, resourceCases } from '../generators/test-support/mock-cases.ts'
import { startMockServer } from '../mocks/server.ts'
import { wireClients } from '../mocks/test-support/wire-clients.ts'
import { numberArg } from './child-server.ts'

const ROUNDS = numberArg(process.argv.slice(2), 'rounds', 8)
// The same limits as the server's defaults with `--scale 20` (20,000 payments…); 1,000 payments by default.
const SCALE = numberArg(process.argv.slice(2), 'scale', 1)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc --import tsx bench/soak-heap.ts')

const server = await startMockServer({
  port: 0,
  clockOptions: { mode: 'system' },
  notifyUrls: { hosts: [] },
  retention: { payments: { maxCount: 1000 * SCALE }, tokens: { maxCount: 2500 * SCALE }, exchanges: { maxCount: 500 * SCALE }, notifications: { maxCount: 1000 * SCALE } },
})
const sources = (Object.keys(contractRegistry) as ProviderId[]).map((provider) => {
  const client = wireClients[provider](server.url, server.mock)
  const arbitrary = fc.oneof(
    ...operationCases(provider, client).map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid })),
    ...resourceCases(provider, client).map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid, pathParams: c.pathParams })),
  )
  return { client, arbitrary, seed: 1 }
})
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const source of sources) {
      const requests = fc.sample(source.arbitrary, { numRuns: 1000, seed: source.seed++ })
      for (let i = 0; i < requests.length; i += 16) await Promise.all(requests.slice(i, i + 16).map((r) => source.client.send(r).catch(() => undefined)))
    }
    await server.mock.engine.outbox.idle()
    gc()
    gc()
    const { store, outbox, recorder, clock, idempotency } = server.mock.engine
    const m = process.memoryUsage()
    const mb = (bytes: number): string => (bytes / 1048576).toFixed(0)
    const sideTables = Object.values(server.mock.engine.sideTableSizes()).reduce((sum, size) => sum + size, 0)
    console.log(
      `${round * 1000 * sources.length} requests: live heap ${mb(m.heapUsed)} MB of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB (arrayBuffers ${mb(m.arrayBuffers)}), RSS ${mb(m.rss)} MB; payments ${store.payments.size}, tokens ${store.tokens.size}, buyers ${store.buyers.size}, sessions ${store.sessions.size}, notifications ${outbox.size}, exchanges ${recorder.size}, idempotency keys ${idempotency.size}, vaulted cards ${store.vaultSizes().cards}, side-table entries ${sideTables}, clock tasks ${clock.pending()}`,
    )
  }
} finally {
  await server.close()
}

/**
 * The provider routes look records up through indexes, never by a scan that grows with the store:
 * with 20,000 records of the provider already stored, a few hundred valid generated requests (pays,
 * sessions, inquiries, saved cards, customers…) make the store's collections examine no record by
 * scan at all (`Collection.visited`, a structural count, not a timing).
 */
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { operationCases, resourceCases } from '../generators/test-support/mock-cases.ts'
import { overHttp, PROVIDERS } from '../generators/test-support/mock-properties.ts'
import type { MockCore } from './core.ts'
import { maskCard } from './engine/store.ts'

const FILLER = 20_000
const card = { number: '4111111111111111', expiryMonth: '12', expiryYear: '2030' }

function fill(mock: MockCore, provider: string): void {
  const { store } = mock.engine
  for (let i = 0; i < FILLER; i++) {
    store.payments.put({ id: `filler_pay_${i}`, provider, requestId: `filler_req_${i}`, merchantId: 'filler', status: 'succeeded', resultCode: 'SUCCESS', amount: { currency: 'USD', value: '1' }, tokenize: 'none', createdAt: 0, updatedAt: 0, flags: {} })
    store.sessions.put({ id: `filler_ses_${i}`, provider, kind: 'payment', status: 'open', merchantId: 'filler', requestId: `filler_req_${i}`, expiresAt: 0, createdAt: 0, savedTokenIds: [], tokenize: 'none' })
    store.saveToken({ id: `filler_tok_${i}`, provider, merchantId: 'filler', buyerRef: `filler_buyer_${i}`, card: maskCard(card), status: 'active', usage: 'multiple', uses: 0, createdAt: 0 }, card)
    store.buyer(provider, 'filler', `filler_buyer_${i}`, 0)
  }
}

const visited = (mock: MockCore): number => {
  const { store } = mock.engine
  return store.payments.visited + store.sessions.visited + store.vaultings.visited + store.tokens.visited + store.buyers.visited
}

test.each(PROVIDERS)('%s: no route scans the store, whatever its size', async (provider) => {
  const running = await overHttp.start(provider)
  try {
    fill(running.mock, provider)
    const cases = [
      ...operationCases(provider, running.client).map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid })),
      ...resourceCases(provider, running.client).map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid, pathParams: c.pathParams })),
    ]
    const requests = fc.sample(fc.oneof(...cases), { numRuns: 300, seed: 20_261_206 })
    const before = visited(running.mock)
    let created = 0
    for (const request of requests) {
      const answer = await running.client.send(request)
      if (answer.status < 300) created++
    }
    // The requests did reach the routes that look things up (not only schema errors).
    expect(created).toBeGreaterThan(30)
    expect(visited(running.mock) - before).toBe(0)
  } finally {
    await running.close()
  }
}, 120_000)

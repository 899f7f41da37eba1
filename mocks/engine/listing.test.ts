import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { mockControl } from '../../suites/mock-control.ts'
import { startMockServer, type MockServer } from '../server.ts'
import { MAX_PAGE_BYTES } from './listing.ts'
import { maskCard, type PaymentRecord } from './store.ts'

let server: MockServer
beforeAll(async () => {
  server = await startMockServer({ port: 0, clockOptions: { mode: 'manual' } })
})
afterAll(() => server.close())
beforeEach(() => server.mock.reset())

const card = maskCard({ number: '4111111111111111', expiryMonth: '12', expiryYear: '2030' })

function payment(i: number, provider = 'antom', merchantId = 'M1'): PaymentRecord {
  return { id: `pay_${i}`, provider, requestId: `req_${i}`, merchantId, status: 'succeeded', resultCode: 'SUCCESS', amount: { currency: 'EUR', value: '1' }, tokenize: 'none', createdAt: i, updatedAt: i, flags: {} }
}

async function get(path: string): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/__tokenproof${path}`)
  const text = await response.text()
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> }
}

test('a listing is paged: each page holds at most `limit`, `next` leads on, and the pages together list each record once in order', async () => {
  for (let i = 0; i < 2500; i++) server.mock.engine.store.payments.put(payment(i, i % 2 === 0 ? 'antom' : 'adyen'))
  const ids: string[] = []
  let path = '/state/payments?limit=1000'
  let pages = 0
  for (;;) {
    const { body } = await get(path)
    const listed = body.payments as PaymentRecord[]
    expect(listed.length).toBeLessThanOrEqual(1000)
    ids.push(...listed.map((p) => p.id))
    pages++
    if (body.next === null) break
    path = `/state/payments?limit=1000&since=${String(body.next)}`
  }
  expect(pages).toBe(3)
  expect(ids).toEqual(Array.from({ length: 2500 }, (_, i) => `pay_${i}`))
  // Filters: provider and merchant; the default page is bounded too.
  const antom = await get('/state/payments?provider=antom&limit=10')
  expect((antom.body.payments as PaymentRecord[]).map((p) => p.id)).toEqual(Array.from({ length: 10 }, (_, i) => `pay_${2 * i}`))
  expect((await get('/state/payments?merchant=nobody')).body).toEqual({ payments: [], next: null })
  const whole = await get('/state')
  expect((whole.body.payments as unknown[]).length).toBe(1000)
  expect(whole.body.next).toMatchObject({ payments: expect.any(Number), tokens: null })
  expect(whole.body.clock).toMatchObject({ now: expect.any(Number) })
})

test('old callers still read everything: the suites\' mock client pages through a store larger than a page', async () => {
  for (let i = 0; i < 2300; i++) {
    server.mock.engine.store.tokens.put({ id: `tok_${i}`, provider: 'adyen', merchantId: 'M', buyerRef: `s${i}`, card, status: 'active', usage: 'multiple', uses: 0, createdAt: i })
  }
  const state = await mockControl(server.url).state()
  expect(state.tokens).toHaveLength(2300)
  expect(new Set(state.tokens.map((t) => t.id)).size).toBe(2300)
})

test('a huge recording never makes one huge answer: a page stops near MAX_PAGE_BYTES with a cursor', async () => {
  const big = JSON.stringify({ note: 'x'.repeat(60_000) })
  for (let i = 0; i < 200; i++) {
    server.mock.engine.recorder.record({ direction: 'inbound', provider: 'antom', operation: 'pay', startedAt: i, durationMs: 1, request: { method: 'POST', url: 'http://x/pay', headers: {}, body: big }, response: { status: 200, headers: {}, body: big } })
  }
  const first = await get('/exchanges')
  expect(first.text.length).toBeLessThan(MAX_PAGE_BYTES + 200_000)
  const listed = first.body.exchanges as Array<{ id: number }>
  expect(listed.length).toBeLessThan(200)
  expect(first.body.next).toBe(listed.at(-1)?.id)
  // `sinceId`, the older name of the cursor, goes on from there.
  const second = await get(`/exchanges?sinceId=${String(first.body.next)}`)
  expect((second.body.exchanges as Array<{ id: number }>)[0]?.id).toBe((listed.at(-1)?.id ?? 0) + 1)
})

test('a record that cannot be serialised is listed as a placeholder; the listing still answers', async () => {
  server.mock.engine.store.payments.put(payment(1))
  server.mock.engine.store.payments.put({ ...payment(2), flags: { huge: 10n } as unknown as PaymentRecord['flags'] })
  server.mock.engine.store.payments.put(payment(3))
  const { status, body } = await get('/state/payments')
  expect(status).toBe(200)
  expect(body.payments).toEqual([expect.objectContaining({ id: 'pay_1' }), expect.objectContaining({ unlistable: true }), expect.objectContaining({ id: 'pay_3' })])
})

test('a bad cursor or limit is a 400 naming the field, and an unknown state listing a 404', async () => {
  for (const query of ['/exchanges?limit=0', '/exchanges?limit=5000', '/notifications?since=-1', '/state?limit=x']) {
    const { status, body } = await get(query)
    expect(status, query).toBe(400)
    expect(body).toMatchObject({ error: 'invalid query' })
  }
  expect((await get('/state/everything')).status).toBe(404)
})

test('notifications page the same way, filtered by provider', async () => {
  for (let i = 0; i < 30; i++) {
    server.mock.engine.outbox.enqueue({ provider: i < 10 ? 'antom' : 'adyen', kind: 'k', subject: `s${i}`, url: undefined, body: '{}', schedule: { delaysMs: [0], attemptTimeoutMs: 10, source: 'test' }, sign: () => ({}), isAcknowledged: () => true })
  }
  const page = await get('/notifications?provider=adyen&limit=15')
  expect((page.body.notifications as unknown[]).length).toBe(15)
  const rest = await get(`/notifications?provider=adyen&since=${String(page.body.next)}`)
  expect(rest.body).toMatchObject({ next: null })
  expect((rest.body.notifications as unknown[]).length).toBe(5)
})

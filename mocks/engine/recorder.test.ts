import { expect, test } from 'vitest'
import { Recorder, type KeptExchange, type RawExchange, type RecordedExchange } from './recorder.ts'

const VISA = '4111111111111111'

/** Records and reads back: the masked form every reader gets. */
function recordRead(recorder: Recorder, raw: RawExchange): RecordedExchange {
  const read = recorder.get(recorder.record(raw))
  if (!read) throw new Error('not kept')
  return read
}

const exchange = (overrides: Partial<RawExchange> = {}): RawExchange => ({
  direction: 'inbound',
  provider: 'acme',
  operation: 'pay',
  startedAt: 1_000,
  durationMs: 3,
  request: { method: 'POST', url: 'http://127.0.0.1/ams/api/v1/payments/pay', headers: {}, body: '{}' },
  response: { status: 200, headers: {}, body: '{}' },
  ...overrides,
})

test('every read of a record is masked: card number masked, CVV removed, authorization redacted', () => {
  const recorder = new Recorder()
  const request = { cardNo: VISA, cvv: '123', card: { number: `${VISA.slice(0, 4)} ${VISA.slice(4, 8)} ${VISA.slice(8, 12)} ${VISA.slice(12)}`, securityCode: '999' } }
  const raw = exchange({
    request: {
      method: 'POST',
      url: `http://127.0.0.1/pay?cardNo=${VISA}&cvv=123`,
      headers: new Headers({ Authorization: 'Bearer secret-token', 'Content-Type': 'application/json' }),
      body: JSON.stringify(request),
    },
    response: { status: 200, headers: { 'X-Api-Key': 'k' }, body: JSON.stringify({ card: { masked: '411111******1111' }, echo: VISA }) },
  })
  const recorded = recordRead(recorder, raw)
  const stored = JSON.stringify(recorder.list())
  expect(stored).not.toContain(VISA)
  expect(stored).not.toContain('4111 1111')
  expect(stored).not.toContain('secret-token')
  expect(stored).not.toMatch(/"(cvv|securityCode)":"(?!\[removed\])/)
  expect(recorded.request.body).toEqual({ cardNo: '411111******1111', cvv: '[removed]', card: { number: '411111******1111', securityCode: '[removed]' } })
  expect(recorded.request.headers).toEqual({ authorization: '[redacted]', 'content-type': 'application/json' })
  expect(recorded.request.url).toBe('http://127.0.0.1/pay?cardNo=411111******1111&cvv=[removed]')
  expect(recorded.response).toEqual({ status: 200, headers: { 'x-api-key': '[redacted]' }, body: { card: { masked: '411111******1111' }, echo: '411111******1111' } })
})

test('a raw text body is masked as text, an empty body is kept as undefined', () => {
  const recorder = new Recorder()
  const recorded = recordRead(recorder, exchange({ request: { method: 'POST', url: 'http://x/', headers: {}, body: `not json ${VISA}` } }))
  expect(recorded.request.body).toBe('not json 411111******1111')
  expect(recordRead(recorder, exchange({ request: { method: 'GET', url: 'http://x/', headers: {}, body: '' } })).request.body).toBeUndefined()
})

test('a failed exchange keeps its error, masked', () => {
  const recorder = new Recorder()
  const recorded = recordRead(recorder, exchange({ direction: 'outbound', response: { error: `TypeError: fetch failed for http://m/?pan=${VISA}` } }))
  expect(recorded.response).toEqual({ error: 'TypeError: fetch failed for http://m/?pan=411111******1111' })
})

test('the record is a snapshot: later changes to the raw input do not reach it', () => {
  const recorder = new Recorder()
  const tags: Record<string, string | number | boolean> = { attempt: 1 }
  const headers = new Headers({ 'x-a': '1' })
  const recorded = recordRead(recorder, exchange({ tags, request: { method: 'POST', url: 'http://x/', headers, body: '{}' } }))
  tags['attempt'] = 2
  headers.set('x-a', '2')
  expect(recorded.tags).toEqual({ attempt: 1 })
  expect(recorded.request.headers).toEqual({ 'x-a': '1' })
})

test('ids increase by one and survive a clear', () => {
  const recorder = new Recorder()
  const ids = [recordRead(recorder, exchange()).id, recordRead(recorder, exchange()).id, recordRead(recorder, exchange()).id]
  expect(ids).toEqual([ids[0], ids[0]! + 1, ids[0]! + 2])
  recorder.clear()
  expect(recorder.list()).toEqual([])
  expect(recordRead(recorder, exchange()).id).toBe(ids[0]! + 3)
})

test('filters by provider, operation, direction and sinceId, combined', () => {
  const recorder = new Recorder()
  const a = recordRead(recorder, exchange({ provider: 'acme', operation: 'pay', direction: 'inbound' }))
  const b = recordRead(recorder, exchange({ provider: 'acme', operation: 'notifyPayment', direction: 'outbound' }))
  const c = recordRead(recorder, exchange({ provider: 'other', operation: 'pay', direction: 'inbound' }))
  const d = recordRead(recorder, exchange({ provider: 'acme', operation: 'pay', direction: 'inbound' }))
  const ids = (filter: Parameters<Recorder['list']>[0]) => recorder.list(filter).map((e) => e.id)
  expect(ids({})).toEqual([a.id, b.id, c.id, d.id])
  expect(ids({ provider: 'acme' })).toEqual([a.id, b.id, d.id])
  expect(ids({ operation: 'pay' })).toEqual([a.id, c.id, d.id])
  expect(ids({ direction: 'outbound' })).toEqual([b.id])
  expect(ids({ sinceId: b.id })).toEqual([c.id, d.id])
  expect(ids({ provider: 'acme', operation: 'pay', sinceId: a.id })).toEqual([d.id])
})

test('the capacity bounds the recording: the oldest exchanges go first', () => {
  const recorder = new Recorder(3)
  const ids = Array.from({ length: 5 }, (_, i) => recordRead(recorder, exchange({ startedAt: i })).id)
  expect(recorder.list().map((e) => e.id)).toEqual(ids.slice(2))
  expect(recorder.list().map((e) => e.startedAt)).toEqual([2, 3, 4])
})

test('a full recording keeps order across many wraps, filters included, and clears cleanly', () => {
  const recorder = new Recorder(4)
  for (let i = 0; i < 11; i++) recordRead(recorder, exchange({ startedAt: i, provider: i % 2 === 0 ? 'even' : 'odd' }))
  expect(recorder.list().map((e) => e.startedAt)).toEqual([7, 8, 9, 10])
  expect(recorder.list({ provider: 'even' }).map((e) => e.startedAt)).toEqual([8, 10])
  recorder.clear()
  expect(recorder.list()).toEqual([])
  recordRead(recorder, exchange({ startedAt: 99 }))
  expect(recorder.list().map((e) => e.startedAt)).toEqual([99])
})

test('a listener reads the plain fields as recorded; the masked exchange only when it asks, and the same one every reader gets', () => {
  const recorder = new Recorder()
  const seen: KeptExchange[] = []
  recorder.onRecord((kept) => seen.push(kept))
  const id = recorder.record(exchange({ tags: { mockGap: 'unknown_path' }, request: { method: 'PUT', url: `http://x/pay/${VISA}`, headers: {}, body: JSON.stringify({ cvv: '123' }) }, response: { status: 404, headers: {}, body: '{}' } }))
  const [kept] = seen
  expect(kept).toMatchObject({ id, provider: 'acme', operation: 'pay', direction: 'inbound', method: 'PUT', status: 404, tags: { mockGap: 'unknown_path' } })
  // What a listener can reach without asking for the exchange holds no card data.
  expect(JSON.stringify(kept)).not.toContain(VISA)
  expect(JSON.stringify(kept)).not.toContain('123')
  expect(kept!.exchange.request.url).toBe('http://x/pay/411111******1111')
  expect(kept!.exchange.request.body).toEqual({ cvv: '[removed]' })
  expect(recorder.get(id)).toBe(kept!.exchange)
  expect(recordRead(recorder, exchange({ response: { error: 'no answer' } })).response).toEqual({ error: 'no answer' })
})

test('the unsealed form is made when the record is read, masked like the body; one that fails is left out', () => {
  const recorder = new Recorder()
  let unsealed = 0
  const id = recorder.record(exchange({ request: { method: 'POST', url: 'http://x/', headers: {}, body: '{"encryptedCard":"x"}', sealed: () => (unsealed++, { card: { number: VISA, cvc: '737' } }) } }))
  expect(unsealed).toBe(0)
  expect(recorder.get(id)?.request.sealed).toEqual({ card: { number: '411111******1111', cvc: '[removed]' } })
  recorder.get(id)
  expect(unsealed).toBe(1)
})

import { expect, test, vi } from 'vitest'
import { createEngine } from './engine.ts'
import { Recorder } from './recorder.ts'
import { BoundedMap, RetainedLog, retentionPolicy, DEFAULT_RETENTION } from './retention.ts'
import { maskCard, Store, type CardData, type PaymentRecord, type TokenRecord } from './store.ts'

const card: CardData = { number: '4111111111111111', expiryMonth: '12', expiryYear: '2030' }

const payment = (i: number, over: Partial<PaymentRecord> = {}): PaymentRecord => ({
  id: `pay_${i}`,
  provider: 'p',
  requestId: `req_${i}`,
  merchantId: 'm',
  status: 'succeeded',
  resultCode: 'OK',
  amount: { currency: 'EUR', value: '100' },
  tokenize: 'none',
  createdAt: i,
  updatedAt: i,
  flags: {},
  ...over,
})

const token = (i: number, over: Partial<TokenRecord> = {}): TokenRecord => ({
  id: `tok_${i}`,
  provider: 'p',
  merchantId: 'm',
  buyerRef: `shopper_${i}`,
  card: maskCard(card),
  status: 'active',
  usage: 'multiple',
  uses: 0,
  createdAt: i,
  ...over,
})

test('the count caps hold after many more inserts than they allow, oldest evicted first', () => {
  const policy = retentionPolicy({ payments: { maxCount: 1000 }, tokens: { maxCount: 2000 } })
  const store = new Store(policy)
  for (let i = 0; i < 50_000; i++) {
    store.payments.put(payment(i))
    store.keepCard(`pay_${i}`, card)
    store.saveToken(token(i), card)
  }
  expect(store.payments.size).toBe(1000)
  expect(store.tokens.size).toBe(2000)
  expect(store.payments.get('pay_48999')).toBeUndefined()
  expect(store.payments.get('pay_49000')).toBeDefined()
  // The card behind an evicted payment goes with it; a token outlives the payments of its time.
  expect(store.cardOf('pay_48999')).toBeUndefined()
  expect(store.cardOf('pay_49999')?.number).toBe(card.number)
  expect(store.tokens.get('tok_48500')).toBeDefined()
  // Indexes forget what was evicted: nothing is left that could grow with the store's history.
  expect(store.byReference(store.payments, 'p', 'm', 'req_10')).toEqual([])
  expect(store.tokensOfBuyer('p', 'shopper_10')).toEqual([])
  expect(store.activeTokenFor('p', 'm', 'shopper_10', card.number)).toBeUndefined()
})

test('records older than the age limit (real time) go at the next insert or evictExpired', () => {
  let wall = 0
  const store = new Store(retentionPolicy({ payments: { maxAgeMs: 1000 } }), () => wall)
  store.payments.put(payment(1))
  wall = 900
  store.payments.put(payment(2))
  wall = 1500
  store.payments.put(payment(3))
  expect(store.payments.filter().map((p) => p.id)).toEqual(['pay_2', 'pay_3'])
  wall = 2950
  store.evictExpired()
  expect(store.payments.filter().map((p) => p.id)).toEqual([])
})

test('advancing the engine clock evicts nothing: ages are real time', async () => {
  const engine = createEngine({ clockOptions: { mode: 'manual' }, retention: { payments: { maxAgeMs: 60_000 } } })
  engine.store.payments.put(payment(1))
  await engine.clock.advance(31 * 24 * 3600_000)
  engine.evictExpired()
  engine.store.payments.put(payment(2))
  expect(engine.store.payments.size).toBe(2)
  engine.close()
})

test('lookups by id, merchant reference, buyer and card examine no other record, whatever the store size', () => {
  const store = new Store()
  for (let i = 0; i < 20_000; i++) {
    store.payments.put(payment(i))
    store.saveToken(token(i, { buyerRef: i % 2 === 0 ? `shopper_${i}` : 'shared' }), { ...card, number: i % 2 === 0 ? card.number : '5555555555554444' })
  }
  const visitedBefore = store.payments.visited + store.tokens.visited
  expect(store.payments.get('pay_12345')?.requestId).toBe('req_12345')
  expect(store.byReference(store.payments, 'p', 'm', 'req_777').map((p) => p.id)).toEqual(['pay_777'])
  expect(store.tokensOfBuyer('p', 'shopper_4242').map((t) => t.id)).toEqual(['tok_4242'])
  expect(store.activeTokenFor('p', 'm', 'shopper_4242', card.number)?.id).toBe('tok_4242')
  expect(store.activeTokenFor('p', 'm', 'shopper_4242', '5555555555554444')).toBeUndefined()
  expect(store.buyer('p', 'm', 'shopper_1', 0)).toBe(store.buyer('p', 'm', 'shopper_1', 1))
  // Structural: the lookups above never walked the collections.
  expect(store.payments.visited + store.tokens.visited).toBe(visitedBefore)
  // And a scan is counted, so the assertion above can fail.
  store.payments.find((p) => p.id === 'pay_19999')
  expect(store.payments.visited).toBe(visitedBefore + 20_000)
})

test('a token whose payment was evicted still works: it stays active and findable by buyer and card', () => {
  const store = new Store(retentionPolicy({ payments: { maxCount: 10 } }))
  store.payments.put(payment(0))
  store.saveToken(token(0, { sourcePaymentId: 'pay_0' }), card)
  for (let i = 1; i <= 20; i++) store.payments.put(payment(i))
  expect(store.payments.get('pay_0')).toBeUndefined()
  expect(store.activeTokenFor('p', 'm', 'shopper_0', card.number)?.sourcePaymentId).toBe('pay_0')
  expect(store.cardOf('tok_0')?.number).toBe(card.number)
})

test('a record stored again keeps its place and its index entries follow it', () => {
  const store = new Store(retentionPolicy({ payments: { maxCount: 3 } }))
  store.payments.put(payment(1))
  store.payments.put(payment(2))
  store.payments.put(payment(1, { status: 'failed' }))
  store.payments.put(payment(3))
  store.payments.put(payment(4))
  expect(store.payments.filter().map((p) => p.id)).toEqual(['pay_2', 'pay_3', 'pay_4'])
  expect(store.byReference(store.payments, 'p', 'm', 'req_1')).toEqual([])
})

test('RetainedLog pages from a cursor without walking from the start, and clear keeps sequences growing', () => {
  const log = new RetainedLog<number>(() => ({ maxCount: 5, maxAgeMs: Infinity }), () => 0)
  for (let i = 1; i <= 12; i++) log.push(i * 10)
  expect(log.size).toBe(5)
  expect([...log.after(0)].map(([seq]) => seq)).toEqual([8, 9, 10, 11, 12])
  expect([...log.after(10)]).toEqual([
    [11, 110],
    [12, 120],
  ])
  expect(log.at(7)).toBeUndefined()
  log.clear()
  expect(log.push(1)).toBe(13)
  expect([...log.after(12)].map(([seq]) => seq)).toEqual([13])
})

test('the recorder, the outbox and the idempotency keys are bounded by the engine policy', async () => {
  const engine = createEngine({ clockOptions: { mode: 'manual' }, retention: { exchanges: { maxCount: 50 }, notifications: { maxCount: 40 }, payments: { maxCount: 30 } } })
  for (let i = 0; i < 500; i++) {
    engine.recorder.record({ direction: 'inbound', provider: 'p', startedAt: 0, durationMs: 0, request: { method: 'POST', url: 'http://x/', headers: {}, body: 'x'.repeat(200_000) }, response: { error: 'e' } })
    engine.outbox.enqueue({ provider: 'p', kind: 'k', subject: `s${i}`, url: undefined, body: '{}', schedule: { delaysMs: [0], attemptTimeoutMs: 10, source: 'test' }, sign: () => ({}), isAcknowledged: () => true })
    await engine.idempotency.run('scope', `key_${i}`, 'f', () => Promise.resolve({ value: i, keep: true }))
  }
  expect(engine.recorder.size).toBe(50)
  expect(engine.outbox.size).toBe(40)
  expect(engine.idempotency.has('scope', 'key_469')).toBe(false)
  expect(engine.idempotency.has('scope', 'key_499')).toBe(true)
  // A 200 kB body is kept as its first 64 KiB.
  const body = engine.recorder.list().at(-1)?.request.body
  expect(typeof body === 'string' && body.length < 70_000 && body.includes('more characters not recorded')).toBe(true)
  engine.close()
})

test('the engine bounds idempotency keys by the payments\' age too, in real time', async () => {
  let wall = 0
  const engine = createEngine({ clockOptions: { mode: 'manual', wall: () => wall }, retention: { payments: { maxCount: 30, maxAgeMs: 1000 } } })
  await engine.idempotency.run('scope', 'key', 'f', () => Promise.resolve({ value: 1, keep: true }))
  // Engine time does not age a key: a test advancing the clock by days must still get its replay.
  await engine.clock.advance(31 * 24 * 3600_000)
  engine.evictExpired()
  expect(engine.idempotency.has('scope', 'key')).toBe(true)
  wall = 1001
  engine.evictExpired()
  expect(engine.idempotency.size).toBe(0)
  engine.close()
})

test('BoundedMap keeps at most its count, oldest inserted first, and reports what it evicts', () => {
  const evicted: string[] = []
  const map = BoundedMap.of<string, number>(() => 3, (key) => evicted.push(key))
  for (const key of ['a', 'b', 'c', 'd', 'e']) map.set(key, 1)
  expect([...map.keys()]).toEqual(['c', 'd', 'e'])
  expect(evicted).toEqual(['a', 'b'])
})

test('the defaults are the documented ones and a partial override keeps the rest', () => {
  expect(DEFAULT_RETENTION.payments).toEqual({ maxCount: 20_000, maxAgeMs: 24 * 3600_000 })
  expect(DEFAULT_RETENTION.tokens.maxAgeMs).toBeGreaterThan(DEFAULT_RETENTION.payments.maxAgeMs)
  expect(retentionPolicy({ tokens: { maxCount: 7 } }).tokens).toEqual({ maxCount: 7, maxAgeMs: DEFAULT_RETENTION.tokens.maxAgeMs })
  expect(() => retentionPolicy({ payments: { maxCount: 0 } })).toThrow()
})

test('an in-process Recorder made with a count still works as before', () => {
  const recorder = new Recorder(2)
  for (let i = 0; i < 5; i++) recorder.record({ direction: 'inbound', provider: 'p', startedAt: i, durationMs: 0, request: { method: 'GET', url: 'http://x/', headers: {}, body: '' }, response: { error: 'e' } })
  expect(recorder.list().map((e) => e.startedAt)).toEqual([3, 4])
  expect(recorder.page({ limit: 1 })).toMatchObject({ items: [{ startedAt: 3 }], next: 4 })
})

test('BoundedMap with a RetentionLimit also drops entries older than its age (real time), at the next insert or evictExpired', () => {
  let wall = 0
  const evicted: string[] = []
  const map = BoundedMap.of<string, number>(() => ({ maxCount: 10, maxAgeMs: 1000 }), (key) => evicted.push(key), () => wall)
  map.set('a', 1)
  wall = 500
  map.set('b', 2)
  map.set('a', 3) // stored again: keeps its age
  wall = 1200
  map.evictExpired()
  expect([...map.keys()]).toEqual(['b'])
  wall = 1600
  map.set('c', 4)
  expect([...map.keys()]).toEqual(['c'])
  expect(evicted).toEqual(['a', 'b'])
})

test('BoundedMap evicts in insertion order around keys deleted out of order; a key deleted and stored again is the newest', () => {
  const evicted: string[] = []
  const map = BoundedMap.of<string, number>(() => 3, (key) => evicted.push(key))
  for (const key of ['a', 'b', 'c']) map.set(key, 1)
  map.delete('b')
  map.set('d', 1)
  expect(evicted).toEqual([])
  map.set('b', 2)
  map.set('e', 1)
  expect([...map.keys()]).toEqual(['d', 'b', 'e'])
  expect(evicted).toEqual(['a', 'c'])
})

test('BoundedMap finds its oldest entry without walking the Map (a full Map\'s first key is behind every slot deleted since its last rehash)', () => {
  const map = BoundedMap.of<string, number>(() => ({ maxCount: 100, maxAgeMs: 1000 }), undefined, () => 0)
  for (let i = 0; i < 200; i++) map.set(`warm${i}`, i)
  const walks = vi.spyOn(Map.prototype, 'keys')
  const entries = vi.spyOn(Map.prototype, 'entries')
  try {
    for (let i = 0; i < 1000; i++) map.set(`k${i}`, i)
    expect(walks).not.toHaveBeenCalled()
    expect(entries).not.toHaveBeenCalled()
  } finally {
    walks.mockRestore()
    entries.mockRestore()
  }
  expect(map.size).toBe(100)
})

test('BoundedMap keeps its order queue within a constant factor of its size, under eviction and under churn behind a long-lived key', () => {
  const fifo = BoundedMap.of<number, number>(() => 50)
  for (let i = 0; i < 100_000; i++) fifo.set(i, i)
  expect(fifo.size).toBe(50)
  expect(fifo.queued).toBeLessThanOrEqual(2 * 1024 + 2)
  // A key that stays (an open session) while others come and go (challenges answered at once).
  const churn = BoundedMap.of<string, number>(() => 1000)
  churn.set('long-lived', 0)
  for (let i = 0; i < 100_000; i++) {
    churn.set(`k${i}`, i)
    churn.delete(`k${i}`)
  }
  expect([...churn.keys()]).toEqual(['long-lived'])
  expect(churn.queued).toBeLessThanOrEqual(2 * 1024 + 2)
})

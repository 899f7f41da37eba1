import { afterEach, expect, test } from 'vitest'
import { fakeProvider, ORIGIN, postJson, START, type FakeProvider } from './test-support/fake-provider.ts'

let fake: FakeProvider
afterEach(() => fake?.engine.close())
const setup = (): FakeProvider => (fake = fakeProvider())

const VISA = '4111111111111111'

test('GET /__tokenproof lists the providers with their settings and buyer actions', async () => {
  const { control } = setup()
  const { status, body } = await control('GET', '')
  expect(status).toBe(200)
  expect(body).toEqual({
    name: 'tokenproof',
    controlApi: `${ORIGIN}/__tokenproof`,
    docs: 'docs/control-api.md',
    providers: [{ id: 'fake', name: 'Fake Pay', baseUrl: `${ORIGIN}/fake/v1`, merchants: 0, buyerActions: ['enter'], buyerExamples: {} }],
  })
})

test('GET /providers/:id describes a provider; an unknown one is 404', async () => {
  const { control } = setup()
  expect(await control('GET', '/providers/fake')).toEqual({ status: 200, body: { id: 'fake', baseUrl: `${ORIGIN}/fake/v1`, merchants: 0 } })
  const unknown = await control('GET', '/providers/nope')
  expect(unknown.status).toBe(404)
  expect(unknown.body).toEqual({ error: expect.stringContaining('known: fake') })
})

test('POST /providers/:id/merchants validates with the provider\'s schema and registers', async () => {
  const { control } = setup()
  const bad = await control('POST', '/providers/fake/merchants', { notifyUrl: 'not a url' })
  expect(bad.status).toBe(400)
  expect(bad.body).toMatchObject({ error: 'invalid input', issues: expect.any(Object) })
  const good = await control('POST', '/providers/fake/merchants', { notifyUrl: 'http://127.0.0.1:1/n' })
  expect(good).toEqual({ status: 201, body: { registered: { notifyUrl: 'http://127.0.0.1:1/n' } } })
  expect((await control('GET', '/providers/fake')).body).toMatchObject({ merchants: 1 })
})

test('POST /scenarios with invalid input answers 400 with the issues and adds nothing', async () => {
  const { control, engine } = setup()
  const { status, body } = await control('POST', '/scenarios', { effect: { type: 'httpStatus', status: 200 }, card: 'abc' })
  expect(status).toBe(400)
  expect(body).toMatchObject({ error: 'invalid input', issues: { properties: { card: expect.any(Object), effect: expect.any(Object) } } })
  expect(engine.scenarios.list()).toEqual([])
})

test('a body that is not JSON answers 400', async () => {
  const { control } = setup()
  expect(await control('POST', '/scenarios', '{not json')).toEqual({ status: 400, body: { error: 'body is not valid JSON' } })
})

test('scenario rules set through the control API apply to provider calls, then can be listed and removed', async () => {
  const { control, call } = setup()
  const added = await control('POST', '/scenarios', { operation: 'echo', times: 2, effect: { type: 'httpStatus', status: 503 } })
  expect(added).toEqual({ status: 201, body: expect.objectContaining({ id: expect.any(Number), used: 0, afterProcessing: false }) })
  const id = (added.body as { id: number }).id
  expect((await call('/fake/v1/echo', postJson({})))?.status).toBe(503)
  expect((await control('GET', '/scenarios')).body).toEqual({ rules: [expect.objectContaining({ id, used: 1, times: 2 })] })
  expect((await control('DELETE', `/scenarios/${id}`)).status).toBe(204)
  expect((await control('DELETE', `/scenarios/${id}`)).status).toBe(404)
  expect((await call('/fake/v1/echo', postJson({})))?.status).toBe(200)
})

test('DELETE /scenarios removes every rule', async () => {
  const { control, engine } = setup()
  await control('POST', '/scenarios', { effect: { type: 'noAnswer' } })
  await control('POST', '/scenarios', { effect: { type: 'delay', ms: 5 } })
  expect((await control('DELETE', '/scenarios')).status).toBe(204)
  expect(engine.scenarios.list()).toEqual([])
})

test('POST /clock/advance moves the clock and runs what falls due', async () => {
  const { control, engine } = setup()
  const ran: number[] = []
  engine.clock.schedule(START + 60_000, () => void ran.push(engine.clock.now()))
  expect((await control('GET', '/clock')).body).toEqual({ now: START, iso: '2026-01-15T08:00:00.000Z', pendingTasks: 1 })
  const { status, body } = await control('POST', '/clock/advance', { ms: 90_000 })
  expect(status).toBe(200)
  expect(body).toEqual({ now: START + 90_000, iso: '2026-01-15T08:01:30.000Z', pendingTasks: 0 })
  expect(ran).toEqual([START + 60_000])
  expect(engine.clock.now()).toBe(START + 90_000)
})

test.each([{ ms: -1 }, { ms: 1.5 }, {}, { ms: '1000' }])('POST /clock/advance rejects %j and leaves the clock alone', async (input) => {
  const { control, engine } = setup()
  expect((await control('POST', '/clock/advance', input)).status).toBe(400)
  expect(engine.clock.now()).toBe(START)
})

test('GET /exchanges filters by provider, operation, direction and sinceId', async () => {
  const { control, call } = setup()
  await call('/fake/v1/echo', postJson({ n: 1 }))
  await call('/fake/v1/items/a')
  await call('/fake/v1/echo', postJson({ n: 2 }))
  const all = (await control('GET', '/exchanges')).body as { exchanges: Array<{ id: number; operation?: string }> }
  expect(all.exchanges.map((e) => e.operation)).toEqual(['echo', 'getItem', 'echo'])
  const firstId = all.exchanges[0]!.id
  const ops = async (query: string) => ((await control('GET', `/exchanges?${query}`)).body as typeof all).exchanges.map((e) => e.id - firstId)
  expect(await ops('operation=echo')).toEqual([0, 2])
  expect(await ops('provider=fake&operation=getItem')).toEqual([1])
  expect(await ops(`sinceId=${firstId}`)).toEqual([1, 2])
  expect(await ops('direction=outbound')).toEqual([])
  expect(await ops('provider=other')).toEqual([])
})

test('GET /exchanges rejects an invalid query', async () => {
  const { control } = setup()
  expect((await control('GET', '/exchanges?direction=sideways')).status).toBe(400)
  expect((await control('GET', '/exchanges?sinceId=abc')).status).toBe(400)
})

test('GET /state shows the store, redacted', async () => {
  const { control, engine } = setup()
  engine.store.buyers.put({ id: 'b1', provider: 'fake', merchantId: 'm', reference: `ref ${VISA}`, createdAt: START, tokenIds: [] })
  const { status, body } = await control('GET', '/state')
  expect(status).toBe(200)
  expect(body).toMatchObject({ clock: { now: START, pendingTasks: 0 }, payments: [], buyers: [{ id: 'b1', reference: 'ref 411111******1111' }] })
})

test('DELETE /tokens/:id marks the token deleted; an unknown one is 404', async () => {
  const { control, engine } = setup()
  engine.store.tokens.put({
    id: 'tok_1',
    provider: 'fake',
    merchantId: 'm',
    card: { masked: '411111******1111', first6: '411111', last4: '1111', brand: 'VISA', expiryMonth: '12', expiryYear: '30' },
    status: 'active',
    usage: 'multiple',
    uses: 0,
    createdAt: START,
  })
  expect((await control('DELETE', '/tokens/tok_1')).status).toBe(204)
  expect(engine.store.tokens.get('tok_1')?.status).toBe('deleted')
  expect((await control('DELETE', '/tokens/tok_2')).status).toBe(404)
})

test('POST /idle answers once no delivery is in flight', async () => {
  const { control } = setup()
  expect(await control('POST', '/idle')).toEqual({ status: 200, body: expect.objectContaining({ now: START }) })
})

test('POST /reset clears state, rules, recordings, notifications and scheduled tasks', async () => {
  const { control, call, engine } = setup()
  await control('POST', '/scenarios', { operation: 'nothing', effect: { type: 'noAnswer' } })
  await call('/fake/v1/echo', postJson({}))
  engine.store.buyers.put({ id: 'b1', provider: 'fake', merchantId: 'm', reference: 'r', createdAt: START, tokenIds: [] })
  engine.outbox.enqueue({
    provider: 'fake',
    kind: 'notifyPayment',
    subject: 'pay_1',
    url: undefined,
    body: '{}',
    schedule: { delaysMs: [0], attemptTimeoutMs: 100, source: 'test' },
    sign: () => ({}),
    isAcknowledged: () => true,
  })
  let settled = false
  engine.clock.schedule(START + 1000, () => {
    settled = true
  })
  await engine.idempotency.run('s', 'k', 'fp', async () => ({ value: 1, keep: true }))

  expect((await control('POST', '/reset')).status).toBe(204)
  expect(engine.scenarios.list()).toEqual([])
  expect(engine.recorder.list()).toEqual([])
  expect(engine.store.buyers.size).toBe(0)
  expect(engine.outbox.list()).toEqual([])
  expect(engine.idempotency.has('s', 'k')).toBe(false)
  expect(engine.clock.pending()).toBe(0)
  await control('POST', '/clock/advance', { ms: 5000 })
  expect(settled).toBe(false)
  // Time does not go back.
  expect(engine.clock.now()).toBe(START + 5000)
})

test('GET /notifications lists notifications with their body redacted; redeliver of an unknown id is 404', async () => {
  const { control, engine } = setup()
  const record = engine.outbox.enqueue({
    provider: 'fake',
    kind: 'notifyPayment',
    subject: 'pay_9',
    url: undefined,
    body: JSON.stringify({ card: VISA, cvv: '123' }),
    schedule: { delaysMs: [0], attemptTimeoutMs: 100, source: 'test' },
    sign: () => ({}),
    isAcknowledged: () => true,
  })
  const listed = await control('GET', '/notifications?subject=pay_9')
  expect(listed.body).toEqual({ next: null, notifications: [expect.objectContaining({ id: record.id, status: 'no_url', body: { card: '411111******1111', cvv: '[removed]' } })] })
  expect(((await control('GET', '/notifications?subject=other')).body as { notifications: unknown[] }).notifications).toEqual([])
  expect((await control('POST', `/notifications/${record.id}/redeliver`)).body).toMatchObject({ id: record.id, status: 'no_url' })
  expect((await control('POST', '/notifications/ntf_999999/redeliver')).status).toBe(404)
})

test('POST /notifications/chaos validates and adds a rule', async () => {
  const { control, engine } = setup()
  expect((await control('POST', '/notifications/chaos', { chaos: { mode: 'sometimes' } })).status).toBe(400)
  const added = await control('POST', '/notifications/chaos', { kind: 'notifyPayment', chaos: { mode: 'duplicate' } })
  expect(added).toEqual({ status: 201, body: expect.objectContaining({ kind: 'notifyPayment', times: 1, used: 0, chaos: { mode: 'duplicate' } }) })
  expect(engine.outbox.chaosRules()).toHaveLength(1)
})

test('an unknown control path answers 404 JSON', async () => {
  const { call } = setup()
  const response = await call('/__tokenproof/nothing/here', { method: 'POST' })
  expect(response?.status).toBe(404)
  expect(response?.headers.get('content-type')).toMatch(/application\/json/)
  expect(await response?.json()).toEqual({ error: expect.stringContaining('unknown control API path') })
})

test('a buyer action runs with valid input and its answer is redacted', async () => {
  const { control } = setup()
  expect(await control('POST', '/providers/fake/buyer/enter', { card: VISA })).toEqual({ status: 200, body: { entered: '411111******1111', cvv: '[removed]' } })
})

test.each([
  ['input that does not fit the action\'s schema', { card: 'four' }, 400],
  ['no input at all', undefined, 400],
  ['an action that throws', { card: '0000' }, 409],
])('a buyer action with %s answers %s', async (_name, input, status) => {
  const { control } = setup()
  const answer = await control('POST', '/providers/fake/buyer/enter', input)
  expect(answer.status).toBe(status)
  if (status === 409) expect(answer.body).toEqual({ error: 'the session is already completed' })
  else expect(answer.body).toMatchObject({ error: 'invalid input', issues: expect.any(Object) })
})

test('an unknown buyer action or provider answers 404', async () => {
  const { control } = setup()
  expect(await control('POST', '/providers/fake/buyer/dance', {})).toEqual({ status: 404, body: { error: 'unknown buyer action; known: enter' } })
  expect((await control('POST', '/providers/nope/buyer/enter', {})).status).toBe(404)
})

test('GET /stats counts what the mock keeps: each retained kind with its limit, the side tables, the clock\'s tasks and the memory', async () => {
  const { control, engine } = setup()
  const table = engine.sideTable<string, number>('fake.things', 'payments')
  const pair = engine.sideTable<string, number>('fake.pairs', 'tokens', undefined, 2)
  table.set('a', 1)
  pair.set('b', 2)
  await engine.idempotency.run('fake', 'key-1', 'f', () => Promise.resolve({ value: 1, keep: true }))
  engine.store.keepCard('card-1', { number: VISA, expiryMonth: '12', expiryYear: '2030' })
  engine.clock.schedule(START + 1000, () => undefined)
  const { status, body } = await control('GET', '/stats')
  expect(status).toBe(200)
  const { payments, tokens, exchanges, notifications } = engine.retention
  expect(body).toMatchObject({
    clock: { pendingTasks: 1 },
    limits: {
      payments,
      sessions: payments,
      vaultings: payments,
      tokens,
      buyers: tokens,
      notifications,
      exchanges,
      idempotencyKeys: payments,
      cards: { maxCount: 2 * payments.maxCount + tokens.maxCount, maxAgeMs: tokens.maxAgeMs },
      cardIndex: tokens,
      sideTables: { 'fake.things': payments, 'fake.pairs': { maxCount: 2 * tokens.maxCount, maxAgeMs: tokens.maxAgeMs } },
    },
    retained: { payments: 0, sessions: 0, vaultings: 0, tokens: 0, buyers: 0, notifications: 0, exchanges: expect.any(Number), idempotencyKeys: 1, cards: 1, cardIndex: 0 },
    sideTables: { 'fake.things': 1, 'fake.pairs': 1 },
    memoryMb: { rss: expect.any(Number), heapUsed: expect.any(Number), heapTotal: expect.any(Number), external: expect.any(Number), arrayBuffers: expect.any(Number) },
  })
})

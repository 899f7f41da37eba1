import { afterEach, expect, test, vi } from 'vitest'
import { BODY_TOO_LARGE_HEADER } from './http-handlers.ts'
import { pathMatches } from './route-pattern.ts'
import { fakeProvider, MAX_BODY_BYTES, postJson, type FakeProvider } from './test-support/fake-provider.ts'

let fake: FakeProvider
afterEach(() => fake?.engine.close())
const setup = (): FakeProvider => (fake = fakeProvider())

/**
 * Whether a promise settles within a few turns of the event loop: enough for msw to reach the route,
 * far shorter than any delay under test (no wall-clock bound is asserted).
 */
async function settledSoon<T>(promise: Promise<T>): Promise<boolean> {
  let settled = false
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve))
  return settled
}

test('a route answers normally when no rule applies, and the exchange is recorded', async () => {
  const { call, engine, processed } = setup()
  const response = await call('/fake/v1/echo', postJson({ hello: 'world' }))
  expect(response?.status).toBe(200)
  expect(await response?.json()).toEqual({ echo: { hello: 'world' }, forcedCode: null })
  expect(processed).toEqual(['{"hello":"world"}'])
  const [exchange] = engine.recorder.list()
  expect(exchange).toMatchObject({
    direction: 'inbound',
    provider: 'fake',
    operation: 'echo',
    request: { method: 'POST', url: 'http://mock.test/fake/v1/echo', body: { hello: 'world' } },
    response: { status: 200, body: { echo: { hello: 'world' }, forcedCode: null } },
  })
})

test('path parameters and the query reach the route', async () => {
  const { call } = setup()
  const response = await call('/fake/v1/items/it_42?q=x')
  expect(await response?.json()).toEqual({ id: 'it_42', query: 'x' })
})

test('an httpStatus rule for the next 2 calls answers 503 twice without processing, then normally', async () => {
  const { call, engine, processed } = setup()
  engine.scenarios.add({ operation: 'echo', times: 2, effect: { type: 'httpStatus', status: 503 } })
  const statuses: number[] = []
  for (let i = 0; i < 3; i++) statuses.push((await call('/fake/v1/echo', postJson({ i })))?.status ?? 0)
  expect(statuses).toEqual([503, 503, 200])
  expect(processed).toEqual(['{"i":2}'])
  expect(engine.recorder.list().map((e) => ('status' in e.response ? e.response.status : 0))).toEqual([503, 503, 200])
})

test('an httpStatus rule may carry its own body', async () => {
  const { call, engine } = setup()
  engine.scenarios.add({ effect: { type: 'httpStatus', status: 502, body: 'bad gateway' } })
  const response = await call('/fake/v1/echo', postJson({}))
  expect(response?.status).toBe(502)
  expect(await response?.text()).toBe('bad gateway')
})

test('a rule matches on the card the route reads from the body', async () => {
  const { call, engine } = setup()
  engine.scenarios.add({ card: '1111', effect: { type: 'httpStatus', status: 503 } })
  expect((await call('/fake/v1/echo', postJson({ card: '5555555555554444' })))?.status).toBe(200)
  expect((await call('/fake/v1/echo', postJson({ card: '4111111111111111' })))?.status).toBe(503)
  expect((await call('/fake/v1/echo', postJson({})))?.status).toBe(200)
})

test('a resultCode rule is handed to the route as the forced code', async () => {
  const { call, engine } = setup()
  engine.scenarios.add({ operation: 'echo', times: 1, effect: { type: 'resultCode', code: 'RISK_REJECT' } })
  expect(await (await call('/fake/v1/echo', postJson({})))?.json()).toMatchObject({ forcedCode: 'RISK_REJECT' })
  expect(await (await call('/fake/v1/echo', postJson({})))?.json()).toMatchObject({ forcedCode: null })
})

test('a delay rule holds the answer, then answers normally', async () => {
  const { call, engine, processed } = setup()
  const rule = engine.scenarios.add({ times: 1, effect: { type: 'delay', ms: 300 } })
  const pending = call('/fake/v1/echo', postJson({ slow: true }))
  await vi.waitFor(() => expect(rule.used).toBe(1), { interval: 1 })
  expect(await settledSoon(pending)).toBe(false)
  expect(processed).toEqual([])
  const response = await pending
  expect(response?.status).toBe(200)
  expect(processed).toEqual(['{"slow":true}'])
})

test('a delay ends early when the engine closes', async () => {
  const { call, engine } = setup()
  const rule = engine.scenarios.add({ effect: { type: 'delay', ms: 600_000 } })
  const pending = call('/fake/v1/echo', postJson({}))
  await vi.waitFor(() => expect(rule.used).toBe(1))
  expect(await settledSoon(pending)).toBe(false)
  engine.close()
  expect((await pending)?.status).toBe(200)
})

test('delayed requests leave no listener behind on the engine (no MaxListeners warning)', async () => {
  const { call, engine } = setup()
  const warn = vi.fn()
  process.on('warning', warn)
  try {
    engine.scenarios.add({ effect: { type: 'delay', ms: 0 } })
    for (let i = 0; i < 15; i++) await call('/fake/v1/echo', postJson({ i }))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(warn.mock.calls.map(([w]) => String(w))).not.toContainEqual(expect.stringMatching(/MaxListeners/))
  } finally {
    process.off('warning', warn)
  }
})

test('a delayed call the client gives up on is not processed, and is recorded with status 499', async () => {
  const { call, engine, processed } = setup()
  const rule = engine.scenarios.add({ times: 1, effect: { type: 'delay', ms: 600_000 } })
  const client = new AbortController()
  const pending = call('/fake/v1/echo', postJson({}, { signal: client.signal }))
  await vi.waitFor(() => expect(rule.used).toBe(1))
  client.abort()
  expect((await pending)?.status).toBe(499)
  expect(processed).toEqual([])
  expect(engine.recorder.list()).toEqual([expect.objectContaining({ operation: 'echo', response: expect.objectContaining({ status: 499 }) })])
})

test('a tamperedAnswer rule processes the call, then answers what the provider alters it to', async () => {
  const { call, engine, processed } = setup()
  engine.scenarios.add({ times: 1, effect: { type: 'tamperedAnswer', mode: 'unsigned' } })
  const altered = await call('/fake/v1/echo', postJson({ n: 1 }))
  expect(await altered?.json()).toEqual({ altered: 'unsigned', was: { echo: { n: 1 }, forcedCode: null } })
  expect(processed).toEqual(['{"n":1}'])
  expect(await (await call('/fake/v1/echo', postJson({ n: 2 })))?.json()).toEqual({ echo: { n: 2 }, forcedCode: null })
})

test('a noAnswer rule holds the request until the client gives up, and records it', async () => {
  const { call, engine, processed } = setup()
  const rule = engine.scenarios.add({ times: 1, effect: { type: 'noAnswer' } })
  const client = new AbortController()
  const pending = call('/fake/v1/echo', postJson({}, { signal: client.signal }))
  await vi.waitFor(() => expect(rule.used).toBe(1))
  expect(await settledSoon(pending)).toBe(false)
  client.abort()
  expect((await pending)?.status).toBe(499)
  expect(processed).toEqual([])
  expect(engine.recorder.list()).toEqual([expect.objectContaining({ operation: 'echo', response: expect.objectContaining({ status: 499 }) })])
  expect((await call('/fake/v1/echo', postJson({})))?.status).toBe(200)
})

test('a noAnswer hold is released when the engine closes', async () => {
  const { call, engine } = setup()
  const rule = engine.scenarios.add({ effect: { type: 'noAnswer' } })
  const pending = call('/fake/v1/echo', postJson({}))
  await vi.waitFor(() => expect(rule.used).toBe(1))
  expect(await settledSoon(pending)).toBe(false)
  engine.close()
  expect((await pending)?.status).toBe(499)
})

test('afterProcessing with httpStatus: the route runs (its effect stays) but the answer is the injected status', async () => {
  const { call, engine, processed } = setup()
  engine.scenarios.add({ times: 1, effect: { type: 'httpStatus', status: 500 }, afterProcessing: true })
  const response = await call('/fake/v1/echo', postJson({ id: 'once' }))
  expect(response?.status).toBe(500)
  expect(await response?.text()).toMatch(/500 injected/)
  expect(processed).toEqual(['{"id":"once"}'])
})

test('afterProcessing with noAnswer: the route runs, then the answer is lost', async () => {
  const { call, engine, processed } = setup()
  engine.scenarios.add({ times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
  const client = new AbortController()
  const pending = call('/fake/v1/echo', postJson({ id: 'kept' }, { signal: client.signal }))
  await vi.waitFor(() => expect(processed).toEqual(['{"id":"kept"}']))
  expect(await settledSoon(pending)).toBe(false)
  client.abort()
  expect((await pending)?.status).toBe(499)
})

test('a body over maxBodyBytes gets the provider\'s bodyTooLarge answer; the route does not run and no rule is spent', async () => {
  const { call, engine, processed } = setup()
  const rule = engine.scenarios.add({ effect: { type: 'httpStatus', status: 503 } })
  const response = await call('/fake/v1/echo', postJson({ pad: 'x'.repeat(MAX_BODY_BYTES) }))
  expect(response?.status).toBe(413)
  expect(await response?.json()).toEqual({ error: 'body_too_large' })
  expect(processed).toEqual([])
  expect(rule.used).toBe(0)
  expect(engine.recorder.list()).toHaveLength(1)
})

test('a body exactly at maxBodyBytes is accepted', async () => {
  const { call } = setup()
  const body = JSON.stringify({ pad: '' })
  const padded = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES - body.length) })
  expect(Buffer.byteLength(padded)).toBe(MAX_BODY_BYTES)
  expect((await call('/fake/v1/echo', { method: 'POST', body: padded }))?.status).toBe(200)
})

test('the size limit counts bytes, not characters', async () => {
  const { call } = setup()
  const body = JSON.stringify({ pad: 'é'.repeat(MAX_BODY_BYTES / 2) })
  expect(body.length).toBeLessThan(MAX_BODY_BYTES)
  expect((await call('/fake/v1/echo', { method: 'POST', body }))?.status).toBe(413)
})

test('the transport\'s too-large marker header gets the bodyTooLarge answer', async () => {
  const { call } = setup()
  expect((await call('/fake/v1/echo', { method: 'POST', body: '', headers: { [BODY_TOO_LARGE_HEADER]: '1' } }))?.status).toBe(413)
})

test.each([
  ['an unknown path under the prefix', 'POST', '/fake/v1/nothing-here', 'unknown_path'],
  ['an unknown nested path', 'GET', '/fake/v1/items/1/extra', 'unknown_path'],
  ['a known path with the wrong method', 'GET', '/fake/v1/echo', 'method_not_allowed'],
  ['a parameterised path with the wrong method', 'DELETE', '/fake/v1/items/it_1', 'method_not_allowed'],
])('%s gets the provider\'s noRoute answer, recorded', async (_name, method, path, reason) => {
  const { call, engine } = setup()
  const response = await call(path, { method })
  expect(response?.status).toBe(404)
  expect(await response?.json()).toEqual({ error: reason })
  expect(engine.recorder.list()).toEqual([expect.objectContaining({ provider: 'fake', operation: undefined, request: expect.objectContaining({ method }) })])
})

test('a path outside every prefix is left to other handlers', async () => {
  const { call } = setup()
  expect(await call('/other/v1/echo', postJson({}))).toBeUndefined()
})

test('a route that throws answers the provider\'s UNKNOWN_EXCEPTION, recorded, instead of crashing', async () => {
  const { call, engine } = setup()
  const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
  try {
    const response = await call('/fake/v1/explode', postJson({}))
    expect(response?.status).toBe(200)
    expect(await response?.json()).toEqual({ resultCode: 'UNKNOWN_EXCEPTION' })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('route bug'))
    expect(engine.recorder.list()).toEqual([expect.objectContaining({ operation: 'explode', response: expect.objectContaining({ body: { resultCode: 'UNKNOWN_EXCEPTION' } }) })])
  } finally {
    warn.mockRestore()
  }
})

test('every exchange is recorded, in order, with card numbers masked', async () => {
  const { call, engine } = setup()
  engine.scenarios.add({ times: 1, effect: { type: 'httpStatus', status: 503 } })
  await call('/fake/v1/echo', postJson({ card: '4111111111111111', cvv: '123' }))
  await call('/fake/v1/echo', postJson({ card: '4111111111111111', cvv: '123' }))
  await call('/fake/v1/items/1')
  await call('/fake/v1/nope')
  const exchanges = engine.recorder.list()
  expect(exchanges.map((e) => e.operation)).toEqual(['echo', 'echo', 'getItem', undefined])
  expect(exchanges.map((e) => e.startedAt)).toEqual(Array(4).fill(engine.clock.now()))
  expect(JSON.stringify(exchanges)).not.toContain('4111111111111111')
  expect(JSON.stringify(exchanges)).not.toMatch(/"cvv":"(?!\[removed\])/)
  expect(exchanges[1]?.request.body).toEqual({ card: '411111******1111', cvv: '[removed]' })
})

test.each([
  ['/a/b', '/a/b', true],
  ['/a/b', '/a/b/c', false],
  ['/a/:id', '/a/123', true],
  ['/a/:id', '/a/1/2', false],
  ['/a/:id/b', '/a/x/b', true],
  ['/a.b/c', '/aXb/c', false],
  ['/files/*', '/files/x/y', true],
  ['/v1/:payment_id', '/v1/pay_1', true],
])('pathMatches(%s, %s) is %s', (pattern, path, matches) => {
  expect(pathMatches(pattern, path)).toBe(matches)
})

test('a call\'s body is parsed once, whoever reads it, and what a route does with the parse is not recorded', async () => {
  const { call, engine } = setup()
  // A rule on another card: scenario matching reads the body too.
  engine.scenarios.add({ provider: 'fake', operation: 'consume', card: '4000000000000002', effect: { type: 'httpStatus', status: 503 } })
  const body = JSON.stringify({ card: '4111111111111111', note: 'parse-once' })
  const parse = vi.spyOn(JSON, 'parse')
  try {
    const response = await call('/fake/v1/consume', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(await response?.json()).toEqual({ sameParse: true })
    expect(parse.mock.calls.filter(([text]) => text === body)).toHaveLength(1)
  } finally {
    parse.mockRestore()
  }
  const [exchange] = engine.recorder.list({ operation: 'consume' })
  expect(exchange?.request.body).toEqual({ card: '411111******1111', note: 'parse-once' })
})

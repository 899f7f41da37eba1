import { afterAll, beforeAll, expect, test } from 'vitest'
import { rawRequest } from './engine/test-support/raw-http.ts'
import { startMockServer, type MockServer } from './server.ts'
import { DEFAULT_API_KEY } from './adyen/merchants.ts'
import { appotapayJwt } from './appotapay/test-support/client.ts'
import { DEFAULT_MERCHANT } from './pivot/merchants.ts'

/** A path each provider owns, and how its documented parameter error reads. */
const PROVIDERS = [
  { id: 'antom', path: '/ams/api/v1/payments/pay', status: 200, paramError: (body: unknown) => expect(body).toMatchObject({ result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' } }) },
  { id: 'adyen', path: '/v72/payments', status: 400, paramError: (body: unknown) => expect(body).toMatchObject({ status: 400, errorCode: '702', errorType: 'validation' }) },
  { id: 'appotapay', path: '/credit-card/token', status: 400, paramError: (body: unknown) => expect(body).toMatchObject({ errorCode: 1 }) },
  { id: 'pivot', path: '/v2/payments', status: 400, paramError: (body: unknown) => expect(body).toMatchObject({ code: '400100001' }) },
] as const

const JSON_TYPE = { 'content-type': 'application/json' }

let server: MockServer
beforeAll(async () => {
  server = await startMockServer({ port: 0, clockOptions: { mode: 'manual' } })
})
afterAll(() => server.close())

test.each(PROVIDERS)('$id: a path that is not percent-encoded UTF-8 gets its parameter error, not a 500', async ({ path, status, paramError }) => {
  for (const bad of ['%zz', '%ff', '%e2%82', '%']) {
    const answer = await rawRequest(server.port, { method: 'POST', path: `${path}${bad}`, headers: JSON_TYPE, body: '{}' })
    expect(answer.status, bad).toBe(status)
    paramError(JSON.parse(answer.body))
  }
})

test.each(PROVIDERS)('$id: a malformed Host gets its parameter error, not a 500', async ({ path, status, paramError }) => {
  for (const host of ['', 'a b', '[', 'x:99999', 'user@127.0.0.1', 'user:pw@localhost:1']) {
    const answer = await rawRequest(server.port, { method: 'POST', path, host, headers: JSON_TYPE, body: '{}' })
    expect(answer.status, JSON.stringify(host)).toBe(status)
    paramError(JSON.parse(answer.body))
  }
})

test('where no provider owns the path, a malformed request is a plain 400', async () => {
  for (const request of [{ path: '/nowhere%zz' }, { path: '/__tokenproof/state%ff' }, { path: '/__tokenproof/state', host: 'a b' }]) {
    const answer = await rawRequest(server.port, request)
    expect(answer.status, JSON.stringify(request)).toBe(400)
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'malformed request' })
  }
})

const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
const wide = (members: number): string => `{${Array.from({ length: members }, (_, i) => `"k${i}":1`).join(',')}}`

/** A merchant's credentials for each provider: the body is read only once the caller is known. */
async function credentials(id: (typeof PROVIDERS)[number]['id']): Promise<Record<string, string>> {
  if (id === 'adyen') return { 'x-api-key': DEFAULT_API_KEY }
  if (id === 'appotapay') return { 'x-appotapay-auth': await appotapayJwt({ nowSeconds: Math.floor(server.mock.engine.clock.now() / 1000) }) }
  if (id === 'pivot') {
    const issued = await fetch(`${server.url}/v1/access-token`, {
      method: 'POST',
      headers: { ...JSON_TYPE, 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': DEFAULT_MERCHANT.merchantSecret },
      body: JSON.stringify({ grantType: 'client_credentials' }),
    })
    return { authorization: `Bearer ${((await issued.json()) as { data: { accessToken: string } }).data.accessToken}` }
  }
  return {}
}

test.each(PROVIDERS)('$id: JSON nested past 64 levels or with over 10,000 members is its parameter error', async ({ id, path, status, paramError }) => {
  const auth = await credentials(id)
  for (const body of [nested(6_000), nested(65), wide(10_001), `[${'0,'.repeat(20_000)}0]`]) {
    const answer = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...JSON_TYPE, ...auth }, body })
    expect(answer.status).toBe(status)
    paramError(await answer.json())
  }
})

test('no recorded exchange breaks a listing: after a 6,000-deep body the exchanges and the state still list', async () => {
  await server.mock.reset()
  for (const { id, path } of PROVIDERS) await (await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...JSON_TYPE, ...(await credentials(id)) }, body: nested(6_000) })).text()
  await (await fetch(`${server.url}/__tokenproof/scenarios`, { method: 'POST', headers: JSON_TYPE, body: nested(6_000) })).text()
  const exchanges = await fetch(`${server.url}/__tokenproof/exchanges`)
  expect(exchanges.status).toBe(200)
  expect(((await exchanges.json()) as { exchanges: unknown[] }).exchanges.length).toBeGreaterThanOrEqual(PROVIDERS.length)
  expect((await fetch(`${server.url}/__tokenproof/state`)).status).toBe(200)
})

test('the control API answers an over-deep body with its own 400', async () => {
  const answer = await fetch(`${server.url}/__tokenproof/scenarios`, { method: 'POST', headers: JSON_TYPE, body: nested(100) })
  expect(answer.status).toBe(400)
  expect(await answer.json()).toMatchObject({ error: expect.stringMatching(/deeper than 64/) as unknown })
})

test.each(PROVIDERS)('$id: TRACE, which node:http parses but the Fetch API refuses, gets its parameter error, not a 500', async ({ path, status, paramError }) => {
  for (const method of ['TRACE']) {
    const answer = await rawRequest(server.port, { method, path, headers: JSON_TYPE, body: '{}' })
    expect(answer.status, method).toBe(status)
    paramError(JSON.parse(answer.body))
  }
})

/**
 * The soak's Pivot client over a long run: Pivot access tokens expire after 900 s, so a client that
 * kept its first token would get nothing but 401s from then on (a soak of an hour turned into one).
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startMockServer, type MockServer } from '../../server.ts'
import { ACCESS_TOKEN_TTL_S } from '../wire.ts'
import { pivotWireClient, REFRESH_MARGIN_S } from './wire-client.ts'

let server: MockServer
beforeAll(async () => {
  server = await startMockServer({ port: 0, host: '127.0.0.1', providers: ['pivot'], clockOptions: { mode: 'manual', start: Date.UTC(2026, 5, 1) }, notifyUrls: { hosts: [] } })
})
afterAll(async () => {
  await server.close()
})

const logins = (): number => server.mock.engine.recorder.list().filter((e) => e.operation === 'accessToken').length
// Authenticated, then "no such payment session": a 404, where an expired token is a 401.
const unknownSession = { operation: 'getPaymentSession', body: {}, pathParams: { id: '00000000-0000-4000-8000-000000000000' } }

test('logs in once, keeps the token while it is valid and logs in again before its 900 s expiry', async () => {
  await server.mock.reset()
  const client = pivotWireClient(server.url, server.mock)
  // Concurrent first requests share one login.
  const first = await Promise.all([client.send(unknownSession), client.send(unknownSession), client.send(unknownSession)])
  expect(first.map((a) => a.status)).toEqual([404, 404, 404])
  expect(logins()).toBe(1)

  // Still well before the refresh point: the same token.
  await server.mock.engine.clock.advance((ACCESS_TOKEN_TTL_S - REFRESH_MARGIN_S - 30) * 1000)
  expect((await client.send(unknownSession)).status).toBe(404)
  expect(logins()).toBe(1)

  // Inside the margin before expiry, then past the first token's expiry: a new token each time it is due, never a 401.
  await server.mock.engine.clock.advance(40_000)
  expect((await client.send(unknownSession)).status).toBe(404)
  expect(logins()).toBe(2)
  await server.mock.engine.clock.advance(ACCESS_TOKEN_TTL_S * 1000 + 1000)
  expect((await client.send(unknownSession)).status).toBe(404)
  expect(logins()).toBe(3)
})

test('a failed login is not kept: the next request logs in again', async () => {
  await server.mock.reset()
  // The first login is refused once (a scenario on the mock), the next one succeeds.
  server.mock.engine.scenarios.add({ provider: 'pivot', operation: 'accessToken', times: 1, effect: { type: 'httpStatus', status: 503 } })
  const client = pivotWireClient(server.url, server.mock)
  await expect(client.send(unknownSession)).rejects.toThrow(/pivot login failed/)
  expect((await client.send(unknownSession)).status).toBe(404)
  expect(logins()).toBe(2)
})

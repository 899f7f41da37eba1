import { afterEach, expect, test } from 'vitest'
import { startMockServer, type MockServer } from '../server.ts'
import { createControlGuard } from './control-guard.ts'
import { rawRequest } from './test-support/raw-http.ts'

const JSON_TYPE = { 'content-type': 'application/json' }
const RULE = JSON.stringify({ provider: 'antom', effect: { type: 'httpStatus', status: 503 } })

let server: MockServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const start = async (options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> => {
  server = await startMockServer({ port: 0, providers: ['antom'], clockOptions: { mode: 'manual' }, ...options })
  return server
}

test('a DNS-rebinding Host is refused on the control API; the server\'s own names and allowed hosts are served', async () => {
  const s = await start({ allowHosts: ['tokenproof.internal'] })
  const state = (host: string) => rawRequest(s.port, { path: '/__tokenproof/state', host })
  const rebound = await state(`rebind.attacker.example:${s.port}`)
  expect(rebound.status).toBe(403)
  expect(rebound.body).not.toContain('payments')
  for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `[::1]:${s.port}`, `tokenproof.internal:${s.port}`]) expect((await state(host)).status, host).toBe(200)
  // Buyer pages too: a rebound page must not script them.
  expect((await rawRequest(s.port, { path: '/__tokenproof/pages/antom/checkout/x', host: 'rebind.attacker.example' })).status).toBe(403)
})

test('provider routes answer merchants whatever name they reach the mock by: they authenticate as the provider does', async () => {
  const s = await start()
  const answer = await rawRequest(s.port, { method: 'POST', path: '/ams/api/v1/payments/pay', host: 'host.docker.internal:4010', headers: JSON_TYPE, body: '{}' })
  expect(answer.status).toBe(200)
  expect(JSON.parse(answer.body)).toMatchObject({ result: { resultStatus: 'F' } })
})

test('a foreign Origin may not reset the mock; the server\'s own origin (its buyer pages) may', async () => {
  const s = await start()
  expect((await fetch(`${s.url}/__tokenproof/scenarios`, { method: 'POST', headers: JSON_TYPE, body: RULE })).status).toBe(201)
  const reset = (origin: string) => rawRequest(s.port, { method: 'POST', path: '/__tokenproof/reset', headers: { ...JSON_TYPE, origin }, body: '{}' })
  for (const origin of ['https://evil.example', 'null', `http://localhost:${s.port + 1}`, `https://127.0.0.1:${s.port}`]) expect((await reset(origin)).status, origin).toBe(403)
  expect(s.mock.engine.scenarios.list()).toHaveLength(1)
  expect((await reset(`http://localhost:${s.port}`)).status).toBe(204)
  expect(s.mock.engine.scenarios.list()).toHaveLength(0)
})

test('a write that is not JSON is refused before it acts, with or without an Origin', async () => {
  const s = await start()
  await fetch(`${s.url}/__tokenproof/scenarios`, { method: 'POST', headers: JSON_TYPE, body: RULE })
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
    const answer = await rawRequest(s.port, { method: 'POST', path: '/__tokenproof/reset', headers: type === undefined ? {} : { 'content-type': type }, body: '' })
    expect(answer.status, String(type)).toBe(415)
  }
  expect(s.mock.engine.scenarios.list()).toHaveLength(1)
  // Reads and deletes need no body type (DELETE is never a simple cross-origin request).
  expect((await fetch(`${s.url}/__tokenproof/scenarios/1`, { method: 'DELETE' })).status).toBe(204)
})

test('with a control token every control call carries it, except opening a buyer page', async () => {
  const token = 'a-long-control-token-0001'
  const s = await start({ controlToken: token })
  expect((await fetch(`${s.url}/__tokenproof/state`)).status).toBe(401)
  expect((await fetch(`${s.url}/__tokenproof/state`, { headers: { authorization: 'Bearer wrong-token-of-same-size' } })).status).toBe(401)
  expect((await fetch(`${s.url}/__tokenproof/state`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
  expect((await fetch(`${s.url}/__tokenproof/reset`, { method: 'POST', headers: { ...JSON_TYPE, 'x-tokenproof-token': token } })).status).toBe(204)
  const page = await fetch(`${s.url}/__tokenproof/pages/antom/checkout/some-session`)
  expect(page.status).not.toBe(401)
  expect((await fetch(`${s.url}/__tokenproof/providers/antom/buyer/pay`, { method: 'POST', headers: JSON_TYPE, body: '{}' })).status).toBe(401)
})

test('binding beyond loopback without a token is refused; with one the guard still holds the Host to loopback and allowed names', async () => {
  await expect(startMockServer({ port: 0, host: '0.0.0.0', providers: ['antom'] })).rejects.toThrow(/control API/)
  const guard = createControlGuard({ boundHost: '0.0.0.0', port: 4010, token: 'x'.repeat(20), allowHosts: ['ci-runner'] })
  const at = (host: string) => guard({ method: 'GET', pathname: '/__tokenproof/state', headers: new Headers({ host, authorization: `Bearer ${'x'.repeat(20)}` }) })
  // A wildcard bind is no host name: reaching it as 0.0.0.0 is not the user's choice of name.
  expect(at('0.0.0.0:4010')?.status).toBe(403)
  expect(at('ci-runner:4010')).toBeUndefined()
  expect(at('127.0.0.1:4010')).toBeUndefined()
  expect(guard({ method: 'GET', pathname: '/ams/api/v1/payments/pay', headers: new Headers({ host: 'anything' }) })).toBeUndefined()
})

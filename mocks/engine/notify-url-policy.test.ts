import { afterEach, expect, test, vi } from 'vitest'
import { antomTestKeys } from '../antom/test-keys.ts'
import { startMockServer, type MockServer } from '../server.ts'
import { guardedFetch, notifyUrlProblem } from './notify-url-policy.ts'

test.each([
  ['file:///etc/passwd', { anyHost: true }, /http or https/],
  ['gopher://127.0.0.1:70/', { anyHost: true }, /http or https/],
  ['http://user:pw@127.0.0.1/notify', { anyHost: true }, /credentials/],
  ['http://169.254.169.254/latest/meta-data/', {}, /loopback hosts only/],
  ['http://intranet.corp/admin', { hosts: ['merchant.test'] }, /--notify-host intranet.corp/],
])('%s is refused', (url, policy, reason) => {
  expect(notifyUrlProblem(url, policy)).toMatch(reason)
})

test.each([
  ['http://127.0.0.1:8080/notify', {}],
  ['http://localhost:3000/hooks', {}],
  ['http://[::1]:3000/hooks', {}],
  ['https://merchant.test/notify', { hosts: ['Merchant.Test'] }],
  ['https://anywhere.example/notify', { anyHost: true }],
])('%s is allowed', (url, policy) => {
  expect(notifyUrlProblem(url, policy)).toBeUndefined()
})

test('a refused URL is never connected to: the attempt fails with the reason', async () => {
  const send = vi.fn(() => Promise.resolve(new Response('ok')))
  const fetchImpl = guardedFetch({}, send)
  await expect(fetchImpl('http://169.254.169.254/latest', { method: 'POST' })).rejects.toThrow(/notification URL policy/)
  expect(send).not.toHaveBeenCalled()
  await fetchImpl('http://127.0.0.1:9/notify', { method: 'POST' })
  expect(send).toHaveBeenCalledTimes(1)
})

let server: MockServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

test('the control API refuses to register a merchant whose notification URL the policy refuses', async () => {
  server = await startMockServer({ port: 0, providers: ['antom'], notifyUrls: { hosts: ['merchant.test'] } })
  const register = (notifyUrl: string) =>
    fetch(`${server?.url}/__tokenproof/providers/antom/merchants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'SHOP', publicKey: antomTestKeys.merchantPublicKey, notifyUrl }),
    })
  for (const url of ['file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/']) {
    const answer = await register(url)
    expect(answer.status, url).toBe(400)
    expect(await answer.json()).toMatchObject({ issues: [{ field: 'notifyUrl' }] })
  }
  expect((await register('http://127.0.0.1:9/notify')).status).toBe(201)
  expect((await register('http://merchant.test/notify')).status).toBe(201)
})

import { expect, test } from 'vitest'
import { startInProcessMock } from '../node.ts'
import { startMockServer } from '../server.ts'
import { AppotapayClient, testCard } from './test-support/client.ts'

const START = Date.UTC(2026, 5, 1, 12, 0, 0)

/** One scripted conversation; returns each answer with the base URL (which differs by transport) blanked. */
async function converse(baseUrl: string, now: () => number, authenticate: (id: string) => Promise<void>): Promise<unknown[]> {
  const client = new AppotapayClient(baseUrl, now)
  const transcript: unknown[] = []
  const keep = (answer: Awaited<ReturnType<AppotapayClient['call']>>) => {
    transcript.push({ status: answer.status, body: JSON.parse(answer.raw.replaceAll(baseUrl, '<base>')) as unknown })
    return answer
  }
  const token = keep(await client.call('POST', '/credit-card/token', { merchantRefId: 'parity-t1', tokenType: 'SINGLE', card: testCard('4000000000001091') }))
  const tokenId = String(token.body.tokenId)
  const auth = keep(await client.call('POST', '/credit-card/enrollment', { tokenId, amount: 20000, currency: 'VND', merchantRefId: 'parity-a1', returnUrl: 'https://merchant.example/return' }))
  await authenticate(String(auth.body.id))
  keep(await client.call('POST', `/credit-card/enrollment/validate/${String(auth.body.id)}`))
  const charge = keep(await client.call('POST', '/credit-card/charge', { tokenId, authenticationId: auth.body.id, amount: 20000, currency: 'VND', merchantRefId: 'parity-c1' }))
  keep(await client.call('POST', `/credit-card/${String(charge.body.id)}/capture`, { amount: 20000, currency: 'VND' }))
  keep(await client.call('POST', '/credit-card/charge', { tokenId, amount: 20000, currency: 'VND', merchantRefId: 'parity-c2' }))
  keep(await client.call('GET', '/credit-card/charge/parity-c1?referenceType=MERCHANT_REFERENCE_ID', undefined, { headers: { language: 'en' } }))
  keep(await client.call('DELETE', `/credit-card/token/${tokenId}?merchantRefId=parity-d1`))
  keep(await client.call('POST', '/credit-card/token', undefined, { raw: '{"broken": ' }))
  keep(await client.call('POST', '/credit-card/teleport', {}))
  keep(await client.call('POST', '/credit-card/token', {}, { auth: null }))
  return transcript
}

const buyerStep = (baseUrl: string) => async (authenticationId: string) => {
  const response = await fetch(`${baseUrl}/__tokenproof/providers/appotapay/buyer/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authenticationId }) })
  expect(response.status).toBe(200)
}

test('the same AppotaPay exchanges through msw setupServer and through the node:http server give the same answers', async () => {
  const host = 'https://gateway.dev.appotapay.com'
  const inProcess = startInProcessMock({ providers: ['appotapay'], clockOptions: { mode: 'manual', start: START }, baseUrl: host })
  let viaMsw: unknown[]
  try {
    viaMsw = await converse(host, () => inProcess.mock.engine.clock.now(), buyerStep(host))
  } finally {
    inProcess.close()
  }

  const server = await startMockServer({ port: 0, providers: ['appotapay'], clockOptions: { mode: 'manual', start: START } })
  let viaHttp: unknown[]
  try {
    viaHttp = await converse(server.url, () => server.mock.engine.clock.now(), buyerStep(server.url))
  } finally {
    await server.close()
  }

  expect(viaMsw).toHaveLength(11)
  expect(viaHttp).toEqual(viaMsw)
  expect((viaMsw as { status: number }[]).map((t) => t.status)).toEqual([200, 200, 200, 200, 200, 422, 200, 200, 400, 404, 401])
})

import { expect, test } from 'vitest'
import { startInProcessMock } from '../node.ts'
import { startMockServer } from '../server.ts'
import { card, encryptCard, PivotClient, session } from './test-support/client.ts'

const START = Date.UTC(2026, 5, 1, 12, 0, 0)

/** One scripted conversation; returns each answer with the base URL (which differs by transport) blanked. */
async function converse(baseUrl: string): Promise<unknown[]> {
  const client = new PivotClient(baseUrl)
  const transcript: unknown[] = []
  const keep = (answer: { status: number; raw: string }) => {
    transcript.push({ status: answer.status, body: JSON.parse(answer.raw.replaceAll(baseUrl, '<base>')) as unknown })
    return answer
  }
  const buyer = async (action: string, input: unknown) => {
    const response = await fetch(`${baseUrl}/__tokenproof/providers/pivot/buyer/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
    keep({ status: response.status, raw: await response.text() })
  }
  keep(await client.accessToken())
  await client.login()
  const hosted = keep(await client.call('POST', '/v2/payments', session({ clientReferenceId: 'parity-1', saveForFuture: true }))) as { raw: string }
  const hostedId = (JSON.parse(hosted.raw) as { data: { id: string; customerId: string } }).data
  await buyer('pay', { paymentSessionId: hostedId.id, card: card('4440000112290002'), saveForFutureUse: true })
  keep(await client.call('GET', `/v1/customers/${hostedId.customerId}`))
  const api = await client.call('POST', '/v2/payments', session({ clientReferenceId: 'parity-2', mode: 'API', paymentMethod: { type: 'CARD' } }))
  const apiData = api.body.data as { id: string; encryptionKey: string }
  keep(await client.call('POST', `/v2/payments/${apiData.id}/confirm`, { paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(apiData.encryptionKey, card('4440000334480001')) } } }))
  await buyer('authenticate', { paymentSessionId: apiData.id })
  keep(await client.call('GET', `/v2/payments/${apiData.id}`))
  keep(await client.call('POST', '/v2/payments', undefined, { raw: '{"broken": ' }))
  keep(await client.call('POST', '/v2/teleport', {}))
  keep(await client.call('POST', '/v2/payments', session(), { token: null }))
  return transcript
}

test('the same Pivot exchanges through msw setupServer and through the node:http server give the same answers', async () => {
  const host = 'https://api-stg.pivot-payment.com'
  const inProcess = startInProcessMock({ providers: ['pivot'], clockOptions: { mode: 'manual', start: START }, baseUrl: host })
  let viaMsw: unknown[]
  try {
    viaMsw = await converse(host)
  } finally {
    inProcess.close()
  }

  const server = await startMockServer({ port: 0, providers: ['pivot'], clockOptions: { mode: 'manual', start: START } })
  let viaHttp: unknown[]
  try {
    viaHttp = await converse(server.url)
  } finally {
    await server.close()
  }

  expect(viaMsw).toHaveLength(10)
  expect(viaHttp).toEqual(viaMsw)
  expect((viaMsw as { status: number }[]).map((t) => t.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 400, 404, 401])
})

import { expect, test } from 'vitest'
import { DEFAULT_CLIENT_ID } from './antom/merchants.ts'
import { antomTestKeys } from './antom/test-keys.ts'
import { AntomDocClient } from './antom/test-support/doc-client.ts'
import { s2sPay, tokenPay } from './antom/test-support/fixture.ts'
import { startInProcessMock } from './node.ts'
import { startMockServer } from './server.ts'

const START = Date.UTC(2026, 5, 1, 12, 0, 0)

/** One scripted conversation; returns each answer with what legitimately differs between runs blanked. */
async function converse(baseUrl: string): Promise<unknown[]> {
  const client = new AntomDocClient({ baseUrl, clientId: DEFAULT_CLIENT_ID, merchantPrivateKeyPem: antomTestKeys.merchantPrivateKey, antomPublicKeyPem: antomTestKeys.providerPublicKey })
  const transcript: unknown[] = []
  const keep = (response: Awaited<ReturnType<AntomDocClient['call']>>) => {
    transcript.push({
      status: response.status,
      signatureValid: response.signatureValid,
      responseTime: response.headers.get('response-time'),
      // Card tokens are random per run; host names differ by transport.
      body: JSON.parse(response.raw.replace(/ALIPAY[A-Za-z0-9+/=]+/g, '<token>').replaceAll(baseUrl, '<base>')) as unknown,
    })
    return response
  }
  const first = keep(await client.call('payments/pay', s2sPay('4054695723100768', { tokenizeMode: 'ENABLED', requestId: 'parity-1', buyer: 'b1' })))
  const token = (first.body.paymentResultInfo as { cardToken: string }).cardToken
  keep(await client.call('payments/inquiryPayment', { paymentRequestId: 'parity-1' }))
  keep(await client.call('payments/pay', tokenPay(token, { requestId: 'parity-2' })))
  keep(await client.call('payments/pay', s2sPay('4054692760174822', { requestId: 'parity-3' })))
  keep(await client.call('payments/pay', s2sPay('4054695723100768', { requestId: 'parity-1' })))
  keep(await client.call('vaults/createVaultingSession', { paymentMethodType: 'CARD', vaultingRequestId: 'parity-v1' }))
  keep(await client.call('payments/pay', null, { raw: '{"broken": ' }))
  keep(await client.call('payments/teleport', {}))
  return transcript
}

test('the same exchanges through msw setupServer and through the node:http server give the same answers', async () => {
  const inProcess = startInProcessMock({ providers: ['antom'], clockOptions: { mode: 'manual', start: START }, baseUrl: 'https://open-sea-global.alipay.com' })
  let viaMsw: unknown[]
  try {
    viaMsw = await converse('https://open-sea-global.alipay.com')
  } finally {
    inProcess.close()
  }

  const server = await startMockServer({ port: 0, providers: ['antom'], clockOptions: { mode: 'manual', start: START } })
  let viaHttp: unknown[]
  try {
    viaHttp = await converse(server.url)
  } finally {
    await server.close()
  }

  expect(viaMsw).toHaveLength(8)
  expect(viaHttp).toEqual(viaMsw)
  expect(viaMsw.filter((t) => (t as { signatureValid?: boolean }).signatureValid === true)).toHaveLength(8)
})

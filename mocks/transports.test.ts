import { expect, test } from 'vitest'
import { DEFAULT_CLIENT_ID } from './antom/merchants.ts'
import { antomTestKeys } from './antom/test-keys.ts'
import { AntomDocClient } from './antom/test-support/doc-client.ts'
import { s2sPay, tokenPay } from './antom/test-support/fixture.ts'
import type { MockCore } from './core.ts'
import { startInProcessMock } from './node.ts'
import { startMockServer } from './server.ts'

const START = Date.UTC(2026, 5, 1, 12, 0, 0)
// Antom's Response-Time is wall-clock time: pinned, or two runs a second apart differ in it.
const CLOCK = { mode: 'manual', start: START, wall: () => START } as const

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
  // Transport edges: a wrong method, a body past the limit, a path that differs in case.
  const raw = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json; charset=UTF-8' }, ...(body === undefined ? {} : { body }) })
    transcript.push({ status: response.status, contentType: response.headers.get('content-type'), body: (await response.text()).replaceAll(baseUrl, '<base>') })
  }
  await raw('GET', '/ams/api/v1/payments/pay')
  await raw('POST', '/ams/api/v1/payments/pay', JSON.stringify({ filler: 'x'.repeat(MAX_BODY) }))
  await raw('POST', '/AMS/api/v1/payments/inquiryPayment/', '{}')
  return transcript
}

const MAX_BODY = 4096

/** What the recorder kept, with what differs by transport blanked (origins, timings). */
function recordedOf(mock: MockCore, baseUrl: string): unknown[] {
  return mock.engine.recorder.list().map(({ durationMs: _d, ...exchange }) =>
    JSON.parse(JSON.stringify(exchange).replaceAll(baseUrl, '<base>').replaceAll(new URL(baseUrl).host, '<host>').replace(/ALIPAY[A-Za-z0-9+/=]+/g, '<token>').replace(/"signature":"[^"]*"/g, '"signature":"<sig>"').replace(/"(request-time|referenceOrderId)":"[^"]*"/g, '"$1":"<client>"')) as unknown,
  )
}

test('the same exchanges through msw setupServer and through the node:http server give the same answers', async () => {
  const host = 'https://open-sea-global.alipay.com'
  const inProcess = startInProcessMock({ providers: ['antom'], clockOptions: CLOCK, maxBodyBytes: MAX_BODY, baseUrl: host })
  let viaMsw: unknown[]
  let recordedMsw: unknown[]
  try {
    viaMsw = await converse(host)
    recordedMsw = recordedOf(inProcess.mock, host)
  } finally {
    inProcess.close()
  }

  const server = await startMockServer({ port: 0, providers: ['antom'], clockOptions: CLOCK, maxBodyBytes: MAX_BODY })
  let viaHttp: unknown[]
  let recordedHttp: unknown[]
  try {
    viaHttp = await converse(server.url)
    recordedHttp = recordedOf(server.mock, server.url)
  } finally {
    await server.close()
  }

  expect(viaMsw).toHaveLength(11)
  expect(viaHttp).toEqual(viaMsw)
  expect(viaMsw.filter((t) => (t as { signatureValid?: boolean }).signatureValid === true)).toHaveLength(8)
  expect((viaMsw.slice(8) as { status: number }[]).map((t) => t.status)).toEqual([200, 200, 200])
  expect(viaMsw.slice(8).map((t) => JSON.parse((t as { body: string }).body) as { result: { resultCode: string } }).map((b) => b.result.resultCode)).toEqual(['METHOD_NOT_SUPPORTED', 'PARAM_ILLEGAL', 'PARAM_ILLEGAL'])
  // The recorder keeps the same exchanges, headers in the same order, whichever transport carried them.
  expect(recordedHttp).toHaveLength(11)
  expect(recordedHttp.map(headerNames)).toEqual(recordedMsw.map(headerNames))
  expect(recordedHttp.map(withoutTransportHeaders)).toEqual(recordedMsw.map(withoutTransportHeaders))
})

// Headers only one transport sends: node's fetch adds connection and keep-alive on a real socket,
// and the client sends them over HTTP; the rest must match name for name, in the same order.
const TRANSPORT_HEADERS = new Set(['connection', 'keep-alive', 'content-length', 'host', 'accept-encoding', 'sec-fetch-mode', 'accept-language', 'user-agent', 'accept'])
const headerNames = (exchange: unknown): string[] => Object.keys((exchange as { request: { headers: Record<string, string> } }).request.headers).filter((n) => !TRANSPORT_HEADERS.has(n))
function withoutTransportHeaders(exchange: unknown): unknown {
  const e = exchange as { request: { headers: Record<string, string> } }
  return { ...e, request: { ...e.request, headers: Object.fromEntries(Object.entries(e.request.headers).filter(([n]) => !TRANSPORT_HEADERS.has(n))) } }
}

import forge from 'node-forge'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { Result } from '../../contracts/antom/schemas.ts'
import { DEFAULT_CLIENT_ID } from './merchants.ts'
import { contentToSign, privateKeyFrom, signContent } from './signing.ts'
import { antomTestKeys } from './test-keys.ts'
import { AntomDocClient } from './test-support/doc-client.ts'
import { callChecked, control, s2sPay, startAntomFixture, type AntomFixture } from './test-support/fixture.ts'

let fx: AntomFixture
beforeAll(async () => {
  fx = await startAntomFixture()
})
afterAll(async () => {
  await fx.close()
})
beforeEach(() => fx.server.mock.reset())

/**
 * RSA-SHA256 by node-forge, a JavaScript RSA that shares no code with Node's crypto (OpenSSL): a
 * signature computed outside the mock's stack, on any machine that has npm.
 */
function independentSign(content: string): string {
  const digest = forge.md.sha256.create().update(content, 'utf8')
  return forge.util.encode64(forge.pki.privateKeyFromPem(antomTestKeys.merchantPrivateKey).sign(digest))
}

function independentVerify(content: string, base64Signature: string): boolean {
  const digest = forge.md.sha256.create().update(content, 'utf8')
  try {
    return (forge.pki.publicKeyFromPem(antomTestKeys.providerPublicKey) as forge.pki.rsa.PublicKey).verify(digest.digest().bytes(), forge.util.decode64(base64Signature))
  } catch {
    return false
  }
}

async function rawPost(path: string, body: string, headers: Record<string, string>, method = 'POST') {
  const response = await fetch(`${fx.server.url}${path}`, { method, headers, ...(method === 'GET' ? {} : { body }) })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as { result: { resultCode: string; resultStatus: string } } }
}

function signedHeaders(path: string, body: string, requestTime = '1685599933871', spaced = false) {
  const signature = encodeURIComponent(independentSign(`POST ${path}\n${DEFAULT_CLIENT_ID}.${requestTime}.${body}`))
  const sep = spaced ? ', ' : ','
  return {
    'content-type': 'application/json; charset=UTF-8',
    'client-id': DEFAULT_CLIENT_ID,
    'request-time': requestTime,
    signature: `algorithm=RSA256${sep}keyVersion=1${sep}signature=${signature}`,
  }
}

test('the mock signs exactly as an independent RSA does (PKCS#1 v1.5 is deterministic)', () => {
  const content = contentToSign('POST', '/ams/api/v1/payments/pay', DEFAULT_CLIENT_ID, '1685599933871', '{"a":1}')
  expect(decodeURIComponent(signContent(content, privateKeyFrom(antomTestKeys.merchantPrivateKey)))).toBe(independentSign(content))
})

test.each([
  ['epoch ms, live path', '/ams/api/v1/payments/pay', '1685599933871', false],
  ['ISO 8601, sandbox path, spaces after commas', '/ams/sandbox/api/v1/payments/pay', '2026-01-15T08:00:00+00:00', true],
])('a request signed by an independent RSA is accepted (%s), and the answer verifies with it', async (_label, path, requestTime, spaced) => {
  const body = JSON.stringify(s2sPay('4054695723100768'))
  const answer = await rawPost(path, body, signedHeaders(path, body, requestTime, spaced))
  expect(answer.json.result.resultCode).toBe('SUCCESS')
  const header = answer.headers.get('signature') ?? ''
  expect(header).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/)
  const signature = decodeURIComponent(header.split('signature=')[1] ?? '')
  const content = `POST ${path}\n${answer.headers.get('client-id')}.${answer.headers.get('response-time')}.${answer.text}`
  expect(independentVerify(content, signature)).toBe(true)
  expect(independentVerify(`${content} `, signature)).toBe(false)
})

test.each([
  ['a tampered body', (h: Record<string, string>) => h, '{"tampered":true}'],
  ['a signature by another key', (h: Record<string, string>) => ({ ...h, signature: h.signature?.replace(/signature=.{12}/, 'signature=AAAAAAAAAAAA') ?? '' }), undefined],
  ['no Signature header', (h: Record<string, string>) => ({ ...h, signature: '' }), undefined],
  ['a non-RSA256 algorithm', (h: Record<string, string>) => ({ ...h, signature: h.signature?.replace('RSA256', 'RSA') ?? '' }), undefined],
])('%s answers INVALID_SIGNATURE, unsigned', async (_label, mutate, bodyOverride) => {
  const path = '/ams/api/v1/payments/pay'
  const body = JSON.stringify(s2sPay('4054695723100768'))
  const headers = Object.fromEntries(Object.entries(mutate(signedHeaders(path, body))).filter(([, v]) => v !== ''))
  const answer = await rawPost(path, bodyOverride ?? body, headers)
  expect(answer.status).toBe(200)
  expect(answer.json.result).toMatchObject({ resultCode: 'INVALID_SIGNATURE', resultStatus: 'F' })
  expect(answer.headers.get('signature')).toBeNull()
  expect(fx.server.mock.engine.store.payments.size).toBe(0)
})

test('an unknown Client-Id answers INVALID_CLIENT; a registered merchant key is then accepted', async () => {
  const stranger = new AntomDocClient({ baseUrl: fx.server.url, clientId: 'SANDBOX_OTHER', merchantPrivateKeyPem: antomTestKeys.providerPrivateKey, antomPublicKeyPem: antomTestKeys.providerPublicKey })
  expect((await stranger.call('payments/inquiryPayment', { paymentId: 'x' })).result.resultCode).toBe('INVALID_CLIENT')
  const registered = await control(fx.server, 'POST', '/providers/antom/merchants', { clientId: 'SANDBOX_OTHER', publicKey: antomTestKeys.providerPublicKey.replace(/-----[A-Z ]+-----|\s/g, '') })
  expect(registered.status).toBe(201)
  const answer = await stranger.call('payments/inquiryPayment', { paymentId: 'x' })
  expect(answer.result.resultCode).toBe('ORDER_NOT_EXIST')
  expect(answer.signatureValid).toBe(true)
})

const PAY = '/ams/api/v1/payments/pay'
const valid = () => s2sPay('4054695723100768')

test.each<[string, string, string, () => { body: string; headers?: Record<string, string>; method?: string; path?: string }]>([
  ['malformed JSON', 'PARAM_ILLEGAL', 'not valid JSON', () => ({ body: '{"paymentRequestId": ' })],
  ['a missing required field', 'PARAM_ILLEGAL', 'paymentRequestId', () => ({ body: JSON.stringify({ ...valid(), paymentRequestId: undefined }) })],
  ['an over-long paymentRequestId', 'PARAM_ILLEGAL', 'paymentRequestId', () => ({ body: JSON.stringify({ ...valid(), paymentRequestId: 'x'.repeat(65) }) })],
  ['a wrong type', 'PARAM_ILLEGAL', 'paymentAmount', () => ({ body: JSON.stringify({ ...valid(), paymentAmount: 1000 }) })],
  ['a value outside the enum', 'PARAM_ILLEGAL', 'productCode', () => ({ body: JSON.stringify({ ...valid(), productCode: 'FREE_MONEY' }) })],
  ['a JSON array body', 'PARAM_ILLEGAL', '', () => ({ body: '[]' })],
  ['a wrong content type', 'MEDIA_TYPE_NOT_ACCEPTABLE', 'Content-Type', () => ({ body: JSON.stringify(valid()), headers: { 'content-type': 'text/plain' } })],
  ['a missing Request-Time', 'PARAM_ILLEGAL', 'Request-Time', () => ({ body: JSON.stringify(valid()), headers: { 'request-time': '' } })],
  ['a missing Client-Id', 'PARAM_ILLEGAL', 'Client-Id', () => ({ body: JSON.stringify(valid()), headers: { 'client-id': '' } })],
  ['an unknown path', 'NO_INTERFACE_DEF', '', () => ({ body: '{}', path: '/ams/api/v1/payments/teleport' })],
  ['a GET on a POST API', 'METHOD_NOT_SUPPORTED', '', () => ({ body: '', method: 'GET' })],
  ['a body over the size limit', 'PARAM_ILLEGAL', 'larger than', () => ({ body: JSON.stringify({ ...valid(), metadata: 'x'.repeat(1024 * 1024 + 10) }) })],
])('%s gets %s as a documented result, HTTP 200, never a crash', async (_label, code, mention, make) => {
  const { body, headers = {}, method = 'POST', path = PAY } = make()
  const all = Object.fromEntries(Object.entries({ ...signedHeaders(path, body), ...headers }).filter(([, v]) => v !== ''))
  const answer = await rawPost(path, body, all, method)
  expect(answer.status).toBe(200)
  expect(Result.parse(answer.json.result)).toMatchObject({ resultCode: code, resultStatus: 'F' })
  expect(JSON.stringify(answer.json)).toContain(mention)
  expect(fx.server.mock.engine.store.payments.size).toBe(0)
})

test('every exchange is recorded with the card masked and the CVV removed', async () => {
  await callChecked(fx.client, 'payments/pay', s2sPay('4054695723100768', { tokenizeMode: 'ENABLED' }))
  const listed = await control(fx.server, 'GET', '/exchanges?provider=antom&operation=pay')
  const text = JSON.stringify(listed.body)
  expect(text).toContain('405469******0768')
  expect(text).not.toContain('4054695723100768')
  expect(text).not.toMatch(/"cvv":"(?!\[removed\])/)
  expect((listed.body.exchanges as unknown[]).length).toBe(1)
})

test.each([
  ['expiry month 13', { expiryMonth: '13' }, 'INVALID_EXPIRATION_DATE'],
  ['a 2-digit CVV', { cvv: '99' }, 'INVALID_CVV'],
])('pay with %s answers the card code %s, as the sandbox documents', async (_label, change, code) => {
  const body = s2sPay('4054695723100768')
  const answer = await callChecked(fx.client, 'payments/pay', { ...body, paymentMethod: { ...body.paymentMethod, paymentMethodMetaData: { ...body.paymentMethod.paymentMethodMetaData, ...change } } })
  expect(answer.result).toMatchObject({ resultCode: code, resultStatus: 'F' })
})

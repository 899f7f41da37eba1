import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { API_KEY, encryptedCard, MERCHANT, sessionRequest, startAdyenFixture, type AdyenFixture } from './test-support/fixture.ts'

let fx: AdyenFixture
beforeAll(async () => {
  fx = await startAdyenFixture()
})
afterAll(() => fx.close())
beforeEach(() => fx.fresh())

const payment = (extra: Record<string, unknown> = {}) => ({ merchantAccount: MERCHANT, reference: 'order-1', amount: { currency: 'EUR', value: 1000 }, paymentMethod: encryptedCard(), ...extra })
const without = (body: Record<string, unknown>, field: string) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== field))

interface Case {
  readonly name: string
  readonly method?: string
  readonly path?: string
  readonly body?: unknown
  readonly raw?: string
  readonly headers?: Record<string, string>
  readonly status: number
  readonly errorCode: string
  readonly errorType: string
}

const CASES: readonly Case[] = [
  { name: 'malformed JSON', raw: '{"merchantAccount": ', status: 400, errorCode: '702', errorType: 'validation' },
  { name: 'a JSON array instead of an object', raw: '[]', status: 400, errorCode: '702', errorType: 'validation' },
  { name: 'missing reference', body: without(payment(), 'reference'), status: 422, errorCode: '130', errorType: 'validation' },
  { name: 'missing amount', body: without(payment(), 'amount'), status: 422, errorCode: '100', errorType: 'validation' },
  { name: 'missing merchantAccount', body: without(payment(), 'merchantAccount'), status: 422, errorCode: '701', errorType: 'validation' },
  { name: 'missing returnUrl on /sessions', path: '/v72/sessions', body: without(sessionRequest(), 'returnUrl'), status: 422, errorCode: '14_030', errorType: 'validation' },
  { name: 'amount.value of the wrong type', body: payment({ amount: { currency: 'EUR', value: '10.00' } }), status: 400, errorCode: '702', errorType: 'validation' },
  { name: 'a negative amount', body: payment({ amount: { currency: 'EUR', value: -1 } }), status: 422, errorCode: '137', errorType: 'validation' },
  { name: 'a two-character shopperReference', path: '/v72/sessions', body: sessionRequest({ shopperReference: 'ab' }), status: 422, errorCode: '701', errorType: 'validation' },
  { name: 'an unknown storePaymentMethodMode', path: '/v72/sessions', body: sessionRequest({ storePaymentMethodMode: 'always' }), status: 422, errorCode: '701', errorType: 'validation' },
  { name: 'a card number failing Luhn', body: payment({ paymentMethod: encryptedCard('4111111111111112') }), status: 422, errorCode: '101', errorType: 'validation' },
  { name: 'an invalid expiry month', body: payment({ paymentMethod: encryptedCard('4111111111111111', { encryptedExpiryMonth: 'test_13' }) }), status: 422, errorCode: '129', errorType: 'validation' },
  { name: 'a real (non-test_) encrypted field', body: payment({ paymentMethod: encryptedCard('4111111111111111', { encryptedCardNumber: 'adyenjs_0_1_25$AbCd' }) }), status: 422, errorCode: '701', errorType: 'validation' },
  { name: 'another merchant account', body: payment({ merchantAccount: 'SomeoneElse' }), status: 403, errorCode: '901', errorType: 'security' },
  { name: 'a missing API key', body: payment(), headers: { 'x-api-key': '' }, status: 401, errorCode: '000', errorType: 'security' },
  { name: 'an unknown API key', body: payment(), headers: { 'x-api-key': 'AQE_not_a_key_we_issued_000000' }, status: 401, errorCode: '000', errorType: 'security' },
  { name: 'an unknown path', path: '/v72/paymentz', body: payment(), status: 404, errorCode: '00_404', errorType: 'validation' },
  { name: 'a wrong method', method: 'PUT', body: payment(), status: 405, errorCode: '00_405', errorType: 'validation' },
  { name: 'an unknown session', method: 'GET', path: '/v72/sessions/CSUNKNOWN?sessionResult=x', status: 422, errorCode: '14_0417', errorType: 'validation' },
  { name: 'a session result without sessionResult', method: 'GET', path: '/v72/sessions/CSUNKNOWN', status: 422, errorCode: '701', errorType: 'validation' },
  { name: 'listing without shopperReference', method: 'GET', path: `/v72/storedPaymentMethods?merchantAccount=${MERCHANT}`, status: 422, errorCode: '701', errorType: 'validation' },
  { name: 'an Idempotency-Key over 64 characters', body: payment(), headers: { 'idempotency-key': 'k'.repeat(65) }, status: 422, errorCode: '701', errorType: 'validation' },
]

test.each(CASES)('$name → HTTP $status, errorCode $errorCode in the ServiceError body', async (c) => {
  const answer = await fx.call(c.method ?? 'POST', c.path ?? '/v72/payments', c.body, { ...(c.raw !== undefined ? { raw: c.raw } : {}), ...(c.headers ? { headers: c.headers } : {}) })
  expect(answer.status).toBe(c.status)
  expect(answer.body).toMatchObject({ status: c.status, errorCode: c.errorCode, errorType: c.errorType, message: expect.any(String), pspReference: expect.stringMatching(/^[A-Z0-9]{16}$/) })
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
})

test('a body over the size limit is 413 in Adyen\'s error body, not a crash or a hang', async () => {
  const answer = await fx.call('POST', '/v72/payments', undefined, { raw: JSON.stringify(payment({ metadata: { blob: 'x'.repeat(fx.server.mock.engine.maxBodyBytes) } })) })
  expect(answer.status).toBe(413)
  expect(answer.body).toMatchObject({ status: 413, errorCode: '00_413' })
})

test('every Checkout version prefix and the live /checkout prefix are served; a non-Checkout prefix is not claimed', async () => {
  for (const prefix of ['/v71', '/v72', '/v68', '/checkout/v72']) {
    const answer = await fx.call('POST', `${prefix}/paymentMethods`, { merchantAccount: MERCHANT })
    expect(answer.status).toBe(200)
  }
  const foreign = await fetch(`${fx.server.url}/v2/paymentMethods`, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: '{}' })
  expect(foreign.status).toBe(404)
  expect(await foreign.text()).not.toContain('errorCode')
})

test('a scenario rule forcing an error code answers that error; one forcing Refused refuses the payment', async () => {
  const control = (body: unknown) => fetch(`${fx.server.url}/__tokenproof/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect((await control({ provider: 'adyen', operation: 'payments', times: 1, effect: { type: 'resultCode', code: '99_500' } })).status).toBe(201)
  const failed = await fx.call('POST', '/v72/payments', payment())
  expect(failed.body).toMatchObject({ status: 500, errorCode: '99_500', errorType: 'internal' })
  await control({ provider: 'adyen', operation: 'payments', times: 1, effect: { type: 'resultCode', code: 'Refused' } })
  const refused = await fx.call('POST', '/v72/payments', payment({ reference: 'order-2' }))
  expect(refused.body).toMatchObject({ resultCode: 'Refused', refusalReasonCode: '2' })
})

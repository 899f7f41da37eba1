import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { pivotContract } from '../../contracts/pivot/index.ts'
import { CustomerResponse, PaymentCallback, PaymentSessionResponse } from '../../contracts/pivot/schemas.ts'
import { startMockServer, type MockServer } from '../server.ts'
import { DEFAULT_MERCHANT } from './merchants.ts'
import { buyer, card, encryptCard, PivotClient, session, startCallbackEndpoint, type CallbackEndpoint } from './test-support/client.ts'

let server: MockServer
let client: PivotClient
let merchant: CallbackEndpoint
beforeAll(async () => {
  server = await startMockServer({ port: 0, providers: ['pivot'], clockOptions: { mode: 'manual' } })
  merchant = await startCallbackEndpoint()
  client = new PivotClient(server.url)
})
afterAll(async () => {
  await server.close()
  await merchant.close()
})
beforeEach(async () => {
  await server.mock.reset()
  merchant.received.length = 0
  merchant.status = () => 200
  await fetch(`${server.url}/__tokenproof/providers/pivot/merchants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ merchantId: DEFAULT_MERCHANT.merchantId, callbackUrl: merchant.url }) })
  await client.login()
})

const FRICTIONLESS = '4440000112200001'
const CHALLENGE = '5550000112220002'
const DECLINED = '4440000334480001'
const AUTH_REJECTED = '3550000334420005'
const settle = () => server.mock.engine.outbox.idle()
const callbacks = () => merchant.received.map((r) => ({ ...r, parsed: PaymentCallback.parse(r.body) }))

async function create(body: Record<string, unknown>) {
  const answer = await client.call('POST', '/v2/payments', body)
  expect(answer.status, answer.raw).toBe(200)
  return PaymentSessionResponse.parse(answer.body).data
}

test('REDIRECT, "Save for future use" ticked: PAID, success redirect, PAYMENT.PAID callback with X-API-Key, the card stored under the customer', async () => {
  const created = await create(session({ saveForFuture: true, autoConfirm: true, paymentMethod: { type: 'CARD' }, paymentMethodOptions: { card: { captureMethod: 'automatic', threeDsMethod: 'CHALLENGE' } } }))
  expect(created).toMatchObject({ status: 'REQUIRE_PAYMENT_METHOD', mode: 'REDIRECT', saveForFutureUse: true, expirationMode: 'STRICT' })
  expect(created.paymentUrl).toMatch(new RegExp(`^${server.url}/pivot/pay/detail\\?token=`))
  expect(Date.parse(created.expiryAt) - Date.parse(created.createdAt)).toBe(15 * 60_000)
  expect(created.customerId).toEqual(expect.any(String))

  const paid = await buyer(server.url, 'pay', { paymentSessionId: created.id, card: card(CHALLENGE), saveForFutureUse: true })
  expect(paid.body).toMatchObject({ status: 'PAID', chargeStatus: 'SUCCESS', redirectUrl: 'https://shop.example/success' })
  await settle()

  const [callback, ...more] = callbacks()
  expect(more).toHaveLength(0)
  expect(callback?.headers['x-api-key']).toBe(DEFAULT_MERCHANT.callbackApiKey)
  expect(callback?.parsed.event).toBe('PAYMENT.PAID')
  expect(callback?.parsed.data.chargeDetails[0]).toMatchObject({ status: 'SUCCESS', isCaptured: true, capturedAmount: 150000, card: { first6: '555000', last4: '0002', authenticationResult: { threeDsResult: 'AUTHENTICATION_SUCCESSFUL' } } })
  expect(callback?.raw).not.toContain(CHALLENGE)

  const customer = await client.call('GET', `/v1/customers/${created.customerId}`)
  const stored = CustomerResponse.parse(customer.body).data.storedPaymentMethods
  expect(stored).toEqual([expect.objectContaining({ paymentMethod: 'CARD', paymentChannel: 'MASTERCARD', status: 'ACTIVE', card: expect.objectContaining({ first6: '555000', last4: '0002', expMonth: '12', expYear: '2030' }) })])
  expect(customer.raw).not.toContain(CHALLENGE)

  const status = await client.call('GET', `/v2/payments/${created.id}`)
  expect(status.body.data).toMatchObject({ status: 'PAID' })
})

test('REDIRECT without the box ticked, or without saveForFuture, stores nothing', async () => {
  const a = await create(session({ saveForFuture: true }))
  await buyer(server.url, 'pay', { paymentSessionId: a.id, card: card(FRICTIONLESS), saveForFutureUse: false })
  const b = await create(session({ saveForFuture: false }))
  await buyer(server.url, 'pay', { paymentSessionId: b.id, card: card(FRICTIONLESS), saveForFutureUse: true })
  const customer = await client.call('GET', `/v1/customers/${a.customerId}`)
  expect(a.customerId).toBe(b.customerId)
  expect(customer.body.data?.storedPaymentMethods).toEqual([])
})

test('REDIRECT reuse: showSavedPayment with customer.id, the buyer picks the saved card and must type the CVC', async () => {
  const first = await create(session({ saveForFuture: true }))
  await buyer(server.url, 'pay', { paymentSessionId: first.id, card: card(FRICTIONLESS), saveForFutureUse: true })
  const token = CustomerResponse.parse((await client.call('GET', `/v1/customers/${first.customerId}`)).body).data.storedPaymentMethods[0]?.token ?? ''

  const reuse = await create(session({ showSavedPayment: true, customer: { id: first.customerId } }))
  expect(reuse.showSavedPayment).toBe(true)
  const noCvc = await buyer(server.url, 'pay', { paymentSessionId: reuse.id, savedToken: token })
  expect(noCvc.status).toBe(409)
  expect(String(noCvc.body.error)).toContain('cvc')
  const paid = await buyer(server.url, 'pay', { paymentSessionId: reuse.id, savedToken: token, cvc: '123' })
  expect(paid.body).toMatchObject({ status: 'PAID', redirectUrl: 'https://shop.example/success' })
})

test('a declined card: charge FAILED with its failure code, failure redirect, PAYMENT.FAILED, nothing stored', async () => {
  const created = await create(session({ saveForFuture: true }))
  const result = await buyer(server.url, 'pay', { paymentSessionId: created.id, card: card(DECLINED), saveForFutureUse: true })
  expect(result.body).toMatchObject({ status: 'FAILED', chargeStatus: 'FAILED', failureCode: 'DECLINED_BY_CHANNEL', redirectUrl: 'https://shop.example/failure' })
  await settle()
  expect(callbacks().map((c) => [c.parsed.event, c.parsed.data.chargeDetails[0]?.failureCode])).toEqual([['PAYMENT.FAILED', 'DECLINED_BY_CHANNEL']])
  expect((await client.call('GET', `/v1/customers/${created.customerId}`)).body.data?.storedPaymentMethods).toEqual([])
})

test('API mode: encryptionKey, confirm with encryptedCard, 3DS action URL, the buyer authenticates, PAID and stored', async () => {
  const created = await create(session({ mode: 'API', autoConfirm: false, saveForFuture: true, paymentMethod: { type: 'CARD' } }))
  expect(created.status).toBe('REQUIRE_PAYMENT_METHOD')
  expect(created.encryptionKey).toMatch(/^-----BEGIN PUBLIC KEY-----/)
  expect(created.paymentUrl).toBeUndefined()

  const confirmed = await client.call('POST', `/v2/payments/${created.id}/confirm`, { paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(created.encryptionKey ?? '', card(CHALLENGE)) } } })
  expect(confirmed.status, confirmed.raw).toBe(200)
  const pending = PaymentSessionResponse.parse(confirmed.body).data
  expect(pending).toMatchObject({ status: 'REQUIRE_ACTION', nextAction: { type: 'REDIRECT_TO_URL' }, chargeDetails: [{ status: 'WAITING_FOR_AUTHENTICATION' }] })
  expect(confirmed.raw).not.toContain(CHALLENGE)

  const again = await client.call('POST', `/v2/payments/${created.id}/confirm`, { paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(created.encryptionKey ?? '', card(CHALLENGE)) } } })
  expect(again).toMatchObject({ status: 403, body: { code: '403100001' } })

  const done = await buyer(server.url, 'authenticate', { paymentSessionId: created.id })
  expect(done.body).toMatchObject({ status: 'PAID', chargeStatus: 'SUCCESS', redirectUrl: 'https://shop.example/success' })
  await settle()
  expect(callbacks().map((c) => c.parsed.event)).toEqual(['PAYMENT.PAID'])
  expect((await client.call('GET', `/v1/customers/${created.customerId}`)).body.data?.storedPaymentMethods).toHaveLength(1)
})

test('API mode reuse: autoConfirm with the stored token and CVC goes straight to 3DS; without the CVC it is refused', async () => {
  const first = await create(session({ mode: 'API', saveForFuture: true, paymentMethod: { type: 'CARD' } }))
  await client.call('POST', `/v2/payments/${first.id}/confirm`, { paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(first.encryptionKey ?? '', card(FRICTIONLESS)) } } })
  await buyer(server.url, 'authenticate', { paymentSessionId: first.id })
  const token = CustomerResponse.parse((await client.call('GET', `/v1/customers/${first.customerId}`)).body).data.storedPaymentMethods[0]?.token ?? ''

  const base = session({ mode: 'API', autoConfirm: true, customer: { id: first.customerId } })
  const noCvc = await client.call('POST', '/v2/payments', { ...base, paymentMethod: { type: 'CARD', card: { token } } })
  expect(noCvc.status).toBe(400)
  expect(noCvc.body.error?.details).toEqual([{ field: 'paymentMethod.card.cvc', message: expect.any(String) }])

  const reuse = await create({ ...base, clientReferenceId: `${base.clientReferenceId}-2`, paymentMethod: { type: 'CARD', card: { token, cvc: '123' } } })
  expect(reuse).toMatchObject({ status: 'REQUIRE_ACTION', chargeDetails: [{ card: { first6: '444000', last4: '0001' } }] })
  expect((await buyer(server.url, 'authenticate', { paymentSessionId: reuse.id })).body.status).toBe('PAID')

  const stranger = await create(session({ customer: { email: 'other@example.id' } }))
  const foreign = await client.call('POST', '/v2/payments', session({ mode: 'API', autoConfirm: true, customer: { id: stranger.customerId }, paymentMethod: { type: 'CARD', card: { token, cvc: '123' } } }))
  expect(foreign).toMatchObject({ status: 404, body: { code: '404100002' } })
})

test('API mode: a failed 3DS and an issuer that rejects authentication both end FAILED with AUTHENTICATION_FAILED', async () => {
  for (const [number, passed] of [[CHALLENGE, false], [AUTH_REJECTED, true]] as const) {
    const created = await create(session({ mode: 'API', paymentMethod: { type: 'CARD' } }))
    await client.call('POST', `/v2/payments/${created.id}/confirm`, { paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(created.encryptionKey ?? '', card(number)) } } })
    const done = await buyer(server.url, 'authenticate', { paymentSessionId: created.id, passed })
    expect(done.body).toMatchObject({ status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED', redirectUrl: 'https://shop.example/failure' })
  }
})

test('expiry on the engine clock: EXPIRED after 15 minutes, PAYMENT.EXPIRED, and the buyer is sent to the expiration URL', async () => {
  const created = await create(session({ mode: 'API', paymentMethod: { type: 'CARD' } }))
  await client.call('POST', `/v2/payments/${created.id}/confirm`, { paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(created.encryptionKey ?? '', card(CHALLENGE)) } } })
  await server.mock.engine.clock.advance(15 * 60_000 - 1)
  expect((await client.call('GET', `/v2/payments/${created.id}`, undefined, { token: await client.login() })).body.data).toMatchObject({ status: 'REQUIRE_ACTION' })
  await server.mock.engine.clock.advance(1)
  await settle()
  const status = await client.call('GET', `/v2/payments/${created.id}`)
  expect(status.body.data).toMatchObject({ status: 'EXPIRED', chargeDetails: [{ status: 'EXPIRED' }] })
  expect(callbacks().map((c) => c.parsed.event)).toEqual(['PAYMENT.EXPIRED'])
  const late = await buyer(server.url, 'authenticate', { paymentSessionId: created.id })
  expect(late.body).toMatchObject({ status: 'EXPIRED', redirectUrl: 'https://shop.example/expired' })
})

test('a custom expiryAt is honoured; a paid session never expires', async () => {
  const now = server.mock.engine.clock.now()
  const created = await create(session({ expiryAt: new Date(now + 60_000).toISOString() }))
  expect(created.expiryAt).toBe(new Date(now + 60_000).toISOString().replace('.000', ''))
  const paid = await create(session())
  await buyer(server.url, 'pay', { paymentSessionId: paid.id, card: card(FRICTIONLESS) })
  await server.mock.engine.clock.advance(60 * 60_000)
  await settle()
  expect((await client.call('GET', `/v2/payments/${created.id}`, undefined, { token: await client.login() })).body.data?.status).toBe('EXPIRED')
  expect((await client.call('GET', `/v2/payments/${paid.id}`)).body.data?.status).toBe('PAID')
  expect((await buyer(server.url, 'pay', { paymentSessionId: created.id, card: card(FRICTIONLESS) })).body).toMatchObject({ status: 'EXPIRED', redirectUrl: 'https://shop.example/expired' })
})

test('callbacks are retried on 5xx/408/429 on the documented schedule and stop for good on another status', async () => {
  const statuses = [503, 408, 429, 500, 400]
  merchant.status = (n) => statuses[n - 1] ?? 200
  const created = await create(session())
  await buyer(server.url, 'pay', { paymentSessionId: created.id, card: card(FRICTIONLESS) })
  await settle()
  const delays = pivotContract.retrySchedule.delaysMs
  for (let i = 1; i < delays.length; i++) {
    await server.mock.engine.clock.advance(delays[i] ?? 0)
    await settle()
  }
  expect(merchant.received).toHaveLength(5)
  const [record] = server.mock.engine.outbox.list({ provider: 'pivot' })
  expect(record?.status).toBe('failed')
  expect(record?.attempts.map((a) => [a.status, a.at - (record.attempts[0]?.at ?? 0)])).toEqual([
    [503, 0],
    [408, delays[1]],
    [429, (delays[1] ?? 0) + (delays[2] ?? 0)],
    [500, (delays[1] ?? 0) + (delays[2] ?? 0) + (delays[3] ?? 0)],
    [400, (delays[1] ?? 0) + (delays[2] ?? 0) + (delays[3] ?? 0) + (delays[4] ?? 0)],
  ])
})

test('callbacks to a merchant that keeps failing stop after the last scheduled attempt', async () => {
  merchant.status = () => 500
  const created = await create(session())
  await buyer(server.url, 'pay', { paymentSessionId: created.id, card: card(FRICTIONLESS) })
  await settle()
  await server.mock.engine.clock.advance(48 * 3_600_000)
  await settle()
  expect(merchant.received).toHaveLength(pivotContract.retrySchedule.delaysMs.length)
})

test('manual capture leaves the charge WAITING_FOR_CAPTURE', async () => {
  const created = await create(session({ paymentMethodOptions: { card: { captureMethod: 'manual' } } }))
  const result = await buyer(server.url, 'pay', { paymentSessionId: created.id, card: card(FRICTIONLESS) })
  expect(result.body).toMatchObject({ status: 'PAID', chargeStatus: 'WAITING_FOR_CAPTURE' })
  expect((await client.call('GET', `/v2/payments/${created.id}`)).body.data?.chargeDetails).toEqual([expect.objectContaining({ isCaptured: false, capturedAmount: 0, authorizedAmount: 150000 })])
})

test('every test card ends as its table says', async () => {
  for (const testCard of pivotContract.testCards) {
    const created = await create(session())
    const result = await buyer(server.url, 'pay', { paymentSessionId: created.id, card: card(testCard.number) })
    const b = testCard.behaviour
    const expected = b.kind === 'decline' ? b.code : b.kind === 'challenge' && b.then !== 'success' ? b.then.declineCode : undefined
    expect(result.body.failureCode, testCard.label).toBe(expected)
    expect(result.body.status, testCard.label).toBe(expected ? 'FAILED' : 'PAID')
  }
})

test('API mode with autoConfirm and encryptedCard at creation goes straight to REQUIRE_ACTION; a bad card makes no session', async () => {
  const key = ((await (await fetch(`${server.url}/__tokenproof/providers/pivot`)).json()) as { cardEncryptionKey: string }).cardEncryptionKey
  const created = await create(session({ mode: 'API', autoConfirm: true, paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(key, card(FRICTIONLESS)) } } }))
  expect(created).toMatchObject({ status: 'REQUIRE_ACTION', chargeDetails: [{ status: 'WAITING_FOR_AUTHENTICATION' }] })
  expect((await buyer(server.url, 'authenticate', { paymentSessionId: created.id })).body).toMatchObject({ status: 'PAID' })

  const bad = session({ mode: 'API', autoConfirm: true, paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(key, { ...card(FRICTIONLESS), cvc: 'x' }) } } })
  expect((await client.call('POST', '/v2/payments', bad)).status).toBe(400)
  expect((await client.call('POST', '/v2/payments', { ...bad, paymentMethod: { type: 'CARD', card: { encryptedCard: encryptCard(key, card(FRICTIONLESS)) } } })).status).toBe(200)
})

test('paymentUrl opens the payment page (a redirect), with the "save" box only when saveForFuture; a forged page token is not valid', async () => {
  const saving = await create(session({ saveForFuture: true }))
  const link = await fetch(String(saving.paymentUrl), { redirect: 'manual' })
  expect(link.status).toBe(302)
  expect(link.headers.get('location')).toBe(`/__tokenproof/pages/pivot/payment/${saving.id}`)
  const page = await (await fetch(String(saving.paymentUrl))).text()
  expect(page).toContain('Save for future use')
  expect(page).toContain('IDR 150000')
  const plain = await create(session({ saveForFuture: false }))
  expect(await (await fetch(String(plain.paymentUrl))).text()).not.toContain('id="saveCard"')
  const forged = String(saving.paymentUrl).replace(/token=[^.]+\.[^.]+\.[^&]+/, 'token=eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2ln')
  expect((await fetch(forged)).status).toBe(404)
})

import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { encryptedCard, MERCHANT, sessionRequest, startAdyenFixture, uniqueRef, WEBHOOK_USER, type AdyenFixture } from './test-support/fixture.ts'
import { verdicts } from './test-support/judge.ts'

let fx: AdyenFixture
beforeAll(async () => {
  fx = await startAdyenFixture()
})
afterAll(() => fx.close())
beforeEach(() => fx.fresh())

const SHOPPER = 'shopper-7f3a91'

async function openSession(extra: Record<string, unknown> = {}): Promise<string> {
  const created = await fx.call('POST', '/v72/sessions', sessionRequest(extra))
  expect(created.status).toBe(201)
  return created.body.id as string
}

/** Creates a session with storing enabled, pays it with the Visa test card, and returns the token. */
async function storeToken(shopperReference = SHOPPER): Promise<{ token: string; paymentPsp: string }> {
  const sessionId = await openSession({ storePaymentMethodMode: 'enabled', shopperReference })
  const paid = await fx.buyerPay({ sessionId, paymentMethod: encryptedCard() })
  expect(paid.body.resultCode).toBe('Authorised')
  await fx.settle()
  const contract = fx.merchant.byEvent('RECURRING_CONTRACT').find((w) => w.item.originalReference === paid.body.pspReference)
  expect(contract).toBeDefined()
  return { token: contract?.item.pspReference ?? '', paymentPsp: paid.body.pspReference as string }
}

test('askForConsent and the shopper ticks "save": AUTHORISATION, then RECURRING_CONTRACT carrying the token as seed 003 describes', async () => {
  const created = await fx.call('POST', '/v72/sessions', sessionRequest({ storePaymentMethodMode: 'askForConsent' }))
  expect(created.status).toBe(201)
  expect(created.body).toMatchObject({ storePaymentMethod: true, storePaymentMethodMode: 'askForConsent', shopperReference: SHOPPER, sessionData: expect.any(String) })

  const paid = await fx.buyerPay({ sessionId: created.body.id, paymentMethod: encryptedCard(), storePaymentMethod: true })
  expect(paid).toMatchObject({ status: 200, body: { resultCode: 'Authorised', sessionResult: expect.any(String) } })
  await fx.settle()

  const [auth, ...moreAuth] = fx.merchant.byEvent('AUTHORISATION')
  const [contract, ...moreContracts] = fx.merchant.byEvent('RECURRING_CONTRACT')
  expect(moreAuth).toHaveLength(0)
  expect(moreContracts).toHaveLength(0)
  expect(auth?.item).toMatchObject({ pspReference: paid.body.pspReference, success: 'true', merchantAccountCode: MERCHANT, paymentMethod: 'visa' })
  const token = contract?.item.additionalData['recurring.recurringDetailReference']
  expect(token).toMatch(/^[A-Z0-9]{16}$/)
  expect(contract?.item).toMatchObject({ pspReference: token, originalReference: paid.body.pspReference, success: 'true' })
  expect(contract?.item.additionalData['recurring.shopperReference']).toBe(SHOPPER)
  for (const webhook of fx.merchant.received) {
    expect(webhook.hmacValid).toBe(true)
    expect(webhook.headers.authorization).toBe(`Basic ${Buffer.from(`${WEBHOOK_USER.username}:${WEBHOOK_USER.password}`).toString('base64')}`)
    expect(webhook.raw).not.toContain('4111111111111111')
    expect(webhook.raw).not.toContain('737')
  }

  const result = await fx.call('GET', `/v72/sessions/${created.body.id as string}?sessionResult=${paid.body.sessionResult as string}`)
  expect(result.body).toMatchObject({ status: 'completed', payments: [{ pspReference: paid.body.pspReference, resultCode: 'Authorised' }] })
})

test('askForConsent without the tick, and disabled: Authorised, an AUTHORISATION webhook, no token', async () => {
  for (const mode of ['askForConsent', 'disabled'] as const) {
    fx.merchant.received.length = 0
    const sessionId = await openSession({ storePaymentMethodMode: mode })
    const paid = await fx.buyerPay({ sessionId, paymentMethod: encryptedCard(), storePaymentMethod: false })
    expect(paid.body.resultCode).toBe('Authorised')
    await fx.settle()
    expect(fx.merchant.byEvent('AUTHORISATION')).toHaveLength(1)
    expect(fx.merchant.byEvent('RECURRING_CONTRACT')).toHaveLength(0)
    expect(fx.merchant.byEvent('AUTHORISATION')[0]?.item.additionalData['recurring.recurringDetailReference']).toBeUndefined()
  }
  const list = await fx.call('GET', `/v72/storedPaymentMethods?shopperReference=${SHOPPER}&merchantAccount=${MERCHANT}`)
  expect(list.body.storedPaymentMethods).toEqual([])
})

test('enabled stores without a checkbox; the Mastercard test card works too and the stored method shows last four only', async () => {
  const sessionId = await openSession({ storePaymentMethodMode: 'enabled' })
  const paid = await fx.buyerPay({ sessionId, paymentMethod: { type: 'scheme', number: '5555555555554444', expiryMonth: '03', expiryYear: '2030', cvc: '737', holderName: 'J Tester' } })
  expect(paid.body.resultCode).toBe('Authorised')
  await fx.settle()
  expect(fx.merchant.byEvent('RECURRING_CONTRACT')).toHaveLength(1)
  const list = await fx.call('GET', `/v71/storedPaymentMethods?shopperReference=${SHOPPER}&merchantAccount=${MERCHANT}`)
  expect(list.body.storedPaymentMethods).toEqual([expect.objectContaining({ brand: 'mc', lastFour: '4444', expiryMonth: '03', expiryYear: '2030', shopperReference: SHOPPER })])
  expect(list.raw).not.toContain('5555555555554444')
})

test('refused (holderName DECLINED): refusal reason, AUTHORISATION success false, no token', async () => {
  const sessionId = await openSession({ storePaymentMethodMode: 'enabled' })
  const paid = await fx.buyerPay({ sessionId, paymentMethod: encryptedCard('4111111111111111', { holderName: 'DECLINED' }) })
  expect(paid.body).toMatchObject({ resultCode: 'Refused', refusalReason: 'Refused' })
  await fx.settle()
  expect(fx.merchant.byEvent('AUTHORISATION').map((w) => w.item)).toEqual([expect.objectContaining({ success: 'false', reason: 'Refused' })])
  expect(fx.merchant.byEvent('RECURRING_CONTRACT')).toHaveLength(0)
  const result = await fx.call('GET', `/v72/sessions/${sessionId}?sessionResult=${paid.body.sessionResult as string}`)
  expect(result.body.status).toBe('active')
})

test('a wrong CVC on a test card is refused as Adyen documents (generic DECLINED)', async () => {
  const paid = await fx.call('POST', '/v72/payments', {
    merchantAccount: MERCHANT,
    reference: uniqueRef('pay'),
    amount: { currency: 'EUR', value: 500 },
    paymentMethod: encryptedCard('4111111111111111', { encryptedSecurityCode: 'test_123' }),
  })
  expect(paid.body).toMatchObject({ resultCode: 'Refused', refusalReasonCode: '2' })
})

test('PENDING holder name: Received, no webhook yet; the token comes once the payment authorises on the clock', async () => {
  const sessionId = await openSession({ storePaymentMethodMode: 'enabled' })
  const paid = await fx.buyerPay({ sessionId, paymentMethod: encryptedCard('4111111111111111', { holderName: 'PENDING' }) })
  expect(paid.body.resultCode).toBe('Received')
  await fx.settle()
  expect(fx.merchant.received).toHaveLength(0)
  const pending = await fx.call('GET', `/v72/sessions/${sessionId}?sessionResult=${paid.body.sessionResult as string}`)
  expect(pending.body.status).toBe('paymentPending')

  await fx.advance(10 * 60_000)
  expect(fx.merchant.byEvent('AUTHORISATION').map((w) => w.item.success)).toEqual(['true'])
  expect(fx.merchant.byEvent('RECURRING_CONTRACT').map((w) => w.item.originalReference)).toEqual([paid.body.pspReference])
  const done = await fx.call('GET', `/v72/sessions/${sessionId}?sessionResult=${paid.body.sessionResult as string}`)
  expect(done.body.status).toBe('completed')
})

test('zero-auth: amount.value 0 validates and stores the card', async () => {
  const sessionId = await openSession({ storePaymentMethodMode: 'enabled', amount: { currency: 'EUR', value: 0 } })
  const paid = await fx.buyerPay({ sessionId, paymentMethod: encryptedCard() })
  expect(paid.body.resultCode).toBe('Authorised')
  await fx.settle()
  const [contract] = fx.merchant.byEvent('RECURRING_CONTRACT')
  expect(contract?.item.amount).toEqual({ currency: 'EUR', value: 0 })
  const payment = fx.server.mock.engine.store.payments.get(paid.body.pspReference as string)
  expect(payment?.flags.zeroAuth).toBe(true)
})

test('reuse in a session (CardOnFile + ContAuth) needs the CVC, unless the merchant has skipCvcForOneClick', async () => {
  const { token } = await storeToken()
  const reuse = { storedPaymentMethodId: token }
  const sessionId = await openSession({ shopperInteraction: 'ContAuth', recurringProcessingModel: 'CardOnFile', paymentMethod: reuse })
  const withoutCvc = await fx.buyerPay({ sessionId, paymentMethod: reuse })
  expect(withoutCvc.status).toBe(409)
  expect(String(withoutCvc.body.error)).toContain('CVC')

  fx.merchant.received.length = 0
  const withCvc = await fx.buyerPay({ sessionId, paymentMethod: { ...reuse, encryptedSecurityCode: 'test_737' } })
  expect(withCvc.body.resultCode).toBe('Authorised')
  await fx.settle()
  expect(fx.merchant.byEvent('AUTHORISATION')).toHaveLength(1)
  expect(fx.merchant.byEvent('RECURRING_CONTRACT')).toHaveLength(0)
  const record = fx.server.mock.engine.store.payments.get(withCvc.body.pspReference as string)
  expect(record).toMatchObject({ usedTokenId: token, flags: { cvcPresent: true, shopperInteraction: 'ContAuth', recurringProcessingModel: 'CardOnFile' } })

  await fx.configure({ skipCvcForOneClick: true })
  const second = await openSession({ shopperInteraction: 'ContAuth', paymentMethod: reuse })
  expect((await fx.buyerPay({ sessionId: second, paymentMethod: reuse })).body.resultCode).toBe('Authorised')
})

test('/payments with the token for Subscription and UnscheduledCardOnFile needs no CVC; /paymentMethods lists the stored card', async () => {
  const { token } = await storeToken()
  for (const model of ['Subscription', 'UnscheduledCardOnFile'] as const) {
    const paid = await fx.call('POST', '/v72/payments', {
      merchantAccount: MERCHANT,
      reference: uniqueRef('renewal'),
      amount: { currency: 'EUR', value: 1299 },
      paymentMethod: { type: 'scheme', storedPaymentMethodId: token },
      shopperReference: SHOPPER,
      shopperInteraction: 'ContAuth',
      recurringProcessingModel: model,
    })
    expect(paid.status).toBe(200)
    expect(paid.body).toMatchObject({ resultCode: 'Authorised', paymentMethod: { brand: 'visa', type: 'scheme' } })
  }
  const oneClickWithoutCvc = await fx.call('POST', '/v72/payments', {
    merchantAccount: MERCHANT,
    reference: uniqueRef('oneclick'),
    amount: { currency: 'EUR', value: 100 },
    paymentMethod: { type: 'scheme', storedPaymentMethodId: token },
    shopperReference: SHOPPER,
    shopperInteraction: 'ContAuth',
    recurringProcessingModel: 'CardOnFile',
  })
  expect(oneClickWithoutCvc.body).toMatchObject({ status: 422, errorCode: '103' })

  const methods = await fx.call('POST', '/v72/paymentMethods', { merchantAccount: MERCHANT, shopperReference: SHOPPER })
  expect(methods.body.storedPaymentMethods).toEqual([expect.objectContaining({ id: token, lastFour: '1111', brand: 'visa' })])
})

test('the token is in the Authorised /payments answer only when the merchant enabled "Recurring details"', async () => {
  const request = () => ({ merchantAccount: MERCHANT, reference: uniqueRef('s2s'), amount: { currency: 'EUR', value: 100 }, paymentMethod: encryptedCard(), shopperReference: 'shopper-s2s', storePaymentMethod: true, recurringProcessingModel: 'CardOnFile', shopperInteraction: 'Ecommerce' })
  const plain = await fx.call('POST', '/v72/payments', request())
  expect(plain.body.additionalData).toBeUndefined()
  await fx.configure({ recurringDetailsInResponse: true })
  const detailed = await fx.call('POST', '/v72/payments', request())
  await fx.settle()
  expect((detailed.body.additionalData as Record<string, string>)['recurring.recurringDetailReference']).toBe(fx.merchant.byEvent('RECURRING_CONTRACT')[0]?.item.pspReference)
})

test('a deleted or unknown token fails as documented: 422 800 on /payments, refused in a session, 422 803 on a second delete', async () => {
  const { token } = await storeToken()
  const deleted = await fx.call('DELETE', `/v72/storedPaymentMethods/${token}?shopperReference=${SHOPPER}&merchantAccount=${MERCHANT}`)
  expect(deleted.status).toBe(204)
  expect(deleted.raw).toBe('')
  const list = await fx.call('GET', `/v72/storedPaymentMethods?shopperReference=${SHOPPER}&merchantAccount=${MERCHANT}`)
  expect(list.body.storedPaymentMethods).toEqual([])

  const reuse = await fx.call('POST', '/v72/payments', {
    merchantAccount: MERCHANT,
    reference: uniqueRef('after-delete'),
    amount: { currency: 'EUR', value: 100 },
    paymentMethod: { type: 'scheme', storedPaymentMethodId: token },
    shopperReference: SHOPPER,
    shopperInteraction: 'ContAuth',
    recurringProcessingModel: 'Subscription',
  })
  expect(reuse.body).toMatchObject({ status: 422, errorCode: '800', errorType: 'validation' })
  const inSession = await fx.call('POST', '/v72/sessions', sessionRequest({ shopperInteraction: 'ContAuth', paymentMethod: { storedPaymentMethodId: token } }))
  expect(inSession.body).toMatchObject({ status: 422, errorCode: '800' })
  const again = await fx.call('DELETE', `/v72/storedPaymentMethods/${token}?shopperReference=${SHOPPER}&merchantAccount=${MERCHANT}`)
  expect(again.body).toMatchObject({ status: 422, errorCode: '803' })
  const otherShopper = await fx.call('POST', '/v72/payments', {
    merchantAccount: MERCHANT,
    reference: uniqueRef('foreign'),
    amount: { currency: 'EUR', value: 100 },
    paymentMethod: { type: 'scheme', storedPaymentMethodId: 'UNKNOWNTOKEN0000' },
    shopperReference: SHOPPER,
    recurringProcessingModel: 'Subscription',
  })
  expect(otherShopper.body).toMatchObject({ status: 422, errorCode: '800' })
})

test('webhooks are retried on Adyen schedule through the clock while the endpoint fails, then delivered once it answers 2xx', async () => {
  fx.merchant.answer = () => ({ status: 500, body: 'down' })
  const sessionId = await openSession({ storePaymentMethodMode: 'disabled' })
  await fx.buyerPay({ sessionId, paymentMethod: encryptedCard() })
  await fx.settle()
  expect(fx.merchant.received).toHaveLength(1)
  await fx.advance(9_000)
  await fx.advance(9_000)
  expect(fx.merchant.received).toHaveLength(3)
  fx.merchant.answer = () => ({ status: 204, body: '' })
  await fx.advance(9_000)
  expect(fx.merchant.received).toHaveLength(4)
  const [notification] = fx.server.mock.engine.outbox.list({ provider: 'adyen' })
  expect(notification?.status).toBe('delivered')
  expect(notification?.attempts.map((a) => a.at - (notification.attempts[0]?.at ?? 0))).toEqual([0, 9_000, 18_000, 27_000])
  await fx.advance(60 * 60_000)
  expect(fx.merchant.received).toHaveLength(4)
})

test('with the legacy "[accepted]" setting a bare 200 is not an acknowledgement; by default any 2xx is', async () => {
  await fx.configure({ requireAcceptedBody: true })
  fx.merchant.answer = () => ({ status: 200, body: '' })
  const sessionId = await openSession({ storePaymentMethodMode: 'disabled' })
  await fx.buyerPay({ sessionId, paymentMethod: encryptedCard() })
  await fx.settle()
  const [notification] = fx.server.mock.engine.outbox.list({ provider: 'adyen' })
  expect(notification?.status).toBe('scheduled')
  fx.merchant.answer = () => ({ status: 200, body: '[accepted]' })
  await fx.advance(9_000)
  expect(notification?.status).toBe('delivered')
  expect(notification?.attempts.map((a) => a.acknowledged)).toEqual([false, true])
})

test('a shopperReference that looks like an e-mail or a name is accepted and flagged for the suites', async () => {
  for (const [reference, kind] of [['jane.doe@example.com', 'email'], ['Jane Doe', 'name'], ['shopper-7f3a91', undefined]] as const) {
    const sessionId = await openSession({ shopperReference: reference, storePaymentMethodMode: 'disabled' })
    const paid = await fx.buyerPay({ sessionId, paymentMethod: encryptedCard() })
    expect(fx.server.mock.engine.store.payments.get(paid.body.pspReference as string)?.flags.shopperReferencePii).toBe(kind)
  }
})

test('Idempotency-Key: same key and body replays the answer and echoes the key; a different body is 422 704', async () => {
  const body = { merchantAccount: MERCHANT, reference: uniqueRef('idem'), amount: { currency: 'EUR', value: 700 }, paymentMethod: encryptedCard() }
  const key = 'f3c1b1e2-6f0e-4b8e-9a53-1d2c3b4a5e6f'
  const first = await fx.call('POST', '/v72/payments', body, { headers: { 'Idempotency-Key': key } })
  const second = await fx.call('POST', '/v72/payments', body, { headers: { 'Idempotency-Key': key } })
  expect(second.raw).toBe(first.raw)
  expect(second.headers.get('idempotency-key')).toBe(key)
  expect(fx.server.mock.engine.store.payments.filter((p) => p.requestId === body.reference)).toHaveLength(1)
  const conflict = await fx.call('POST', '/v72/payments', { ...body, amount: { currency: 'EUR', value: 701 } }, { headers: { 'Idempotency-Key': key } })
  expect(conflict.body).toMatchObject({ status: 422, errorCode: '704' })
  expect(conflict.headers.get('idempotency-key')).toBe(key)
})

test('the recorder keeps neither a full card number nor a CVC of what crossed the wire', async () => {
  await storeToken()
  await fx.call('POST', '/v72/payments', { merchantAccount: MERCHANT, reference: uniqueRef('rec'), amount: { currency: 'EUR', value: 100 }, paymentMethod: { type: 'scheme', number: '5555555555554444', expiryMonth: '03', expiryYear: '2030', cvc: '737' } })
  const recorded = JSON.stringify(fx.server.mock.engine.recorder.list({ provider: 'adyen' }))
  expect(recorded).toContain('555555')
  expect(recorded).not.toContain('5555555555554444')
  expect(recorded).not.toContain('4111111111111111')
  expect(recorded).not.toMatch(/"(cvc|encryptedSecurityCode)":"(?!\[removed\])/)
})

test('every answer and webhook in this file was judged against the published OpenAPI', () => {
  expect(verdicts.some((v) => v.spec === 'webhooks' && v.component === 'RecurringContractNotificationRequest')).toBe(true)
  expect(verdicts.some((v) => v.spec === 'checkoutV71' && v.component === 'CreateCheckoutSessionResponse')).toBe(true)
  expect(verdicts.some((v) => v.component === 'ServiceError')).toBe(true)
})

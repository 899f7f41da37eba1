import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { NotifyPayment, NotifyVaulting } from '../../contracts/antom/schemas.ts'
import { amount, buyer, callChecked, s2sPay, startAntomFixture, tokenPay, uniqueId, type AntomFixture } from './test-support/fixture.ts'

let fx: AntomFixture
beforeAll(async () => {
  fx = await startAntomFixture()
})
afterAll(() => fx.close())
beforeEach(async () => {
  await fx.server.mock.reset()
  fx.merchant.received.length = 0
  fx.merchant.answer = () => ({ status: 200, body: JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } }) })
})

const VISA_OK = '4054695723100768'
const VISA_DECLINED = '4054692760174822'
const PENDING_THEN_OK = '4000000000000101'
const PENDING_THEN_DECLINED = '4000000000000119'
const CHALLENGE = '4000000000003220'
const TEST_CARD = { number: VISA_OK, expiryMonth: '12', expiryYear: '30', cvv: '123' }

const settle = () => fx.server.mock.engine.outbox.idle()

const paymentNotifications = () => fx.merchant.received.filter((n) => 'paymentId' in n.body).map((n) => ({ ...n, parsed: NotifyPayment.parse(n.body) }))

function session(tokenizeMode?: string, extra: Record<string, unknown> = {}) {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: uniqueId('session'),
    paymentAmount: amount(),
    order: { referenceOrderId: uniqueId('order'), orderDescription: 'Session order', orderAmount: amount(), buyer: { referenceBuyerId: 'buyer-001' } },
    paymentRedirectUrl: 'https://merchant.example/return',
    paymentNotifyUrl: fx.merchant.url,
    ...(tokenizeMode ? { availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode } } } : {}),
    ...extra,
  }
}

test('first payment with ASKFORCONSENT and consent: a signed notifyPayment carries the token, and the token pays again', async () => {
  const created = await callChecked(fx.client, 'payments/createPaymentSession', session('ASKFORCONSENT'))
  expect(created.result.resultStatus).toBe('S')
  expect(created.body.paymentSessionId).toEqual(expect.any(String))

  const paid = await buyer(fx.server, 'pay', { paymentSessionId: created.body.paymentSessionId, card: TEST_CARD, saveCard: true })
  expect(paid.status).toBe(200)
  await settle()

  const [notification, ...more] = paymentNotifications()
  expect(more).toHaveLength(0)
  expect(notification?.signatureValid).toBe(true)
  expect(notification?.parsed.notifyType).toBe('PAYMENT_RESULT')
  expect(notification?.parsed.result.resultStatus).toBe('S')
  const info = notification?.parsed.paymentResultInfo
  expect(info?.cardNo).toBe('************0768')
  expect(info?.cardToken).toMatch(/^ALIPAY/)
  expect(notification?.raw).not.toContain(VISA_OK)

  const reuse = await callChecked(fx.client, 'payments/pay', tokenPay(info?.cardToken ?? '', { notifyUrl: fx.merchant.url }))
  expect(reuse.result).toMatchObject({ resultCode: 'SUCCESS', resultStatus: 'S' })
  expect(fx.server.mock.engine.store.payments.filter((p) => p.usedTokenId === info?.cardToken)).toHaveLength(1)
})

test('without consent no token exists: the notification has no cardToken and the mock holds none', async () => {
  const created = await callChecked(fx.client, 'payments/createPaymentSession', session('ASKFORCONSENT'))
  await buyer(fx.server, 'pay', { paymentSessionId: created.body.paymentSessionId, card: TEST_CARD, saveCard: false })
  await settle()
  const [notification] = paymentNotifications()
  expect(notification?.parsed.result.resultStatus).toBe('S')
  expect(notification?.parsed.paymentResultInfo?.cardToken).toBeUndefined()
  expect(fx.server.mock.engine.store.tokens.size).toBe(0)
})

test('a session offering a saved card with isCardOnFile lets the buyer pay with it', async () => {
  const first = await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { tokenizeMode: 'ENABLED' }))
  const token = (first.body.paymentResultInfo as { cardToken: string }).cardToken
  const created = await callChecked(
    fx.client,
    'payments/createPaymentSession',
    session(undefined, {
      availablePaymentMethod: { paymentMethodMetaData: { isCardOnFile: true } },
      savedPaymentMethods: [{ paymentMethodType: 'CARD', paymentMethodId: token }],
    }),
  )
  const paid = await buyer(fx.server, 'pay', { paymentSessionId: created.body.paymentSessionId, savedPaymentMethodId: token })
  expect(paid.body).toMatchObject({ status: 'succeeded', resultCode: 'SUCCESS' })
  const payment = fx.server.mock.engine.store.payments.get(String(paid.body.id))
  expect(payment?.flags.isCardOnFile).toBe(true)
})

test('hosted card pay with ASKFORCONSENT: PAYMENT_IN_PROCESS with the page URL, then the buyer saves the card', async () => {
  const body = { ...s2sPay(VISA_OK, { notifyUrl: fx.merchant.url }), paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } } }
  const answer = await callChecked(fx.client, 'payments/pay', body)
  expect(answer.result).toMatchObject({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U' })
  expect(answer.body.normalUrl).toEqual(expect.stringContaining(String(answer.body.paymentId)))

  await buyer(fx.server, 'pay', { paymentId: answer.body.paymentId, card: TEST_CARD, saveCard: true })
  await settle()
  const [notification] = paymentNotifications()
  expect(notification?.parsed.paymentResultInfo?.cardToken).toMatch(/^ALIPAY/)

  const inquiry = await callChecked(fx.client, 'payments/inquiryPayment', { paymentRequestId: body.paymentRequestId })
  expect(inquiry.body.paymentStatus).toBe('SUCCESS')
  expect((inquiry.body.paymentResultInfo as { cardToken?: string }).cardToken).toBe(notification?.parsed.paymentResultInfo?.cardToken)
})

test('server-to-server pay with ENABLED answers S with the token, and notifies the same token', async () => {
  const answer = await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { tokenizeMode: 'ENABLED', notifyUrl: fx.merchant.url }))
  expect(answer.result.resultStatus).toBe('S')
  const token = (answer.body.paymentResultInfo as { cardToken?: string }).cardToken
  expect(token).toMatch(/^ALIPAY/)
  await settle()
  expect(paymentNotifications()[0]?.parsed.paymentResultInfo?.cardToken).toBe(token)
})

test('server-to-server pay without tokenizeMode saves nothing', async () => {
  const answer = await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK))
  expect(answer.result.resultStatus).toBe('S')
  expect((answer.body.paymentResultInfo as { cardToken?: string }).cardToken).toBeUndefined()
  expect(fx.server.mock.engine.store.tokens.size).toBe(0)
})

test('the same card saved twice by the same buyer keeps one token', async () => {
  const a = await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { tokenizeMode: 'ENABLED' }))
  const b = await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { tokenizeMode: 'ENABLED' }))
  expect((a.body.paymentResultInfo as { cardToken: string }).cardToken).toBe((b.body.paymentResultInfo as { cardToken: string }).cardToken)
})

test('an unknown token fails with INVALID_PAYMENT_METHOD_META_DATA and charges nothing', async () => {
  const answer = await callChecked(fx.client, 'payments/pay', tokenPay('ALIPAYnot-a-token=='))
  expect(answer.result).toMatchObject({ resultCode: 'INVALID_PAYMENT_METHOD_META_DATA', resultStatus: 'F' })
  expect(fx.server.mock.engine.store.payments.size).toBe(0)
})

test.each([
  ['DO_NOT_HONOR', VISA_DECLINED],
  ['DO_NOT_HONOR', '5162770472561357'],
  ['INVALID_CARD_NUMBER', '4054695723100769'],
])('declined card answers %s with status F and notifies F without a token', async (code, cardNo) => {
  const answer = await callChecked(fx.client, 'payments/pay', s2sPay(cardNo, { tokenizeMode: 'ENABLED', notifyUrl: fx.merchant.url }))
  expect(answer.result).toMatchObject({ resultCode: code, resultStatus: 'F' })
  await settle()
  const [notification] = paymentNotifications()
  expect(notification?.parsed.result).toMatchObject({ resultCode: code, resultStatus: 'F' })
  expect(notification?.parsed.paymentResultInfo).toBeUndefined()
  expect(fx.server.mock.engine.store.tokens.size).toBe(0)
})

test.each([
  [PENDING_THEN_OK, 'SUCCESS', 'S', true],
  [PENDING_THEN_DECLINED, 'DO_NOT_HONOR', 'F', false],
])('a pending payment (%s) settles later by notification as the clock advances', async (cardNo, code, status, saves) => {
  const body = s2sPay(cardNo, { tokenizeMode: 'ENABLED', notifyUrl: fx.merchant.url })
  const answer = await callChecked(fx.client, 'payments/pay', body)
  expect(answer.result).toMatchObject({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U' })
  await settle()
  expect(paymentNotifications().map((n) => n.parsed.notifyType)).toEqual(['PAYMENT_PENDING'])
  expect((await callChecked(fx.client, 'payments/inquiryPayment', { paymentRequestId: body.paymentRequestId })).body.paymentStatus).toBe('PENDING')

  await fx.server.mock.engine.clock.advance(9 * 60_000)
  await settle()
  expect(paymentNotifications()).toHaveLength(1)
  await fx.server.mock.engine.clock.advance(60_000)
  await settle()

  const final = paymentNotifications()[1]
  expect(final?.parsed).toMatchObject({ notifyType: 'PAYMENT_RESULT', result: { resultCode: code, resultStatus: status } })
  expect(final?.parsed.paymentResultInfo?.cardToken !== undefined).toBe(saves)
  const inquiry = await callChecked(fx.client, 'payments/inquiryPayment', { paymentId: answer.body.paymentId })
  expect(inquiry.body).toMatchObject({ paymentStatus: status === 'S' ? 'SUCCESS' : 'FAIL', paymentResultCode: code })
})

test('a 3DS card waits for the buyer: PAYMENT_IN_PROCESS with a challenge URL, then success', async () => {
  const answer = await callChecked(fx.client, 'payments/pay', s2sPay(CHALLENGE, { tokenizeMode: 'ENABLED', notifyUrl: fx.merchant.url }))
  expect(answer.result.resultCode).toBe('PAYMENT_IN_PROCESS')
  expect(answer.body.normalUrl).toEqual(expect.stringContaining('/challenge/'))
  const done = await buyer(fx.server, 'authenticate', { paymentId: answer.body.paymentId, passed: true })
  expect(done.body).toMatchObject({ status: 'succeeded' })
  await settle()
  expect(paymentNotifications()[0]?.parsed.paymentResultInfo?.threeDSResult?.eci).toBe('05')
})

test('vaulting session → the buyer binds a card → notifyVaulting with the token; inquireVaulting agrees', async () => {
  const vaultingRequestId = uniqueId('vault')
  const created = await callChecked(fx.client, 'vaults/createVaultingSession', { paymentMethodType: 'CARD', vaultingRequestId, vaultingNotificationUrl: fx.merchant.url })
  expect(created.result.resultStatus).toBe('S')
  expect(created.body).toMatchObject({ vaultingSessionId: expect.any(String), vaultingSessionData: expect.any(String), vaultingSessionExpiryTime: expect.stringMatching(/\+08:00$/) })

  const before = await callChecked(fx.client, 'vaults/inquireVaulting', { vaultingRequestId })
  expect(before.body.vaultingStatus).toBe('PROCESSING')

  await buyer(fx.server, 'vault', { vaultingSessionId: created.body.vaultingSessionId, card: TEST_CARD })
  await settle()
  const notification = fx.merchant.received.map((n) => NotifyVaulting.safeParse(n.body)).find((p) => p.success)?.data
  expect(notification?.result.resultStatus).toBe('S')
  const token = notification?.paymentMethodDetail?.card?.cardToken
  expect(token).toMatch(/^ALIPAY/)
  expect(fx.merchant.received[0]?.signatureValid).toBe(true)

  const after = await callChecked(fx.client, 'vaults/inquireVaulting', { vaultingRequestId })
  expect(after.body).toMatchObject({ vaultingStatus: 'SUCCESS', paymentMethodDetail: { card: { cardToken: token, maskedCardNo: '************0768' } } })
  expect((await callChecked(fx.client, 'payments/pay', tokenPay(token ?? ''))).result.resultStatus).toBe('S')
})

test('vaultPaymentMethod with card data returns the token at once and notifies it', async () => {
  const vaultingRequestId = uniqueId('vault')
  const request = {
    vaultingRequestId,
    vaultingNotificationUrl: fx.merchant.url,
    paymentMethodDetail: { paymentMethodType: 'CARD', card: { cardNo: VISA_OK, expiryMonth: '12', expiryYear: '30', cvv: '123' } },
  }
  const answer = await callChecked(fx.client, 'vaults/vaultPaymentMethod', request)
  expect(answer.result.resultCode).toBe('SUCCESS')
  const token = (answer.body.paymentMethodDetail as { card: { cardToken: string } }).card.cardToken
  await settle()
  expect(NotifyVaulting.parse(fx.merchant.received[0]?.body).paymentMethodDetail?.card?.cardToken).toBe(token)
  const declined = await callChecked(fx.client, 'vaults/vaultPaymentMethod', { ...request, vaultingRequestId: uniqueId('vault'), paymentMethodDetail: { paymentMethodType: 'CARD', card: { cardNo: VISA_DECLINED, expiryMonth: '12', expiryYear: '30' } } })
  expect(declined.result).toMatchObject({ resultCode: 'VERIFICATION_FAIL', resultStatus: 'F' })
  expect((await callChecked(fx.client, 'vaults/inquireVaulting', { vaultingRequestId: 'nope' })).result.resultCode).toBe('VAULTING_NOT_EXIST')
})

test('inquiryPayment of an unknown payment answers ORDER_NOT_EXIST', async () => {
  const answer = await callChecked(fx.client, 'payments/inquiryPayment', { paymentRequestId: 'never-sent' })
  expect(answer.result).toMatchObject({ resultCode: 'ORDER_NOT_EXIST', resultStatus: 'F' })
})

test('the page URL in an answer opens a form whose submission is the buyer step', async () => {
  const created = await callChecked(fx.client, 'payments/createPaymentSession', session('ASKFORCONSENT'))
  const page = await fetch(String(created.body.normalUrl))
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toContain('text/html')
  const html = await page.text()
  expect(html).toContain('/__tokenproof/providers/antom/buyer/pay')
  expect(html).toContain(String(created.body.paymentSessionId))
  expect(html).toContain('name="saveCard"')
  expect((await fetch(`${fx.server.url}/__tokenproof/pages/antom/nowhere/x`)).status).toBe(404)
})

test('the Checkout Page shows "save" only when consent is asked; the buyer step answers where the browser goes next', async () => {
  const enabled = await callChecked(fx.client, 'payments/createPaymentSession', session('ENABLED'))
  const html = await (await fetch(String(enabled.body.normalUrl))).text()
  expect(html).toContain('Tokenproof test page')
  expect(html).toContain('HKD 10.00')
  expect(html).not.toContain('id="saveCard"')

  const asked = await callChecked(fx.client, 'payments/createPaymentSession', session('ASKFORCONSENT'))
  const buyer = (body: unknown) => fetch(`${fx.server.url}/__tokenproof/providers/antom/buyer/${body && typeof body === 'object' && 'passed' in body ? 'authenticate' : 'pay'}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>)
  const paid = await buyer({ paymentSessionId: asked.body.paymentSessionId, card: { number: '4000000000003220', expiryMonth: '12', expiryYear: '30', cvv: '123' }, saveCard: true })
  // The 3DS card: first the challenge page, then the merchant's paymentRedirectUrl as given.
  expect(paid).toMatchObject({ status: 'awaiting_buyer', redirectUrl: expect.stringContaining(`/__tokenproof/pages/antom/challenge/${String(paid.id)}`) })
  const challenge = await fetch(String(paid.redirectUrl))
  expect(challenge.status).toBe(200)
  expect(await challenge.text()).toContain('3D Secure')
  const done = await buyer({ paymentId: paid.id, passed: true })
  expect(done).toMatchObject({ status: 'succeeded', redirectUrl: 'https://merchant.example/return', cardToken: expect.stringMatching(/^ALIPAY/) })
  // Once paid, the page is no longer valid.
  expect((await fetch(String(asked.body.normalUrl))).status).toBe(404)
})

import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { adyenThreeDsTestCards } from '../../contracts/adyen/test-cards.ts'
import { encryptedCard, MERCHANT, sessionRequest, startAdyenFixture, uniqueRef, type AdyenFixture } from './test-support/fixture.ts'

/**
 * The 3D Secure redirect as Adyen runs it: /payments answers RedirectShopper with an `action.url`,
 * the shopper answers the page it opens, the browser comes back to `returnUrl` with
 * `redirectResult`, and /payments/details with it authorises (or refuses) and sends the webhooks.
 */
let fx: AdyenFixture
beforeAll(async () => {
  fx = await startAdyenFixture()
})
afterAll(() => fx.close())
beforeEach(() => fx.fresh())

const SHOPPER = 'shopper-3ds-51c0'
const RETURN_URL = 'https://merchant.example/checkout/return?order=12xy'
const THREE_DS_VISA = adyenThreeDsTestCards[0].number

const paymentRequest = (extra: Record<string, unknown> = {}) => ({
  merchantAccount: MERCHANT,
  reference: uniqueRef('3ds'),
  amount: { currency: 'EUR', value: 2500 },
  paymentMethod: encryptedCard(THREE_DS_VISA),
  returnUrl: RETURN_URL,
  shopperReference: SHOPPER,
  storePaymentMethod: true,
  shopperInteraction: 'Ecommerce',
  recurringProcessingModel: 'CardOnFile',
  ...extra,
})

async function buyer(action: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fx.server.url}/__tokenproof/providers/adyen/buyer/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** Opens `action.url` as a browser would: the mock's link redirects to its page, which must show the payment. */
async function openActionPage(url: string): Promise<string> {
  const link = await fetch(url, { redirect: 'manual' })
  expect(link.status).toBe(302)
  const page = await fetch(new URL(String(link.headers.get('location')), url))
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toContain('text/html')
  return page.text()
}

const redirectResultOf = (redirectUrl: unknown): string => new URL(String(redirectUrl)).searchParams.get('redirectResult') ?? ''

test('a 3DS test card: RedirectShopper with a redirect action; the page, then /payments/details with redirectResult authorises, stores and notifies', async () => {
  const paid = await fx.call('POST', '/v72/payments', paymentRequest())
  expect(paid.status).toBe(200)
  expect(paid.body).toMatchObject({ resultCode: 'RedirectShopper', action: { type: 'redirect', method: 'GET', paymentMethodType: 'scheme', url: expect.stringContaining('/checkoutshopper/threeDS/redirect?MD=') } })
  const psp = String(paid.body.pspReference)
  const action = paid.body.action as { url: string }
  await fx.settle()
  expect(fx.merchant.received).toHaveLength(0)

  // Before the shopper is back, the details name nothing to complete.
  const early = await fx.call('POST', '/v72/payments/details', { details: { redirectResult: psp } })
  expect(early).toMatchObject({ status: 422, body: { errorCode: '00_422' } })

  const html = await openActionPage(action.url)
  expect(html).toContain('EUR 25.00')
  expect(html).toContain('Tokenproof test page')
  expect(html).not.toContain(THREE_DS_VISA)

  const back = await buyer('authenticate', { pspReference: psp, passed: true })
  expect(back.status).toBe(200)
  expect(String(back.body.redirectUrl)).toMatch(/^https:\/\/merchant\.example\/checkout\/return\?order=12xy&redirectResult=[\w-]{40,}$/)
  // The page is answered once: opening the link again finds nothing.
  expect((await fetch(action.url, { redirect: 'manual' })).status).toBe(404)
  expect((await buyer('authenticate', { pspReference: psp, passed: true })).status).toBe(409)

  const details = await fx.call('POST', '/v72/payments/details', { details: { redirectResult: redirectResultOf(back.body.redirectUrl) } })
  expect(details.status).toBe(200)
  expect(details.body).toMatchObject({ pspReference: psp, resultCode: 'Authorised', paymentMethod: { brand: 'visa', type: 'scheme' } })
  expect(details.body.action).toBeUndefined()
  await fx.settle()
  const [auth] = fx.merchant.byEvent('AUTHORISATION')
  const [contract] = fx.merchant.byEvent('RECURRING_CONTRACT')
  expect(auth?.item).toMatchObject({ pspReference: psp, success: 'true' })
  expect(contract?.item).toMatchObject({ originalReference: psp, success: 'true' })
  expect(fx.server.mock.engine.store.payments.get(psp)).toMatchObject({ status: 'succeeded', tokenId: contract?.item.pspReference, flags: { threeDS: 'passed' } })

  // Submitting the same redirectResult again answers the same result and notifies nothing more.
  const again = await fx.call('POST', '/v72/payments/details', { details: { redirectResult: redirectResultOf(back.body.redirectUrl) } })
  expect(again.body).toMatchObject({ pspReference: psp, resultCode: 'Authorised' })
  await fx.settle()
  expect(fx.merchant.byEvent('AUTHORISATION')).toHaveLength(1)
})

test('the shopper fails the challenge: Refused with 11 "3D Not Authenticated", an unsuccessful AUTHORISATION, no token', async () => {
  const paid = await fx.call('POST', '/v72/payments', paymentRequest({ paymentMethod: encryptedCard(adyenThreeDsTestCards[1].number) }))
  const back = await buyer('authenticate', { pspReference: paid.body.pspReference, passed: false })
  expect(back.body.status).toBe('not authenticated')
  const details = await fx.call('POST', '/v72/payments/details', { details: { redirectResult: redirectResultOf(back.body.redirectUrl) } })
  expect(details.body).toMatchObject({ resultCode: 'Refused', refusalReasonCode: '11', refusalReason: '3D Not Authenticated' })
  await fx.settle()
  expect(fx.merchant.byEvent('AUTHORISATION')[0]?.item).toMatchObject({ success: 'false' })
  expect(fx.merchant.byEvent('RECURRING_CONTRACT')).toHaveLength(0)
})

test('after a passed challenge the card still decides: holder name DECLINED is Refused 2; a frictionless payment has no challenge to answer', async () => {
  const paid = await fx.call('POST', '/v72/payments', paymentRequest({ paymentMethod: encryptedCard(THREE_DS_VISA, { holderName: 'DECLINED' }) }))
  expect(paid.body.resultCode).toBe('RedirectShopper')
  const back = await buyer('authenticate', { pspReference: paid.body.pspReference, passed: true })
  const details = await fx.call('POST', '/v72/payments/details', { details: { redirectResult: redirectResultOf(back.body.redirectUrl) } })
  expect(details.body).toMatchObject({ resultCode: 'Refused', refusalReasonCode: '2' })

  const frictionless = await fx.call('POST', '/v72/payments', paymentRequest({ paymentMethod: encryptedCard() }))
  expect(frictionless.body.resultCode).toBe('Authorised')
  expect((await buyer('authenticate', { pspReference: frictionless.body.pspReference, passed: true })).status).toBe(409)
})

test('a 3DS test card without returnUrl is refused with 14_030; a frictionless card needs none', async () => {
  const withoutReturn: Record<string, unknown> = paymentRequest()
  delete withoutReturn.returnUrl
  const refused = await fx.call('POST', '/v72/payments', withoutReturn)
  expect(refused).toMatchObject({ status: 422, body: { errorCode: '14_030' } })
  const frictionless = await fx.call('POST', '/v72/payments', { ...withoutReturn, paymentMethod: encryptedCard() })
  expect(frictionless.body.resultCode).toBe('Authorised')
})

test('a session payment: Drop-in gets the action, comes back with sessionId and redirectResult, submitDetails completes the session', async () => {
  const created = await fx.call('POST', '/v72/sessions', sessionRequest({ storePaymentMethodMode: 'enabled', shopperReference: SHOPPER }))
  const sessionId = String(created.body.id)
  const paid = await fx.buyerPay({ sessionId, paymentMethod: encryptedCard(THREE_DS_VISA) })
  expect(paid.body).toMatchObject({ resultCode: 'RedirectShopper', action: { type: 'redirect', url: expect.any(String) } })
  await openActionPage(String((paid.body.action as { url: string }).url))
  const back = await buyer('authenticate', { pspReference: paid.body.pspReference, passed: true })
  const returned = new URL(String(back.body.redirectUrl))
  expect(returned.searchParams.get('sessionId')).toBe(sessionId)

  const completed = await buyer('details', { sessionId, redirectResult: returned.searchParams.get('redirectResult') })
  expect(completed.body).toMatchObject({ resultCode: 'Authorised', pspReference: paid.body.pspReference, sessionResult: expect.any(String) })
  await fx.settle()
  expect(fx.merchant.byEvent('RECURRING_CONTRACT')).toHaveLength(1)
  const result = await fx.call('GET', `/v72/sessions/${sessionId}?sessionResult=${String(completed.body.sessionResult)}`)
  expect(result.body).toMatchObject({ status: 'completed', payments: [{ pspReference: paid.body.pspReference, resultCode: 'Authorised' }] })
})

test('a redirect link with an unknown MD gets the plain "not valid" page', async () => {
  const response = await fetch(`${fx.server.url}/checkoutshopper/threeDS/redirect?MD=nothing-issued`)
  expect(response.status).toBe(404)
  expect(await response.text()).toContain('not valid')
})

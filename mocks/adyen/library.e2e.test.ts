/**
 * The official @adyen/api-library (unmodified) drives the mock: in-process through msw intercepting
 * its real host, and against the standalone server through the library's custom HTTP client option.
 */
import { CheckoutAPI, Client, EnvironmentEnum, HttpClientException, hmacValidator, RecurringAPI, Types } from '@adyen/api-library'
import { afterEach, expect, test } from 'vitest'
import { adyenThreeDsTestCards } from '../../contracts/adyen/test-cards.ts'
import { startInProcessMock } from '../node.ts'
import { startMockServer } from '../server.ts'
import type { MockCore } from '../core.ts'
import { API_KEY, encryptedCard, HMAC_KEY, MERCHANT, uniqueRef } from './test-support/fixture.ts'
import { assertRecordedAnswers, assertWebhook } from './test-support/judge.ts'
import { LocalAdyenHttpClient } from './test-support/library-client.ts'
import { startMerchantEndpoint, type MerchantEndpoint } from './test-support/merchant-endpoint.ts'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const Session = Types.checkout.CreateCheckoutSessionRequest
const Payment = Types.checkout.PaymentRequest
const SHOPPER = 'shopper-lib-01'

/** The same merchant conversation, whichever transport carries it. */
async function converse(mock: MockCore, checkout: CheckoutAPI, merchant: MerchantEndpoint): Promise<void> {
  mock.provider('adyen').registerMerchant({ merchantAccount: MERCHANT, apiKey: API_KEY, hmacKey: HMAC_KEY, webhookUrl: merchant.url })
  const validator = new hmacValidator()

  const session = await checkout.PaymentsApi.sessions({
    merchantAccount: MERCHANT,
    reference: uniqueRef('lib'),
    amount: { currency: 'EUR', value: 1000 },
    returnUrl: 'https://merchant.example/return',
    shopperReference: SHOPPER,
    storePaymentMethodMode: Session.StorePaymentMethodModeEnum.AskForConsent,
    recurringProcessingModel: Session.RecurringProcessingModelEnum.CardOnFile,
    shopperInteraction: Session.ShopperInteractionEnum.Ecommerce,
  }, { idempotencyKey: uniqueRef('idem') })
  expect(session.id).toMatch(/^CS/)
  expect(session.sessionData).toEqual(expect.any(String))

  const paid = (await mock.provider('adyen').buyerActions.pay!.run({ sessionId: session.id, paymentMethod: encryptedCard(), storePaymentMethod: true })) as { resultCode: string; sessionResult: string }
  expect(paid.resultCode).toBe('Authorised')
  await mock.engine.outbox.idle()

  const result = await checkout.PaymentsApi.getResultOfPaymentSession(session.id, paid.sessionResult)
  expect(result.status).toBe('completed')

  const stored = await checkout.RecurringApi.getTokensForStoredPaymentDetails(SHOPPER, MERCHANT)
  expect(stored.storedPaymentMethods).toHaveLength(1)
  const token = stored.storedPaymentMethods?.[0]?.id ?? ''
  expect(merchant.byEvent('RECURRING_CONTRACT').map((w) => w.item.pspReference)).toEqual([token])

  const renewal = await checkout.PaymentsApi.payments({
    merchantAccount: MERCHANT,
    reference: uniqueRef('renewal'),
    amount: { currency: 'EUR', value: 1299 },
    paymentMethod: { type: Types.checkout.CardDetails.TypeEnum.Scheme, storedPaymentMethodId: token },
    shopperReference: SHOPPER,
    shopperInteraction: Payment.ShopperInteractionEnum.ContAuth,
    recurringProcessingModel: Payment.RecurringProcessingModelEnum.Subscription,
    returnUrl: 'https://merchant.example/return',
  }, { idempotencyKey: uniqueRef('idem') })
  expect(renewal.resultCode).toBe(Types.checkout.PaymentResponse.ResultCodeEnum.Authorised)

  const methods = await checkout.PaymentsApi.paymentMethods({ merchantAccount: MERCHANT, shopperReference: SHOPPER })
  expect(methods.storedPaymentMethods?.map((m) => m.id)).toEqual([token])

  await expect(checkout.RecurringApi.deleteTokenForStoredPaymentDetails(token, SHOPPER, MERCHANT)).resolves.toBeFalsy()
  const afterDelete = checkout.PaymentsApi.payments({
    merchantAccount: MERCHANT,
    reference: uniqueRef('after-delete'),
    amount: { currency: 'EUR', value: 1299 },
    paymentMethod: { type: Types.checkout.CardDetails.TypeEnum.Scheme, storedPaymentMethodId: token },
    shopperReference: SHOPPER,
    recurringProcessingModel: Payment.RecurringProcessingModelEnum.Subscription,
    returnUrl: 'https://merchant.example/return',
  })
  await expect(afterDelete).rejects.toBeInstanceOf(HttpClientException)
  await expect(afterDelete).rejects.toMatchObject({ statusCode: 422, errorCode: '800' })

  // A forged webhook: same body, HMAC made with a key that is not the merchant's.
  mock.engine.outbox.addChaos({ provider: 'adyen', kind: 'AUTHORISATION', chaos: { mode: 'forgedSignature' } })
  const second = await checkout.PaymentsApi.sessions({ merchantAccount: MERCHANT, reference: uniqueRef('forged'), amount: { currency: 'EUR', value: 100 }, returnUrl: 'https://merchant.example/return' })
  await mock.provider('adyen').buyerActions.pay!.run({ sessionId: second.id, paymentMethod: encryptedCard() })
  await mock.engine.outbox.idle()

  const items = merchant.received.map((w) => w.item as unknown as Types.notification.NotificationRequestItem)
  const verdicts = items.map((item) => validator.validateHMAC(item, HMAC_KEY))
  expect(verdicts).toEqual([true, true, true, false])
  expect(merchant.received.map((w) => w.hmacValid)).toEqual(verdicts)
  for (const webhook of merchant.received) assertWebhook(webhook.body)
  // This merchant configured no webhook basic auth: none is sent.
  expect(merchant.received.map((w) => w.headers.authorization)).toEqual([undefined, undefined, undefined, undefined])
  // Every answer the library received, as the engine recorded it, holds to Adyen's OpenAPI.
  expect(assertRecordedAnswers(mock.engine.recorder.list({ provider: 'adyen', direction: 'inbound' }))).toBe(7)
}

test('in-process: msw intercepts the library\'s own https requests to checkout-test.adyen.com', async () => {
  const merchant = await startMerchantEndpoint(HMAC_KEY)
  cleanups.push(() => merchant.close())
  const inProcess = startInProcessMock({ providers: ['adyen'], clockOptions: { mode: 'manual' } })
  cleanups.push(() => inProcess.close())
  const client = new Client({ apiKey: API_KEY, environment: EnvironmentEnum.TEST })
  await converse(inProcess.mock, new CheckoutAPI(client), merchant)
  const inbound = inProcess.mock.engine.recorder.list({ provider: 'adyen', direction: 'inbound' })
  expect(inbound.every((e) => e.request.url.startsWith('https://checkout-test.adyen.com/v72/'))).toBe(true)
})

test('standalone server: the library with a custom HTTP client pointed at 127.0.0.1', async () => {
  const merchant = await startMerchantEndpoint(HMAC_KEY)
  cleanups.push(() => merchant.close())
  const server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' } })
  cleanups.push(() => server.close())
  const http = new LocalAdyenHttpClient(server.url)
  const client = new Client({ apiKey: API_KEY, environment: EnvironmentEnum.TEST }, http)
  await converse(server.mock, new CheckoutAPI(client), merchant)
  expect(http.sent.every((s) => s.url.startsWith(`${server.url}/v72/`))).toBe(true)
})

test('the library follows a 3D Secure redirect: RedirectShopper with a redirect action, then paymentsDetails with the redirectResult', async () => {
  const merchant = await startMerchantEndpoint(HMAC_KEY)
  cleanups.push(() => merchant.close())
  const server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' } })
  cleanups.push(() => server.close())
  server.mock.provider('adyen').registerMerchant({ merchantAccount: MERCHANT, apiKey: API_KEY, hmacKey: HMAC_KEY, webhookUrl: merchant.url })
  const checkout = new CheckoutAPI(new Client({ apiKey: API_KEY, environment: EnvironmentEnum.TEST }, new LocalAdyenHttpClient(server.url)))
  const paid = await checkout.PaymentsApi.payments({
    merchantAccount: MERCHANT,
    reference: uniqueRef('lib-3ds'),
    amount: { currency: 'EUR', value: 1000 },
    paymentMethod: encryptedCard(adyenThreeDsTestCards[1].number) as Types.checkout.CardDetails,
    returnUrl: 'https://merchant.example/return',
    shopperReference: SHOPPER,
    storePaymentMethod: true,
    recurringProcessingModel: Payment.RecurringProcessingModelEnum.CardOnFile,
  }, { idempotencyKey: uniqueRef('idem') })
  expect(paid.resultCode).toBe(Types.checkout.PaymentResponse.ResultCodeEnum.RedirectShopper)
  const action = paid.action as Types.checkout.CheckoutRedirectAction
  expect(action.type).toBe(Types.checkout.CheckoutRedirectAction.TypeEnum.Redirect)
  expect(action.url).toContain(`${server.url}/checkoutshopper/threeDS/redirect?MD=`)

  const back = (await server.mock.provider('adyen').buyerActions.authenticate!.run({ pspReference: paid.pspReference, passed: true })) as { redirectUrl: string }
  const redirectResult = new URL(back.redirectUrl).searchParams.get('redirectResult') ?? ''
  const details = await checkout.PaymentsApi.paymentsDetails({ details: { redirectResult } }, { idempotencyKey: uniqueRef('idem') })
  expect(details.resultCode).toBe(Types.checkout.PaymentDetailsResponse.ResultCodeEnum.Authorised)
  await server.mock.engine.outbox.idle()
  expect(merchant.byEvent('RECURRING_CONTRACT')).toHaveLength(1)
  expect(assertRecordedAnswers(server.mock.engine.recorder.list({ provider: 'adyen', direction: 'inbound' }))).toBe(2)
})

test('the library answers a missing API key from the mock as an HttpClientException with status 401', async () => {
  const server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' } })
  cleanups.push(() => server.close())
  const client = new Client({ apiKey: 'AQE_wrong_key_0000000000000000', environment: EnvironmentEnum.TEST }, new LocalAdyenHttpClient(server.url))
  await expect(new CheckoutAPI(client).PaymentsApi.paymentMethods({ merchantAccount: MERCHANT })).rejects.toMatchObject({ statusCode: 401, errorCode: '000' })
})

/** The legacy lifecycle through the library's own classes: payment storing with enableRecurring, webhook HMAC, reuse, Recurring list and disable. */
async function recurringLifecycle(mock: MockCore, client: Client, merchant: MerchantEndpoint): Promise<void> {
  mock.provider('adyen').registerMerchant({ merchantAccount: MERCHANT, apiKey: API_KEY, hmacKey: HMAC_KEY, webhookUrl: merchant.url })
  const checkout = new CheckoutAPI(client)
  const recurring = new RecurringAPI(client).RecurringApi
  const shopper = 'shopper-lib-recurring'
  const first = await checkout.PaymentsApi.payments({
    merchantAccount: MERCHANT,
    reference: uniqueRef('zero-auth'),
    amount: { currency: 'EUR', value: 0 },
    paymentMethod: { type: Types.checkout.CardDetails.TypeEnum.Scheme, encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' },
    shopperReference: shopper,
    enableRecurring: true,
    shopperInteraction: Payment.ShopperInteractionEnum.Ecommerce,
    returnUrl: 'https://merchant.example/return',
  })
  expect(first.resultCode).toBe(Types.checkout.PaymentResponse.ResultCodeEnum.Authorised)
  await mock.engine.outbox.idle()
  const contract = merchant.byEvent('RECURRING_CONTRACT')[0]
  expect(new hmacValidator().validateHMAC(contract!.item as unknown as Types.notification.NotificationRequestItem, HMAC_KEY)).toBe(true)
  const token = contract!.item.pspReference

  const listed = await recurring.listRecurringDetails({ merchantAccount: MERCHANT, shopperReference: shopper, recurring: { contract: Types.recurring.Recurring.ContractEnum.Recurring } })
  expect(listed.details?.map((d) => d.RecurringDetail?.recurringDetailReference)).toEqual([token])
  const reuse = { merchantAccount: MERCHANT, amount: { currency: 'EUR', value: 999 }, paymentMethod: { type: Types.checkout.CardDetails.TypeEnum.Scheme, storedPaymentMethodId: token }, shopperReference: shopper, shopperInteraction: Payment.ShopperInteractionEnum.ContAuth, recurringProcessingModel: Payment.RecurringProcessingModelEnum.Subscription, returnUrl: 'https://merchant.example/return' }
  expect((await checkout.PaymentsApi.payments({ ...reuse, reference: uniqueRef('renewal') })).resultCode).toBe(Types.checkout.PaymentResponse.ResultCodeEnum.Authorised)
  expect((await recurring.disable({ merchantAccount: MERCHANT, shopperReference: shopper, recurringDetailReference: token })).response).toBe('[detail-successfully-disabled]')
  await expect(checkout.PaymentsApi.payments({ ...reuse, reference: uniqueRef('after-disable') })).rejects.toMatchObject({ statusCode: 422, errorCode: '800' })
  expect(assertRecordedAnswers(mock.engine.recorder.list({ provider: 'adyen', direction: 'inbound' }))).toBe(5)
  for (const webhook of merchant.received) assertWebhook(webhook.body)
}

test('32.x in-process: enableRecurring, Recurring listRecurringDetails and disable through the library\'s RecurringAPI on pal-test.adyen.com', async () => {
  const merchant = await startMerchantEndpoint(HMAC_KEY)
  cleanups.push(() => merchant.close())
  const inProcess = startInProcessMock({ providers: ['adyen'], clockOptions: { mode: 'manual' } })
  cleanups.push(() => inProcess.close())
  await recurringLifecycle(inProcess.mock, new Client({ apiKey: API_KEY, environment: EnvironmentEnum.TEST }), merchant)
  expect(inProcess.mock.engine.recorder.list({ provider: 'adyen', operation: 'disable' })[0]?.request.url).toBe('https://pal-test.adyen.com/pal/servlet/Recurring/v68/disable')
})

test('32.x standalone: the same lifecycle through the custom HTTP client', async () => {
  const merchant = await startMerchantEndpoint(HMAC_KEY)
  cleanups.push(() => merchant.close())
  const server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' } })
  cleanups.push(() => server.close())
  await recurringLifecycle(server.mock, new Client({ apiKey: API_KEY, environment: EnvironmentEnum.TEST }, new LocalAdyenHttpClient(server.url)), merchant)
})

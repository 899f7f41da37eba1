/**
 * The example app's whole lifecycle against the mock, its source unchanged: a zero-auth session
 * with enableRecurring, the shopper's Drop-in step, the RECURRING_CONTRACT webhook checked with the
 * library's HMAC validator, a subscription payment with the token, list and disable the stored
 * details, and the payment that then fails as Adyen documents (422 800). Every answer and webhook
 * is held to Adyen's OpenAPI; the run leaves no unserved call and no ignored field.
 */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startMockServer, type MockServer } from '../../mocks/server.ts'
import { DEFAULT_API_KEY, DEFAULT_HMAC_KEY, DEFAULT_MERCHANT_ACCOUNT } from '../../mocks/adyen/index.ts'
import { assertRecordedAnswers, assertWebhook } from '../../mocks/adyen/test-support/judge.ts'
import { mockGapsOf } from '../../suites/mock-gaps.ts'
import { createApp } from './app.ts'
import { LocalAdyenHttpClientV20 } from './test-support/local-http-client.ts'

let mock: MockServer
let app: Server
let appUrl: string
let http: LocalAdyenHttpClientV20
const unserved: string[] = []

beforeAll(async () => {
  mock = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' }, onUnserved: (line) => unserved.push(line) })
  process.env.ADYEN_API_KEY = DEFAULT_API_KEY
  process.env.ADYEN_MERCHANT_ACCOUNT = DEFAULT_MERCHANT_ACCOUNT
  process.env.ADYEN_HMAC_KEY = DEFAULT_HMAC_KEY
  http = new LocalAdyenHttpClientV20(mock.url)
  const server = createApp({ httpClient: http }).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  app = server
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // Customer Area: the app's webhook URL (the HMAC key is the default test key).
  mock.mock.provider('adyen').registerMerchant({ merchantAccount: DEFAULT_MERCHANT_ACCOUNT, apiKey: DEFAULT_API_KEY, hmacKey: DEFAULT_HMAC_KEY, webhookUrl: `${appUrl}/api/webhooks/notifications` })
})

afterAll(async () => {
  await new Promise<void>((resolve) => app.close(() => resolve()))
  await mock.close()
})

const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${appUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

test('the app stores a card with a zero-auth enableRecurring session, pays with the token, lists and disables it', async () => {
  const shopperReference = 'subscriber-0001'
  const session = await call('POST', '/api/tokenization/sessions', { shopperReference })
  expect(session.status).toBe(200)
  expect(session.body.id).toMatch(/^CS/)

  // The shopper's step in Drop-in (no "save" checkbox: enableRecurring stores without asking).
  const paid = (await mock.mock.provider('adyen').buyerActions.pay!.run({
    sessionId: session.body.id,
    paymentMethod: { type: 'scheme', encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' },
  })) as { resultCode: string }
  expect(paid.resultCode).toBe('Authorised')
  await mock.mock.engine.outbox.idle()

  const admin = await call('GET', '/admin')
  const tokens = admin.body.tokens as Array<{ recurringDetailReference: string; shopperReference: string }>
  expect(tokens).toHaveLength(1)
  const token = tokens[0]!.recurringDetailReference
  expect(tokens[0]!.shopperReference).toBe(shopperReference)

  const payment = await call('POST', `/admin/makepayment/${token}`)
  expect(payment.body).toMatchObject({ resultCode: 'Authorised' })

  expect((await call('GET', `/admin/details/${shopperReference}`)).body).toEqual({ details: [token] })
  expect((await call('POST', `/admin/disable/${token}`)).body).toEqual({ response: '[detail-successfully-disabled]' })
  expect((await call('GET', `/admin/details/${shopperReference}`)).body).toEqual({ details: [] })

  // The app forgot the token; a payment with it straight through the library is refused as Adyen documents.
  const { CheckoutAPI, Client, Config } = await import('adyen-api-library-20')
  const config = new Config()
  config.apiKey = DEFAULT_API_KEY
  const client = new Client({ config, httpClient: http })
  client.setEnvironment('TEST')
  const afterDisable = new CheckoutAPI(client).PaymentsApi.payments({
    amount: { currency: 'EUR', value: 1299 },
    reference: 'after-disable',
    merchantAccount: DEFAULT_MERCHANT_ACCOUNT,
    paymentMethod: { storedPaymentMethodId: token },
    shopperReference,
    returnUrl: 'https://merchant.example/result',
  })
  await expect(afterDisable).rejects.toMatchObject({ statusCode: 422, errorCode: '800' })

  // The library 20.x called Checkout v71 and Recurring v68, as a real app would.
  expect(new Set(http.sent.map((s) => new URL(s.url).pathname.split('/').slice(0, -1).join('/')))).toEqual(new Set(['/v71', '/pal/servlet/Recurring/v68']))
  // Every answer and webhook holds to Adyen's OpenAPI; nothing was unserved, no field ignored.
  const exchanges = mock.mock.engine.recorder.list({ provider: 'adyen' })
  expect(assertRecordedAnswers(exchanges.filter((e) => e.direction === 'inbound'))).toBe(6)
  const webhooks = exchanges.filter((e) => e.direction === 'outbound')
  expect(webhooks.map((e) => e.operation)).toEqual(['AUTHORISATION', 'RECURRING_CONTRACT', 'AUTHORISATION'])
  for (const webhook of webhooks) assertWebhook(webhook.request.body)
  expect(webhooks.every((e) => 'status' in e.response && e.response.status === 202)).toBe(true)
  expect(mockGapsOf(exchanges.map((e) => ({ ...e, operation: e.operation ?? undefined })))).toEqual([])
  expect(unserved).toEqual([])
})

/**
 * A call the mock does not serve is never silent: Adyen's own error shape for an unknown endpoint,
 * recorded with the `mockGap` tag, and one line from the standalone server naming it.
 */
import { afterEach, expect, test } from 'vitest'
import { startMockServer, type MockServer } from '../server.ts'
import { API_KEY, MERCHANT } from './test-support/fixture.ts'
import { assertRecurringAnswer } from './test-support/judge.ts'

let server: MockServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

test('an unserved Recurring endpoint: 404 00_404 in the ServiceError shape, flagged in the exchanges, logged once', async () => {
  const lines: string[] = []
  server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' }, onUnserved: (line) => lines.push(line) })
  const response = await fetch(`${server.url}/pal/servlet/Recurring/v68/createPermit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ merchantAccount: MERCHANT, shopperReference: 'shopper-1', recurringDetailReference: 'X', permits: [] }),
  })
  const body: unknown = await response.json()
  expect(response.status).toBe(404)
  expect(body).toMatchObject({ status: 404, errorCode: '00_404', errorType: 'validation' })
  assertRecurringAnswer('recurringError', body)

  const served = await fetch(`${server.url}/pal/servlet/Recurring/v68/listRecurringDetails`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ merchantAccount: MERCHANT, shopperReference: 'shopper-1' }) })
  expect(served.status).toBe(200)

  const recorded = server.mock.engine.recorder.list({ provider: 'adyen' })
  expect(recorded.map((e) => [new URL(e.request.url).pathname, e.tags.mockGap])).toEqual([
    ['/pal/servlet/Recurring/v68/createPermit', 'unknown_path'],
    ['/pal/servlet/Recurring/v68/listRecurringDetails', undefined],
  ])
  expect(lines).toEqual(["tokenproof: the mock does not serve POST /pal/servlet/Recurring/v68/createPermit (adyen: unknown path, answered 404 in adyen's error shape)"])
})

test('a wrong method on a served path and a path no provider owns are logged too', async () => {
  const lines: string[] = []
  server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' }, onUnserved: (line) => lines.push(line) })
  expect((await fetch(`${server.url}/v71/payments`, { headers: { 'x-api-key': API_KEY } })).status).toBe(405)
  expect((await fetch(`${server.url}/nowhere/at/all`)).status).toBe(404)
  expect(lines).toEqual([
    "tokenproof: the mock does not serve GET /v71/payments (adyen: method not allowed, answered 405 in adyen's error shape)",
    'tokenproof: the mock does not serve GET /nowhere/at/all (no provider owns this path)',
  ])
})

test('a served call that sends a documented field the mock ignores is tagged with it; tokenization fields are not', async () => {
  server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' } })
  const response = await fetch(`${server.url}/v71/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({
      merchantAccount: MERCHANT,
      reference: 'order-ignored-1',
      amount: { currency: 'EUR', value: 0 },
      paymentMethod: { type: 'scheme', encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' },
      shopperReference: 'shopper-ignored',
      enableRecurring: true,
      shopperInteraction: 'Ecommerce',
      metadata: { plan: 'gold' },
      shopperEmail: 'someone@example.com',
    }),
  })
  expect(response.status).toBe(200)
  const [exchange] = server.mock.engine.recorder.list({ provider: 'adyen', operation: 'payments' })
  expect(exchange?.tags.ignoredFields).toBe('metadata,shopperEmail')
})

import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { pivotResultCodes } from '../../contracts/pivot/result-codes.ts'
import { ErrorEnvelope } from '../../contracts/pivot/schemas.ts'
import { startMockServer, type MockServer } from '../server.ts'
import { DEFAULT_MERCHANT } from './merchants.ts'
import { card, encryptCard, PivotClient, session, startCallbackEndpoint, type ApiAnswer, type CallbackEndpoint } from './test-support/client.ts'

let server: MockServer
let client: PivotClient
let merchant: CallbackEndpoint
beforeAll(async () => {
  server = await startMockServer({ port: 0, providers: ['pivot'], clockOptions: { mode: 'manual' }, maxBodyBytes: 16 * 1024 })
  client = new PivotClient(server.url)
  merchant = await startCallbackEndpoint()
})
afterAll(async () => {
  await server.close()
  await merchant.close()
})
beforeEach(async () => {
  await server.mock.reset()
  merchant.received.length = 0
  await client.login()
})

/** Holds an answer to Pivot's error envelope with the table's HTTP status; returns the fields. */
function documentedError(answer: ApiAnswer) {
  const error = ErrorEnvelope.parse(answer.body)
  const entry = pivotResultCodes[error.code as keyof typeof pivotResultCodes]
  expect(entry, `code ${error.code} is in the table`).toBeDefined()
  expect(answer.status).toBe(entry.httpStatus)
  return { code: error.code, fields: error.error.details.map((d) => d.field) }
}

test('access token: issued for the right id and secret, valid 900 s on the engine clock, then 401', async () => {
  const issued = await client.accessToken()
  expect(issued.body).toMatchObject({ code: '00', data: { expiresIn: '900', tokenType: 'Bearer' } })
  const token = String(issued.body.data?.accessToken)
  expect((await client.call('GET', '/v2/payments/00000000-0000-4000-8000-000000000000', undefined, { token })).status).toBe(404)
  await server.mock.engine.clock.advance(899_000)
  expect((await client.call('GET', '/v2/payments/00000000-0000-4000-8000-000000000000', undefined, { token })).status).toBe(404)
  await server.mock.engine.clock.advance(1_000)
  const expired = await client.call('GET', '/v2/payments/00000000-0000-4000-8000-000000000000', undefined, { token })
  expect(documentedError(expired)).toEqual({ code: '401100001', fields: ['Authorization'] })
  expect(expired.body.error?.details[0]?.message).toBe('the access token has expired')
})

test('access token: a wrong secret, an unknown merchant, missing headers and a bad body are refused', async () => {
  expect(documentedError(await client.accessToken({ 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': 'wrong' })).code).toBe('401100001')
  expect(documentedError(await client.accessToken({ 'x-merchant-id': 'nobody', 'x-merchant-secret': 'x' })).code).toBe('401100001')
  expect(documentedError(await client.accessToken({})).fields).toEqual(['X-MERCHANT-ID'])
  const creds = { 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': DEFAULT_MERCHANT.merchantSecret }
  expect(documentedError(await client.accessToken(creds, '{"grantType":"password"}'))).toEqual({ code: '400100001', fields: ['grantType'] })
  expect(documentedError(await client.accessToken(creds, '{oops'))).toEqual({ code: '400100001', fields: ['(body)'] })
})

test('missing, malformed or forged bearer tokens get 401', async () => {
  expect(documentedError(await client.call('POST', '/v2/payments', session(), { token: null })).code).toBe('401100001')
  expect(documentedError(await client.call('POST', '/v2/payments', session(), { token: 'abc.def.ghi' })).code).toBe('401100001')
  const [h, p] = (await client.login()).split('.')
  expect(documentedError(await client.call('POST', '/v2/payments', session(), { token: `${h}.${p}.AAAA` })).code).toBe('401100001')
})

test.each([
  ['malformed JSON', { raw: '{"amount": ' }, '(body)'],
  ['no clientReferenceId', { body: { ...session(), clientReferenceId: undefined } }, 'clientReferenceId'],
  ['a 256-character clientReferenceId', { body: session({ clientReferenceId: 'x'.repeat(256) }) }, 'clientReferenceId'],
  ['amount as a string', { body: session({ amount: { value: '150000', currency: 'IDR' } }) }, 'amount.value'],
  ['a fractional amount', { body: session({ amount: { value: 1500.5, currency: 'IDR' } }) }, 'amount.value'],
  ['currency USD', { body: session({ amount: { value: 1500, currency: 'USD' } }) }, 'amount.currency'],
  ['mode HOSTED', { body: session({ mode: 'HOSTED' }) }, 'mode'],
  ['no expirationReturnUrl', { body: session({ redirectUrl: { successReturnUrl: 'https://a.example', failureReturnUrl: 'https://a.example' } }) }, 'redirectUrl.expirationReturnUrl'],
  ['autoConfirm "yes"', { body: session({ autoConfirm: 'yes' }) }, 'autoConfirm'],
  ['an expiryAt in the past', { body: session({ expiryAt: '2020-01-01T00:00:00Z' }) }, 'expiryAt'],
  ['API mode without paymentMethod', { body: session({ mode: 'API' }) }, 'paymentMethod'],
  ['a card in REDIRECT mode', { body: session({ paymentMethod: { type: 'CARD', card: { encryptedCard: 'A'.repeat(40) } } }) }, 'paymentMethod.card'],
  ['saveForFuture without a customer', { body: session({ saveForFuture: true, customer: undefined }) }, 'customer'],
  ['showSavedPayment without customer.id', { body: session({ showSavedPayment: true }) }, 'customer.id'],
  ['a new customer without email', { body: session({ customer: { givenName: 'Budi' } }) }, 'customer.email'],
])('create payment session rejects %s with api_validation_error naming the field', async (_name, input, field) => {
  const answer = 'raw' in input ? await client.call('POST', '/v2/payments', undefined, { raw: input.raw }) : await client.call('POST', '/v2/payments', input.body)
  const error = documentedError(answer)
  expect(error.code).toBe('400100001')
  expect(error.fields).toContain(field)
})

test('confirm rejects an encryptedCard that does not decrypt, a decrypted card that is not valid, and an unknown session', async () => {
  const created = (await client.call('POST', '/v2/payments', session({ mode: 'API', paymentMethod: { type: 'CARD' } }))).body.data as { id: string; encryptionKey: string }
  const confirm = (encryptedCard: string) => client.call('POST', `/v2/payments/${created.id}/confirm`, { paymentMethod: { type: 'CARD', card: { encryptedCard } } })
  expect(documentedError(await confirm('A'.repeat(344))).fields).toEqual(['paymentMethod.card.encryptedCard'])
  expect(documentedError(await confirm(encryptCard(created.encryptionKey, { ...card('4440000112200001'), cvc: '1' }))).fields).toEqual(['paymentMethod.card.encryptedCard.cvc'])
  expect(documentedError(await confirm(encryptCard(created.encryptionKey, { ...card('4440000112200001'), expiryYear: '2020' }))).fields).toEqual(['paymentMethod.card.encryptedCard.expiryYear'])
  expect(documentedError(await confirm(encryptCard(created.encryptionKey, card('4440000112200002')))).fields).toEqual(['paymentMethod.card.encryptedCard.number'])
  expect(documentedError(await client.call('POST', '/v2/payments/00000000-0000-4000-8000-000000000000/confirm', { paymentMethod: { type: 'CARD' } })).code).toBe('404100002')
  expect(documentedError(await client.call('GET', '/v1/customers/00000000-0000-4000-8000-000000000000')).code).toBe('404100002')
})

test('clientReferenceId is unique per merchant; an Idempotency-Key replays the same request and refuses a different one', async () => {
  const body = session()
  const first = await client.call('POST', '/v2/payments', body, { headers: { 'idempotency-key': 'k-1' } })
  expect(first.status).toBe(200)
  const replay = await client.call('POST', '/v2/payments', body, { headers: { 'idempotency-key': 'k-1' } })
  expect(replay.body).toEqual(first.body)
  expect(documentedError(await client.call('POST', '/v2/payments', { ...body, amount: { value: 1, currency: 'IDR' } }, { headers: { 'idempotency-key': 'k-1' } })).code).toBe('409100002')
  expect(documentedError(await client.call('POST', '/v2/payments', body)).code).toBe('409100001')
})

test('unknown path, wrong method, wrong content type and a body over the limit get Pivot errors', async () => {
  expect(documentedError(await client.call('POST', '/v2/teleport', {})).code).toBe('404100001')
  expect(documentedError(await client.call('DELETE', '/v2/payments', {})).code).toBe('405100001')
  expect(documentedError(await client.call('GET', '/v1/access-token')).code).toBe('405100001')
  expect(documentedError(await client.call('POST', '/v2/payments', session(), { headers: { 'content-type': 'text/plain' } })).fields).toEqual(['Content-Type'])
  expect(documentedError(await client.call('POST', '/v2/payments', session({ statementDescriptor: 'x'.repeat(20 * 1024) }))).code).toBe('413100001')
})

test('a scenario rule forces a documented error; anything else is the documented internal error', async () => {
  const rule = (code: string) => fetch(`${server.url}/__tokenproof/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'pivot', operation: 'createPaymentSession', times: 1, effect: { type: 'resultCode', code } }) })
  await rule('409100001')
  expect(documentedError(await client.call('POST', '/v2/payments', session())).code).toBe('409100001')
  await rule('DECLINED_BY_CHANNEL')
  expect(documentedError(await client.call('POST', '/v2/payments', session())).code).toBe('500100001')
})

test('forged callbacks carry a key that is not the merchant callback API key', async () => {
  await fetch(`${server.url}/__tokenproof/providers/pivot/merchants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ merchantId: DEFAULT_MERCHANT.merchantId, callbackUrl: merchant.url }) })
  await fetch(`${server.url}/__tokenproof/notifications/chaos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'pivot', chaos: { mode: 'forgedSignature' } }) })
  const created = (await client.call('POST', '/v2/payments', session())).body.data as { id: string }
  await fetch(`${server.url}/__tokenproof/providers/pivot/buyer/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentSessionId: created.id, card: card('4440000112200001') }) })
  await server.mock.engine.outbox.idle()
  expect(merchant.received[0]?.headers['x-api-key']).not.toBe(DEFAULT_MERCHANT.callbackApiKey)
  expect(merchant.received[0]?.body.event).toBe('PAYMENT.PAID')
})

import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { appotapayResultCodes } from '../../contracts/appotapay/result-codes.ts'
import { ErrorResponse } from '../../contracts/appotapay/schemas.ts'
import { startMockServer, type MockServer } from '../server.ts'
import { DEFAULT_PARTNER } from './partners.ts'
import { AppotapayClient, appotapayJwt, ref, testCard } from './test-support/client.ts'

let server: MockServer
let client: AppotapayClient
beforeAll(async () => {
  server = await startMockServer({ port: 0, providers: ['appotapay'], clockOptions: { mode: 'manual' }, maxBodyBytes: 16 * 1024 })
  client = new AppotapayClient(server.url, () => server.mock.engine.clock.now())
})
afterAll(() => server.close())
beforeEach(() => server.mock.reset())

const nowSeconds = () => Math.floor(server.mock.engine.clock.now() / 1000)
const tokenBody = (extra: Record<string, unknown> = {}) => ({ merchantRefId: ref('w'), tokenType: 'MULTIPLE', card: testCard('4111111111111111'), ...extra })

/** Holds an answer to the documented error shape, with the table's HTTP status, and returns its fields. */
function documentedError(answer: { status: number; body: Record<string, unknown> }) {
  const error = ErrorResponse.parse(answer.body)
  const entry = appotapayResultCodes[String(error.errorCode) as keyof typeof appotapayResultCodes]
  expect(entry, `errorCode ${error.errorCode} is in the table`).toBeDefined()
  expect(answer.status).toBe(entry.httpStatus)
  return error
}

test('the JWT is accepted with or without "Bearer "', async () => {
  expect((await client.call('POST', '/credit-card/token', tokenBody())).status).toBe(200)
  expect((await client.call('POST', '/credit-card/token', tokenBody(), { bearer: true })).status).toBe(200)
})

test('a missing, badly signed, expired or foreign JWT gets 401 with the documented body', async () => {
  const missing = documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { auth: null }))
  expect(missing).toMatchObject({ errorCode: 401, errors: [{ field: 'X-APPOTAPAY-AUTH', reason: 'missing' }] })

  const badSig = await appotapayJwt({ nowSeconds: nowSeconds(), secret: 'not-the-partner-secret-key-at-all' })
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { auth: badSig }))).toMatchObject({ errorCode: 401, errors: [{ reason: 'bad signature' }] })

  const shortLived = await appotapayJwt({ nowSeconds: nowSeconds(), ttlSeconds: 60 })
  expect((await client.call('POST', '/credit-card/token', tokenBody(), { auth: shortLived })).status).toBe(200)
  await server.mock.engine.clock.advance(61_000)
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { auth: shortLived }))).toMatchObject({ errorCode: 401, errors: [{ reason: 'expired' }] })

  const stranger = await appotapayJwt({ nowSeconds: nowSeconds(), credentials: { ...DEFAULT_PARTNER, partnerCode: 'NOBODY' } })
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { auth: stranger })).errorCode).toBe(11)
  const wrongKey = await appotapayJwt({ nowSeconds: nowSeconds(), credentials: { ...DEFAULT_PARTNER, apiKey: 'some-other-api-key' } })
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { auth: wrongKey })).errorCode).toBe(14)
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { auth: 'not.a.jwt' })).errorCode).toBe(401)
})

test('on the standalone (system) clock, advancing the mock by days does not expire a merchant\'s JWT signed with the real clock', async () => {
  const standalone = await startMockServer({ port: 0, providers: ['appotapay'], clockOptions: { mode: 'system' } })
  try {
    const realClock = new AppotapayClient(standalone.url, () => Date.now())
    await standalone.mock.engine.clock.advance(8 * 24 * 3_600_000)
    expect((await realClock.call('POST', '/credit-card/token', tokenBody())).status).toBe(200)
    const stale = await appotapayJwt({ nowSeconds: Math.floor(Date.now() / 1000) - 120, ttlSeconds: 60 })
    expect(documentedError(await realClock.call('POST', '/credit-card/token', tokenBody(), { auth: stale }))).toMatchObject({ errorCode: 401, errors: [{ reason: 'expired' }] })
  } finally {
    await standalone.close()
  }
})

test('a JWT that lives longer than an hour from its issue time is refused with 401, however well signed', async () => {
  const tenYears = await appotapayJwt({ nowSeconds: nowSeconds(), ttlSeconds: 10 * 365 * 24 * 3600 })
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { auth: tenYears }))).toMatchObject({ errorCode: 401, errors: [{ field: 'X-APPOTAPAY-AUTH', reason: expect.stringMatching(/3600 s/) as unknown }] })
  const oneHour = await appotapayJwt({ nowSeconds: nowSeconds(), ttlSeconds: 3600 })
  expect((await client.call('POST', '/credit-card/token', tokenBody(), { auth: oneHour })).status).toBe(200)
  // Issued on the partner's own clock, a day ahead of the mock's: the lifetime is what counts.
  const aheadOfTheMock = await appotapayJwt({ nowSeconds: nowSeconds() + 86_400, ttlSeconds: 300 })
  expect((await client.call('POST', '/credit-card/token', tokenBody(), { auth: aheadOfTheMock })).status).toBe(200)
})

test('a partner registered through the control API authenticates with its own keys', async () => {
  const partner = { partnerCode: 'SHOP2', apiKey: 'shop2-api-key', secretKey: 'shop2-secret-key-0123456789' }
  const registered = await fetch(`${server.url}/__tokenproof/providers/appotapay/merchants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(partner) })
  expect(registered.status).toBe(201)
  const jwt = await appotapayJwt({ nowSeconds: nowSeconds(), credentials: partner })
  expect((await client.call('POST', '/credit-card/token', tokenBody(), { auth: jwt })).status).toBe(200)
})

test.each([
  ['malformed JSON', { raw: '{"card": ' }, '(body)'],
  ['a body that is not an object', { raw: '[1,2]' }, '(body)'],
  ['no card', { body: { merchantRefId: 'a', tokenType: 'SINGLE' } }, 'card'],
  ['a 15-digit card number', { body: tokenBody({ card: testCard('411111111111111') }) }, 'card.number'],
  ['a card number failing Luhn', { body: tokenBody({ card: testCard('4111111111111112') }) }, 'card.number'],
  ['a holder name with punctuation', { body: tokenBody({ card: testCard('4111111111111111', { holderName: 'NGUYEN-VAN A' }) }) }, 'card.holderName'],
  ['a 51-character holder name', { body: tokenBody({ card: testCard('4111111111111111', { holderName: 'A'.repeat(51) }) }) }, 'card.holderName'],
  ['month 13', { body: tokenBody({ card: testCard('4111111111111111', { expirationMonth: '13' }) }) }, 'card.expirationMonth'],
  ['a 4-digit year', { body: tokenBody({ card: testCard('4111111111111111', { expirationYear: '2030' }) }) }, 'card.expirationYear'],
  ['an expired card', { body: tokenBody({ card: testCard('4111111111111111', { expirationYear: '20' }) }) }, 'card.expirationYear'],
  ['a 2-digit CVV', { body: tokenBody({ card: testCard('4111111111111111', { cvv: '12' }) }) }, 'card.cvv'],
  ['tokenType ONCE', { body: tokenBody({ tokenType: 'ONCE' }) }, 'tokenType'],
  ['a 41-character merchantRefId', { body: tokenBody({ merchantRefId: 'r'.repeat(41) }) }, 'merchantRefId'],
  ['merchantRefId as a number', { body: tokenBody({ merchantRefId: 12345 }) }, 'merchantRefId'],
  ['customer without browser.referrer', { body: tokenBody({ customer: { browser: { clientIp: '10.0.0.1', userAgent: 'ua', acceptLanguage: 'vi-VN' } } }) }, 'customer.browser.referrer'],
  ['billing without postalCode', { body: tokenBody({ billing: { firstName: 'A', lastName: 'B', email: 'a@b.vn', phoneNumber: '0912345678', province: 'HN', city: 'HN', country: 'VN', addressLine1: 'x', addressLine2: 'y' } }) }, 'billing.postalCode'],
])('token create rejects %s with errorCode 1 naming the field', async (_name, input, field) => {
  const answer = 'raw' in input ? await client.call('POST', '/credit-card/token', undefined, { raw: input.raw }) : await client.call('POST', '/credit-card/token', input.body)
  const error = documentedError(answer)
  expect(error.errorCode).toBe(1)
  expect(error.errors.map((e) => e.field)).toContain(field)
  expect(answer.raw).not.toContain('4111111111111111')
})

test('header rules: JSON content type, X-Request-ID up to 42, Language vi or en', async () => {
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { headers: { 'content-type': 'text/plain' } })).errors[0]?.field).toBe('Content-Type')
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { headers: { 'x-request-id': 'x'.repeat(43) } })).errors[0]?.field).toBe('X-Request-ID')
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody(), { headers: { language: 'fr' } })).errors[0]?.field).toBe('Language')
  expect((await client.call('POST', '/credit-card/token', tokenBody(), { headers: { 'x-request-id': crypto.randomUUID(), language: 'en' } })).status).toBe(200)
})

test('charge rejects card and tokenId together, neither, and amounts under 1000 VND or not VND', async () => {
  const base = { merchantRefId: ref('c'), amount: 50000, currency: 'VND' }
  expect(documentedError(await client.call('POST', '/credit-card/charge', base)).errors[0]?.field).toBe('card')
  expect(documentedError(await client.call('POST', '/credit-card/charge', { ...base, card: testCard('4111111111111111'), tokenId: 'x' })).errors[0]?.field).toBe('tokenId')
  expect(documentedError(await client.call('POST', '/credit-card/charge', { ...base, amount: 999, card: testCard('4111111111111111') })).errors[0]?.field).toBe('amount')
  expect(documentedError(await client.call('POST', '/credit-card/charge', { ...base, currency: 'USD', card: testCard('4111111111111111') })).errors[0]?.field).toBe('currency')
  expect(documentedError(await client.call('POST', '/credit-card/charge', { ...base, amount: '50000', card: testCard('4111111111111111') })).errors[0]?.field).toBe('amount')
  expect(documentedError(await client.call('POST', '/credit-card/charge', { ...base, tokenId: 'nosuchtoken' })).errorCode).toBe(3004)
})

test('unknown path, wrong method and a body over the limit get AppotaPay-shaped errors', async () => {
  expect(documentedError(await client.call('POST', '/credit-card/teleport', {})).errorCode).toBe(404)
  expect(documentedError(await client.call('GET', '/credit-card/token')).errorCode).toBe(405)
  expect(documentedError(await client.call('PUT', '/credit-card/charge', {})).errorCode).toBe(405)
  const big = JSON.stringify(tokenBody({ padding: 'x'.repeat(20 * 1024) }))
  expect(documentedError(await client.call('POST', '/credit-card/token', undefined, { raw: big })).errorCode).toBe(413)
})

test('a scenario rule forces a code; an unknown forced code answers as the documented server error', async () => {
  await fetch(`${server.url}/__tokenproof/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'appotapay', operation: 'charge', card: '1111', times: 1, effect: { type: 'resultCode', code: '3033' } }) })
  const charge = { merchantRefId: ref('c'), amount: 50000, currency: 'VND', card: testCard('4111111111111111') }
  expect(documentedError(await client.call('POST', '/credit-card/charge', charge)).errorCode).toBe(3033)
  expect((await client.call('POST', '/credit-card/charge', { ...charge, merchantRefId: ref('c') })).status).toBe(200)
  await fetch(`${server.url}/__tokenproof/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'appotapay', operation: 'tokenCreate', times: 1, effect: { type: 'resultCode', code: 'NOT_A_CODE' } }) })
  expect(documentedError(await client.call('POST', '/credit-card/token', tokenBody())).errorCode).toBe(500)
})

test('concurrent token creates with one merchantRefId make one token', async () => {
  const body = tokenBody()
  const answers = await Promise.all(Array.from({ length: 10 }, () => client.call('POST', '/credit-card/token', body)))
  expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
  expect(answers.filter((a) => a.status === 409)).toHaveLength(9)
})

test('describe() prints the test credentials, and a JWT built from them is accepted', async () => {
  const described = (await (await fetch(`${server.url}/__tokenproof/providers/appotapay`)).json()) as { partnerCode: string; apiKey: string; secretKey: string; baseUrl: string }
  expect(described.baseUrl).toBe(server.url)
  const jwt = await appotapayJwt({ nowSeconds: nowSeconds(), credentials: described })
  expect((await client.call('POST', '/credit-card/token', tokenBody(), { auth: jwt })).status).toBe(200)
})

import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { appotapayContract } from '../../contracts/appotapay/index.ts'
import { appotapayThreeDs } from '../../contracts/appotapay/test-cards.ts'
import { ChargeResponse, EnrollmentResponse, ErrorResponse, TokenCreateResponse } from '../../contracts/appotapay/schemas.ts'
import { startMockServer, type MockServer } from '../server.ts'
import { AppotapayClient, buyer, ref, startReturnEndpoint, testCard, type ReturnEndpoint } from './test-support/client.ts'

let server: MockServer
let client: AppotapayClient
let merchant: ReturnEndpoint
beforeAll(async () => {
  server = await startMockServer({ port: 0, providers: ['appotapay'], clockOptions: { mode: 'manual' } })
  client = new AppotapayClient(server.url, () => server.mock.engine.clock.now())
  merchant = await startReturnEndpoint()
})
afterAll(async () => {
  await server.close()
  await merchant.close()
})
beforeEach(async () => {
  await server.mock.reset()
  merchant.returns.length = 0
})

const CHALLENGE = '4000000000001091'
const FRICTIONLESS = '5200000000001005'
const ENABLED_FAILS = '4000000000001075'
const STOLEN = '4000000000000002'
const UNLISTED = '4111111111111111'

async function createToken(number: string, tokenType: 'SINGLE' | 'MULTIPLE' = 'MULTIPLE') {
  const answer = await client.call('POST', '/credit-card/token', { merchantRefId: ref('tok'), tokenType, card: testCard(number) })
  expect(answer.status).toBe(200)
  return TokenCreateResponse.parse(answer.body)
}

const enroll = (body: Record<string, unknown>) => client.call('POST', '/credit-card/enrollment', { amount: 150000, currency: 'VND', merchantRefId: ref('auth'), returnUrl: merchant.url, ...body })
const chargeWith = (body: Record<string, unknown>) => client.call('POST', '/credit-card/charge', { amount: 150000, currency: 'VND', merchantRefId: ref('chg'), ...body })

test('token create answers as seed 004: masked first 6 / last 4, brand, type, country, RFC 3339 times at +07:00, no PAN or CVV', async () => {
  const answer = await client.call('POST', '/credit-card/token', {
    merchantRefId: 'PdWghqjDT',
    tokenType: 'SINGLE',
    card: testCard('4000000000000010'),
    customer: { browser: { clientIp: '192.11.11.11', userAgent: 'ui', referrer: 'https://appotapay.com/', acceptLanguage: 'en-US' } },
  })
  expect(answer.status).toBe(200)
  const body = TokenCreateResponse.parse(answer.body)
  expect(body.tokenId).toMatch(/^[0-9a-z]{26}$/)
  expect(body.card).toEqual({ number: '400000XXXXXX0010', type: 'CREDIT', brand: 'MASTERCARD', country: 'VN' })
  expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/)
  expect(Date.parse(body.createdAt)).toBe(server.mock.engine.clock.now() - (server.mock.engine.clock.now() % 1000))
  expect(answer.raw).not.toContain('4000000000000010')
  expect(answer.raw).not.toContain('"cvv"')
  const recorded = JSON.stringify(server.mock.engine.recorder.list({ provider: 'appotapay' }))
  expect(recorded).not.toContain('4000000000000010')
})

test('3DS challenge: enrollment, the buyer authenticates, the browser returns to returnUrl, validate says VERIFIED, the token charges, then capture', async () => {
  const token = await createToken(CHALLENGE)
  const enrolled = await enroll({ tokenId: token.tokenId })
  expect(enrolled.status).toBe(200)
  const auth = EnrollmentResponse.parse(enrolled.body)
  expect(auth).toMatchObject({ status: 'CARD_ENROLLED', tokenId: token.tokenId, card: { number: '400000XXXXXX1091', cardBrand: 'VISA' } })
  expect(auth.deviceDataCollectionUrl).toContain(`id=${auth.id}`)

  const early = await chargeWith({ tokenId: token.tokenId, authenticationId: auth.id, merchantRefId: 'order-3ds' })
  expect(early.status).toBe(422)
  expect(ErrorResponse.parse(early.body).errorCode).toBe(3013)

  const step = await buyer(server.url, 'authenticate', { authenticationId: auth.id })
  expect(step.status).toBe(200)
  expect(step.body.status).toBe('VERIFIED')
  await fetch(String(step.body.redirectUrl))
  expect(merchant.returns.map((q) => Object.fromEntries(q))).toEqual([{ authenticationId: auth.id, status: 'VERIFIED' }])

  const validated = await client.call('POST', `/credit-card/enrollment/validate/${auth.id}`)
  expect(validated.status).toBe(200)
  expect(validated.body).toMatchObject({ authenticationId: auth.id, status: 'VERIFIED', eci: '05' })

  // The order refused for missing 3DS is sent again under the same reference.
  const charged = await chargeWith({ tokenId: token.tokenId, authenticationId: auth.id, merchantRefId: 'order-3ds' })
  expect(charged.status).toBe(200)
  const charge = ChargeResponse.parse(charged.body)
  expect(charge).toMatchObject({ status: 'AUTHORIZED', authorizedAmount: 150000, capturedAmount: 0, chargeType: 'BY_MULTIPLE_TOKEN', tokenId: token.tokenId, eci: '05' })

  const captured = await client.call('POST', `/credit-card/${charge.id}/capture`, { amount: 100000, currency: 'VND' })
  expect(captured.status).toBe(200)
  expect(ChargeResponse.parse(captured.body)).toMatchObject({ status: 'CAPTURED', capturedAmount: 100000 })
  const again = await client.call('POST', `/credit-card/${charge.id}/capture`, { amount: 100000, currency: 'VND' })
  expect(again.status).toBe(400)
  expect(again.body).toMatchObject({ errorCode: 1, errors: [{ field: 'authorizationId' }] })

  const byId = await client.call('GET', `/credit-card/charge/${charge.id}`)
  const byRef = await client.call('GET', `/credit-card/charge/${encodeURIComponent(charge.merchantRefId)}?referenceType=MERCHANT_REFERENCE_ID`)
  expect(ChargeResponse.parse(byId.body).status).toBe('CAPTURED')
  expect(byRef.body).toEqual(byId.body)
})

test('a failed challenge returns status FAILED to the merchant and the charge needs 3DS', async () => {
  const token = await createToken(CHALLENGE)
  const auth = EnrollmentResponse.parse((await enroll({ tokenId: token.tokenId })).body)
  const step = await buyer(server.url, 'authenticate', { authenticationId: auth.id, passed: false })
  expect(step.body).toMatchObject({ status: 'FAILED' })
  expect((await buyer(server.url, 'authenticate', { authenticationId: auth.id })).status).toBe(409)
  const charged = await chargeWith({ tokenId: token.tokenId, authenticationId: auth.id })
  expect(charged.body).toMatchObject({ errorCode: 3013 })
  const without = await chargeWith({ tokenId: token.tokenId })
  expect(without.body).toMatchObject({ errorCode: 3013 })
})

test('frictionless cards are VERIFIED at enrollment; "3DS enabled" cards charge only without 3DS', async () => {
  const frictionless = EnrollmentResponse.parse((await enroll({ card: testCard(FRICTIONLESS) })).body)
  expect(frictionless).toMatchObject({ status: 'VERIFIED', eci: '05' })
  expect(frictionless.deviceDataCollectionUrl).toBeUndefined()
  expect((await chargeWith({ card: testCard(FRICTIONLESS), authenticationId: frictionless.id })).status).toBe(200)

  const enabled = EnrollmentResponse.parse((await enroll({ card: testCard(ENABLED_FAILS) })).body)
  expect(enabled.status).toBe('CARD_ENROLLED')
  expect((await buyer(server.url, 'authenticate', { authenticationId: enabled.id })).body.status).toBe('FAILED')
  expect((await chargeWith({ card: testCard(ENABLED_FAILS), authenticationId: enabled.id })).body).toMatchObject({ errorCode: 3013 })
  const skipped = await chargeWith({ card: testCard(ENABLED_FAILS), capture: true })
  expect(ChargeResponse.parse(skipped.body)).toMatchObject({ status: 'CAPTURED', chargeType: 'BY_CARD' })
  expect(skipped.body).not.toHaveProperty('authenticationId')
})

test('an authentication of another card is refused', async () => {
  const auth = EnrollmentResponse.parse((await enroll({ card: testCard(FRICTIONLESS) })).body)
  const charged = await chargeWith({ card: testCard(UNLISTED), authenticationId: auth.id })
  expect(charged.status).toBe(400)
  expect(charged.body).toMatchObject({ errorCode: 1, errors: [{ field: 'authenticationId' }] })
})

test('a SINGLE token pays once; a second charge is 3012', async () => {
  const token = await createToken(UNLISTED, 'SINGLE')
  const first = await chargeWith({ tokenId: token.tokenId })
  expect(ChargeResponse.parse(first.body).chargeType).toBe('BY_SINGLE_TOKEN')
  const second = await chargeWith({ tokenId: token.tokenId })
  expect(second.status).toBe(422)
  expect(second.body).toMatchObject({ errorCode: 3012, errors: [{ field: 'tokenId' }] })
})

test('a declined charge does not use up a SINGLE token', async () => {
  const token = await createToken(STOLEN, 'SINGLE')
  const declined = await chargeWith({ tokenId: token.tokenId })
  expect(declined.status).toBe(422)
  expect(declined.body).toMatchObject({ errorCode: 3034, message: 'Thẻ bị đánh cắp hoặc bị mất' })
  expect((await chargeWith({ tokenId: token.tokenId })).body).toMatchObject({ errorCode: 3034 })
})

test('a deleted token cannot be charged, enrolled or deleted again (3004)', async () => {
  const token = await createToken(UNLISTED)
  const deleted = await client.call('DELETE', `/credit-card/token/${token.tokenId}?merchantRefId=${ref('del')}`)
  expect(deleted).toMatchObject({ status: 200, body: { tokenId: token.tokenId, isDeleted: true } })
  expect((await chargeWith({ tokenId: token.tokenId })).body).toMatchObject({ errorCode: 3004 })
  expect((await enroll({ tokenId: token.tokenId })).status).toBe(404)
  const twice = await client.call('DELETE', `/credit-card/token/${token.tokenId}?merchantRefId=${ref('del')}`)
  expect(twice).toMatchObject({ status: 404, body: { errorCode: 3004 } })
  const noRef = await client.call('DELETE', `/credit-card/token/${token.tokenId}`)
  expect(noRef.body).toMatchObject({ errorCode: 1, errors: [{ field: 'merchantRefId' }] })
})

test('messages follow the Language header: vi by default, en on request', async () => {
  const vi = await client.call('GET', '/credit-card/charge/NOPE')
  const en = await client.call('GET', '/credit-card/charge/NOPE', undefined, { headers: { language: 'en' } })
  expect(vi.body).toMatchObject({ errorCode: 36, message: 'Không tìm thấy giao dịch' })
  expect(en.body).toMatchObject({ errorCode: 36, message: 'Transaction is not found' })
})

test('a merchantRefId is used once per operation (3002)', async () => {
  const body = { merchantRefId: 'same-ref', tokenType: 'MULTIPLE', card: testCard(UNLISTED) }
  expect((await client.call('POST', '/credit-card/token', body)).status).toBe(200)
  expect(await client.call('POST', '/credit-card/token', body)).toMatchObject({ status: 409, body: { errorCode: 3002 } })
})

test('an authorization older than 7 days of the engine clock cannot be captured', async () => {
  const charge = ChargeResponse.parse((await chargeWith({ card: testCard(UNLISTED) })).body)
  await server.mock.engine.clock.advance(7 * 24 * 3_600_000 + 1)
  const late = await client.call('POST', `/credit-card/${charge.id}/capture`, { amount: 150000, currency: 'VND' })
  expect(late.body).toMatchObject({ errorCode: 1, errors: [{ field: 'authorizationId', reason: 'the authorization is older than 7 days' }] })
})

test('every test card of the contract behaves as its table says when charged without 3DS where allowed', async () => {
  for (const card of appotapayContract.testCards) {
    const threeDs = appotapayThreeDs[card.number]
    const threeDsNeeded = threeDs === 'challenge' || threeDs === 'frictionless'
    const answer = await chargeWith({ card: testCard(card.number) })
    if (threeDsNeeded) expect(answer.body, card.label).toMatchObject({ errorCode: 3013 })
    else if (card.behaviour.kind === 'decline') expect(answer.body, card.label).toMatchObject({ errorCode: Number(card.behaviour.code) })
    else expect(ChargeResponse.parse(answer.body).card.cardBrand, card.label).toBe(card.brand)
  }
})

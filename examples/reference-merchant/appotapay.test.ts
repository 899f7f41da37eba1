import { afterEach, describe, expect, test } from 'vitest'
import type { CheckoutInput } from '../../suites/driver.ts'
import { CARDS, card, checkoutInput, exchanges, mockPayments, startAppotapayWorld, type AppotapayWorld } from './appotapay-test-fixture.ts'
import type { MerchantFault } from './faults.ts'

let world: AppotapayWorld | undefined

async function start(...faults: MerchantFault[]): Promise<AppotapayWorld> {
  world = await startAppotapayWorld(faults.length > 0 ? { faults: new Set(faults) } : {})
  return world
}

afterEach(async () => {
  if (!world) return
  // Whatever the test did, no full card number reached the merchant's database or its logs.
  expect(world.cardNumbersKept(Object.values(CARDS))).toEqual([])
  await world.close()
  world = undefined
})

async function savedCardIds(w: AppotapayWorld, buyerRef: string): Promise<string[]> {
  const saved = await w.driver.savedCards({ provider: 'appotapay', buyerRef })
  if (!saved.ok) throw new Error(saved.issue.message)
  return saved.value.cards.map((c) => c.id)
}

/** Pays once with a saved frictionless card and answers the saved card's id. */
async function saveACard(w: AppotapayWorld, buyerRef = 'buyer-5c21'): Promise<string> {
  const first = checkoutInput({ buyerRef })
  expect(await w.driver.checkout(first)).toMatchObject({ ok: true, value: { status: 'paid' } })
  const [id] = await savedCardIds(w, buyerRef)
  if (!id) throw new Error('no saved card')
  return id
}

/** A "confirmation" nobody at AppotaPay sent, posted to the merchant's notification URL. */
function postForgedConfirmation(w: AppotapayWorld, orderId: string): Promise<Response> {
  return fetch(`${w.merchant.url}/notify/appotapay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-merchant-confirmation': '00'.repeat(32) },
    body: JSON.stringify({ merchantReference: orderId, chargeId: 'FORGED', card: { token: 'forged-token', masked: '400000XXXXXX1091' } }),
  })
}

const single = (number: string): CheckoutInput['card'] => ({ kind: 'new', save: false, card: card(number) })

describe('the reference merchant with AppotaPay', () => {
  test('capabilities declare the AppotaPay flows; configure wants the three credentials', async () => {
    const w = await start()
    expect((await w.driver.capabilities()).providers).toEqual([{ provider: 'appotapay', flows: ['vaulting_direct', 'token_reuse_pay'] }])
    expect(await w.driver.configure({ provider: 'appotapay', baseUrl: w.mock.url, credentials: { partnerCode: 'X' } })).toMatchObject({ ok: false, issue: { code: 'missing_credentials' } })
  })

  test('save: a MULTIPLE token, 3DS, one captured charge, the card saved once Get Charge confirms it; then reused without a CVV', async () => {
    const w = await start()
    const first = checkoutInput()
    const paid = await w.driver.checkout(first)
    expect(paid).toMatchObject({ ok: true, value: { orderId: first.orderId, status: 'paid' } })

    const [token] = await exchanges(w, 'tokenCreate')
    expect(token?.request.body).toMatchObject({ merchantRefId: first.orderId, tokenType: 'MULTIPLE' })
    const tokenId = (token?.response.body as { tokenId: string }).tokenId
    const [enrollment] = await exchanges(w, 'enrollment')
    expect(enrollment?.request.body).toMatchObject({ tokenId, amount: 150000, currency: 'VND', merchantRefId: first.orderId })
    expect(String(enrollment?.request.body.returnUrl)).toContain(`${w.merchant.url}/return/appotapay`)
    const [charge] = await exchanges(w, 'charge')
    expect(charge?.request.body).toMatchObject({ tokenId, authenticationId: expect.any(String), amount: 150000, capture: true, merchantRefId: first.orderId })
    expect(await exchanges(w, 'getCharge')).toHaveLength(1)

    const saved = await w.driver.savedCards({ provider: 'appotapay', buyerRef: first.buyerRef })
    if (!saved.ok) throw new Error(saved.issue.message)
    expect(saved.value.cards).toEqual([{ id: expect.any(String), masked: '400000XXXXXX1000', brand: 'VISA', expiryMonth: '12', expiryYear: '30' }])
    expect(await w.driver.savedCards({ provider: 'appotapay', buyerRef: 'buyer-other' })).toEqual({ ok: true, value: { cards: [] } })

    const reuse = checkoutInput({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: saved.value.cards[0]?.id ?? '', cvv: '123' } })
    expect(await w.driver.checkout(reuse)).toMatchObject({ ok: true, value: { status: 'paid' } })
    const reused = (await exchanges(w, 'charge')).at(-1)
    expect(reused?.request.body).toMatchObject({ tokenId, merchantRefId: reuse.orderId })
    expect(JSON.stringify(reused?.request.body)).not.toMatch(/cvv/i)
    expect((await exchanges(w, 'enrollment')).at(-1)?.request.body).toMatchObject({ tokenId })
    expect(await exchanges(w, 'tokenCreate')).toHaveLength(1)
    expect(await w.driver.order({ provider: 'appotapay', orderId: reuse.orderId })).toEqual({ ok: true, value: { orderId: reuse.orderId, status: 'paid', captures: 1 } })
    expect(await savedCardIds(w, first.buyerRef)).toHaveLength(1)
  })

  test('no save: a SINGLE token pays once and is not kept', async () => {
    const w = await start()
    const input = checkoutInput({ card: single(CARDS.notEnrolled) })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    const [token] = await exchanges(w, 'tokenCreate')
    expect(token?.request.body).toMatchObject({ tokenType: 'SINGLE' })
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])
    // No confirmation was needed: nothing is kept from a SINGLE token.
    expect(await exchanges(w, 'getCharge')).toHaveLength(0)
  })

  test('3DS challenge: action required; once the buyer is back, Enrollment Validate decides, then the charge, then the card', async () => {
    const w = await start()
    const input = checkoutInput({ card: { kind: 'new', save: true, card: card(CARDS.challenge) } })
    const started = await w.driver.checkout(input)
    if (!started.ok || !started.value.buyerActionUrl || !started.value.providerReference) throw new Error('no buyer action')
    expect(started.value).toMatchObject({ status: 'action_required' })
    expect(started.value.buyerActionUrl).toContain(`id=${started.value.providerReference}`)
    expect(await exchanges(w, 'charge')).toHaveLength(0)
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])

    await w.authenticate(started.value.providerReference, true)
    // The buyer is back and confirms the order again: the same order continues where it stopped.
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(await exchanges(w, 'enrollmentValidate')).toHaveLength(1)
    expect(await exchanges(w, 'tokenCreate')).toHaveLength(1)
    expect((await exchanges(w, 'charge'))[0]?.request.body).toMatchObject({ authenticationId: started.value.providerReference })
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    expect(await savedCardIds(w, input.buyerRef)).toHaveLength(1)
  })

  test('3DS challenge failed: the order fails, nothing is charged or saved', async () => {
    const w = await start()
    const input = checkoutInput({ card: { kind: 'new', save: true, card: card(CARDS.challenge) } })
    const started = await w.driver.checkout(input)
    if (!started.ok || !started.value.providerReference) throw new Error('no buyer action')
    await w.authenticate(started.value.providerReference, false)
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
    expect(await exchanges(w, 'charge')).toHaveLength(0)
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])
  })

  test('a declined card fails once (no retry) and its MULTIPLE token is not saved', async () => {
    const w = await start()
    const input = checkoutInput({ card: { kind: 'new', save: true, card: card(CARDS.stolen) } })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
    expect(await exchanges(w, 'charge')).toHaveLength(1)
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'failed', captures: 0 } })
  })

  test('a validation error (errorCode 1) is never retried', async () => {
    const w = await start()
    // Token Create takes only 0-9 a-z A-Z and spaces in the holder name.
    const input = checkoutInput({ card: { kind: 'new', save: true, card: card(CARDS.frictionless, { holderName: 'Nguyễn Văn A' }) } })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
    const tokens = await exchanges(w, 'tokenCreate')
    expect(tokens).toHaveLength(1)
    expect(tokens[0]?.response.status).toBe(400)
    expect(await exchanges(w, 'charge')).toHaveLength(0)
  })

  test('HTTP 503 after the charge was processed: the same merchantRefId again (3002), Get Charge settles it; one charge', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'appotapay', operation: 'charge', times: 1, effect: { type: 'httpStatus', status: 503 }, afterProcessing: true })
    const input = checkoutInput()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    const charges = await exchanges(w, 'charge')
    expect(charges.map((c) => c.request.body.merchantRefId)).toEqual([input.orderId, input.orderId])
    expect(charges[1]?.response.status).toBe(409)
    expect((await exchanges(w, 'getCharge')).length).toBeGreaterThan(0)
    expect((await mockPayments(w)).filter((p) => p.requestId.startsWith(input.orderId))).toHaveLength(1)
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    expect(await savedCardIds(w, input.buyerRef)).toHaveLength(1)
  })

  test('a lost answer (processed, never answered): timeout, the same reference, one charge', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'appotapay', operation: 'charge', times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
    const input = checkoutInput({ card: single(CARDS.notEnrolled) })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(new Set((await exchanges(w, 'charge')).map((c) => c.request.body.merchantRefId))).toEqual(new Set([input.orderId]))
    expect((await mockPayments(w)).filter((p) => p.requestId.startsWith(input.orderId))).toHaveLength(1)
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { captures: 1 } })
  })

  test('HTTP 503 before processing, twice: retried, paid on the third attempt', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'appotapay', operation: 'charge', times: 2, effect: { type: 'httpStatus', status: 503 } })
    const input = checkoutInput()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(await exchanges(w, 'charge')).toHaveLength(3)
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { captures: 1 } })
  })

  test('server errors every time: bounded retries, Get Charge finds nothing, failed with nothing charged', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'appotapay', operation: 'charge', effect: { type: 'httpStatus', status: 503 } })
    const input = checkoutInput()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
    expect(await exchanges(w, 'charge')).toHaveLength(3)
    expect(await exchanges(w, 'getCharge')).toHaveLength(1)
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { captures: 0 } })
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])
  })

  test('no answer from the charge nor from Get Charge: pending, not failed; the next checkout of the order asks again', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'appotapay', operation: 'charge', effect: { type: 'httpStatus', status: 503 }, afterProcessing: true })
    const lost = (await w.control('/scenarios', { provider: 'appotapay', operation: 'getCharge', effect: { type: 'httpStatus', status: 503 } })) as { id: number }
    const input = checkoutInput()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'pending' } })
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])

    await fetch(`${w.mock.url}/__tokenproof/scenarios/${lost.id}`, { method: 'DELETE' })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(await exchanges(w, 'tokenCreate')).toHaveLength(1)
    expect(await mockPayments(w)).toHaveLength(1)
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    expect(await savedCardIds(w, input.buyerRef)).toHaveLength(1)
  })

  test('a second checkout of a paid order does not charge again', async () => {
    const w = await start()
    const input = checkoutInput({ card: single(CARDS.notEnrolled) })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    // A new SINGLE token is refused as a duplicate reference: nothing more happens.
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(await mockPayments(w)).toHaveLength(1)
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { captures: 1 } })
  })

  test('anything posted to /notify/appotapay is rejected and not applied: AppotaPay sends no notifications', async () => {
    const w = await start()
    const input = checkoutInput({ card: { kind: 'new', save: true, card: card(CARDS.challenge) } })
    await w.driver.checkout(input)
    expect((await postForgedConfirmation(w, input.orderId)).status).toBe(401)
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'action_required', captures: 0 } })
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])
  })

  test('only VND, and a new card needs its CVV', async () => {
    const w = await start()
    expect(await w.driver.checkout(checkoutInput({ amount: { currency: 'HKD', value: '1000' } }))).toMatchObject({ ok: false, issue: { code: 'unsupported_currency' } })
    const noCvv = { number: CARDS.frictionless, expiryMonth: '12', expiryYear: '30' }
    expect(await w.driver.checkout(checkoutInput({ card: { kind: 'new', save: true, card: noCvv } }))).toMatchObject({ ok: false, issue: { code: 'cvv_required' } })
    expect(await w.driver.checkout(checkoutInput({ flow: 'token_reuse_pay' }))).toMatchObject({ ok: false, issue: { code: 'card_choice_mismatch' } })
    expect(await exchanges(w, 'tokenCreate')).toHaveLength(0)
  })
})

describe('deliberate faults change what goes on the wire', () => {
  test('keep_single_token: the SINGLE token of a one-off payment is saved, and reusing it is refused (3012)', async () => {
    const w = await start('keep_single_token')
    const first = checkoutInput({ card: single(CARDS.frictionless) })
    expect(await w.driver.checkout(first)).toMatchObject({ ok: true, value: { status: 'paid' } })
    const [savedId] = await savedCardIds(w, first.buyerRef)
    if (!savedId) throw new Error('the fault should have kept the token')
    const reuse = checkoutInput({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: savedId } })
    expect(await w.driver.checkout(reuse)).toMatchObject({ ok: true, value: { status: 'failed' } })
    expect((await exchanges(w, 'enrollment')).at(-1)?.response.body).toMatchObject({ errorCode: 3012 })
  })

  test('skip_signature_check does not apply (AppotaPay sends nothing to verify): a forged post is still rejected', async () => {
    const w = await start('skip_signature_check')
    const input = checkoutInput({ card: { kind: 'new', save: true, card: card(CARDS.challenge) } })
    await w.driver.checkout(input)
    expect((await postForgedConfirmation(w, input.orderId)).status).toBe(401)
    expect(await w.driver.order({ provider: 'appotapay', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'action_required', captures: 0 } })
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])
  })

  test('token_from_sync_answer: the MULTIPLE token of Token Create is saved although the payment is never charged', async () => {
    const w = await start('token_from_sync_answer')
    const input = checkoutInput({ card: { kind: 'new', save: true, card: card(CARDS.challenge) } })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'action_required' } })
    expect(await exchanges(w, 'charge')).toHaveLength(0)
    expect(await savedCardIds(w, input.buyerRef)).toHaveLength(1)
  })

  test('cvv_on_reuse: the charge of a saved token carries the CVV', async () => {
    const w = await start('cvv_on_reuse')
    const savedCardId = await saveACard(w)
    await w.driver.checkout(checkoutInput({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId, cvv: '123' } }))
    expect((await exchanges(w, 'charge')).at(-1)?.request.body).toHaveProperty('cvv')
  })

  test('cvv_on_reuse: without a CVV typed again, the one kept from Token Create is sent', async () => {
    const w = await start('cvv_on_reuse')
    const savedCardId = await saveACard(w)
    expect(await w.driver.checkout(checkoutInput({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId } }))).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect((await exchanges(w, 'charge')).at(-1)?.request.body).toHaveProperty('cvv')
  })

  test('token_from_sync_answer: a one-off payment (SINGLE token) is still not saved', async () => {
    const w = await start('token_from_sync_answer')
    const input = checkoutInput({ card: single(CARDS.frictionless) })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(await savedCardIds(w, input.buyerRef)).toEqual([])
  })

  test('retry_non_retryable: a refused charge (3033 invalid CVN) is sent again', async () => {
    const w = await start('retry_non_retryable')
    await w.control('/scenarios', { provider: 'appotapay', operation: 'charge', times: 1, effect: { type: 'resultCode', code: '3033' } })
    await w.driver.checkout(checkoutInput())
    expect(await exchanges(w, 'charge')).toHaveLength(3)
  })

  test('never_inquire: one charge attempt after a 503, no Get Charge, booked failed although it was charged', async () => {
    const w = await start('never_inquire')
    await w.control('/scenarios', { provider: 'appotapay', operation: 'charge', times: 1, effect: { type: 'httpStatus', status: 503 }, afterProcessing: true })
    const input = checkoutInput({ card: single(CARDS.notEnrolled) })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
    expect(await exchanges(w, 'charge')).toHaveLength(1)
    expect(await exchanges(w, 'getCharge')).toHaveLength(0)
    expect(await mockPayments(w)).toHaveLength(1)
  })

  test('new_key_on_retry: the retry after a lost answer has a new merchantRefId, and the buyer is charged twice', async () => {
    const w = await start('new_key_on_retry')
    await w.control('/scenarios', { provider: 'appotapay', operation: 'charge', times: 1, effect: { type: 'httpStatus', status: 503 }, afterProcessing: true })
    const input = checkoutInput({ card: { kind: 'new', save: true, card: card(CARDS.notEnrolled) } })
    await w.driver.checkout(input)
    const refs = (await exchanges(w, 'charge')).map((c) => c.request.body.merchantRefId)
    expect(refs).toEqual([input.orderId, `${input.orderId}-2`])
    expect(await mockPayments(w)).toHaveLength(2)
  })
})

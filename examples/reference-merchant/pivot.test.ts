import { afterEach, expect, test } from 'vitest'
import type { CheckoutOutput, DriverResult } from '../../suites/driver.ts'
import { exchanges, newCard, notifications, PIVOT_CARDS, pivotCheckout, startPivotWorld, storedTokens, type PivotWorld } from './pivot-test-fixture.ts'
import type { MerchantFault } from './faults.ts'

let world: PivotWorld | undefined

async function start(faults: readonly MerchantFault[] = []): Promise<PivotWorld> {
  world = await startPivotWorld({ faults })
  return world
}

afterEach(async () => {
  if (!world) return
  // Whatever the test did, no full card number and no CVV reached the merchant's database or its logs.
  expect(world.cardNumbersKept(Object.values(PIVOT_CARDS))).toEqual([])
  expect(world.keptText()).not.toMatch(/cvc|cvv|encryptedCard/i)
  await world.close()
  world = undefined
})

/** The Payment Session id and the buyer's URL of an action_required checkout. */
function actionOf(result: DriverResult<CheckoutOutput>): { sessionId: string; url: string } {
  if (!result.ok || result.value.status !== 'action_required' || !result.value.buyerActionUrl || !result.value.providerReference) throw new Error(`no buyer action: ${JSON.stringify(result)}`)
  return { sessionId: result.value.providerReference, url: result.value.buyerActionUrl }
}

async function savedCardId(w: PivotWorld, buyerRef: string): Promise<string> {
  const saved = await w.driver.savedCards({ provider: 'pivot', buyerRef })
  const id = saved.ok ? saved.value.cards[0]?.id : undefined
  if (!id) throw new Error('no saved card')
  return id
}

/** Pays and saves a card server to server (API mode, 3DS passed), and returns the merchant's saved-card id. */
async function saveACard(w: PivotWorld, buyerRef = 'buyer-7f3a'): Promise<string> {
  const started = await w.driver.checkout(pivotCheckout({ buyerRef }))
  await w.buyerAuthenticates(actionOf(started).sessionId)
  return savedCardId(w, buyerRef)
}

test('capabilities declare the Pivot flows, and configure needs the three credentials', async () => {
  const w = await start()
  expect((await w.driver.capabilities()).providers).toEqual([{ provider: 'pivot', flows: ['hosted_ask_consent', 'server_to_server_enabled', 'token_reuse_pay', 'token_reuse_session'] }])
  const again = await w.driver.configure({ provider: 'pivot', baseUrl: w.mock.url, credentials: { merchantId: w.settings.merchantId } })
  expect(again).toMatchObject({ ok: false, issue: { code: 'missing_credentials' } })
})

test('hosted with consent: REDIRECT session, the buyer ticks the box, the card is saved from the PAYMENT.PAID callback', async () => {
  const w = await start()
  const input = pivotCheckout({ flow: 'hosted_ask_consent', card: newCard(PIVOT_CARDS.frictionless, true) })
  const { sessionId, url } = actionOf(await w.driver.checkout(input))
  expect(url).toMatch(/\/pivot\/pay\/detail\?token=/)

  const [create] = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  expect(create?.request.headers['idempotency-key']).toBe(input.orderId)
  expect(create?.request.body).toMatchObject({
    clientReferenceId: input.orderId,
    amount: { value: 150000, currency: 'IDR' },
    mode: 'REDIRECT',
    autoConfirm: true,
    paymentMethod: { type: 'CARD' },
    saveForFuture: true,
    // The customer key is derived from the pseudonymous buyer reference: no name, no real address.
    customer: { email: 'buyer-7f3a@buyers.reference-merchant.invalid' },
  })
  expect(create?.request.body).not.toHaveProperty('paymentMethod.card')
  expect(Object.keys(create?.request.body.customer as object)).toEqual(['email'])
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })

  expect(await w.buyerPays(sessionId, { card: PIVOT_CARDS.frictionless, saveForFutureUse: true })).toMatchObject({ status: 'PAID' })
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toEqual({ ok: true, value: { orderId: input.orderId, status: 'paid', captures: 1 } })
  const saved = await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })
  expect(saved).toEqual({ ok: true, value: { cards: [{ id: expect.any(String), masked: '444000******0001', brand: 'VISA', expiryMonth: '12', expiryYear: '30' }] } })
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: 'buyer-other' })).toEqual({ ok: true, value: { cards: [] } })
  const [callback] = await exchanges(w, 'operation=paymentCallback&direction=outbound')
  expect(callback?.response.status).toBe(200)
})

test('hosted without consent: the page offers the box, the buyer leaves it unticked; paid, and nothing saved', async () => {
  const w = await start()
  const input = pivotCheckout({ flow: 'hosted_ask_consent', card: newCard(PIVOT_CARDS.frictionless, false) })
  const { sessionId } = actionOf(await w.driver.checkout(input))
  const [create] = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  // Pivot's page asks the buyer: saveForFuture only puts the "Save for future use" box on it.
  expect(create?.request.body).toMatchObject({ saveForFuture: true })
  await w.buyerPays(sessionId, { card: PIVOT_CARDS.frictionless, saveForFutureUse: false })
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  // The PAID callback still says saveForFutureUse (our flag): the customer's record says nothing was stored.
  expect(await exchanges(w, 'operation=retrieveCustomer&direction=inbound')).toHaveLength(1)
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
  expect(await storedTokens(w)).toEqual([])
})

test('hosted: the buyer unticks the box on the page although they opted in at checkout; nothing saved', async () => {
  const w = await start()
  const input = pivotCheckout({ flow: 'hosted_ask_consent', card: newCard(PIVOT_CARDS.frictionless, true) })
  const { sessionId } = actionOf(await w.driver.checkout(input))
  await w.buyerPays(sessionId, { card: PIVOT_CARDS.frictionless, saveForFutureUse: false })
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
})

test('a PAID callback whose stored card cannot be read yet is answered 503, and applied when Pivot resends it', async () => {
  const w = await start()
  await w.control('/scenarios', { provider: 'pivot', operation: 'retrieveCustomer', times: 3, effect: { type: 'httpStatus', status: 503 } })
  const input = pivotCheckout({ flow: 'hosted_ask_consent', card: newCard(PIVOT_CARDS.frictionless, true) })
  const { sessionId } = actionOf(await w.driver.checkout(input))
  await w.buyerPays(sessionId, { card: PIVOT_CARDS.frictionless, saveForFutureUse: true })
  const [first] = await notifications(w)
  expect(first?.attempts[0]).toMatchObject({ acknowledged: false, status: 503 })
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })

  await w.advance(5 * 60_000)
  const [again] = await notifications(w)
  expect(again?.attempts.map((a) => a.acknowledged)).toEqual([false, true])
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  const saved = await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })
  expect(saved.ok && saved.value.cards).toHaveLength(1)
})

test('server to server: API session, encrypted card, confirm, 3DS; the card is saved only once the callback says PAID', async () => {
  const w = await start()
  // Hold the callback back: the confirm answer already names the card, which must not be saved.
  await w.control('/notifications/chaos', { provider: 'pivot', times: 1, chaos: { mode: 'late', delayMs: 60_000 } })
  const input = pivotCheckout({ card: newCard(PIVOT_CARDS.challenge, true) })
  const started = await w.driver.checkout(input)
  const { sessionId, url } = actionOf(started)
  expect(url).toMatch(/\/pivot\/3ds\//)

  const [create] = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  expect(create?.request.body).toMatchObject({ clientReferenceId: input.orderId, mode: 'API', autoConfirm: false, paymentMethod: { type: 'CARD' }, saveForFuture: true })
  const [confirm] = await exchanges(w, 'operation=confirmPaymentSession&direction=inbound')
  expect(confirm?.request.body).toEqual({ paymentMethod: { type: 'CARD', card: { encryptedCard: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } }, saveForFuture: true })

  await w.buyerAuthenticates(sessionId)
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'action_required' } })

  await w.advance(60_000)
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toEqual({ ok: true, value: { orderId: input.orderId, status: 'paid', captures: 1 } })
  const saved = await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })
  expect(saved.ok && saved.value.cards.map((c) => c.masked)).toEqual(['444000******0002'])
})

test('server to server without consent sends saveForFuture false and saves nothing', async () => {
  const w = await start()
  const input = pivotCheckout({ card: newCard(PIVOT_CARDS.mastercard, false) })
  const { sessionId } = actionOf(await w.driver.checkout(input))
  const [confirm] = await exchanges(w, 'operation=confirmPaymentSession&direction=inbound')
  expect(confirm?.request.body).toMatchObject({ saveForFuture: false })
  await w.buyerAuthenticates(sessionId)
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
})

test('a declined card fails at 3DS: the order is failed with the charge failure code, nothing saved', async () => {
  const w = await start()
  const input = pivotCheckout({ card: newCard(PIVOT_CARDS.declined, true) })
  const { sessionId } = actionOf(await w.driver.checkout(input))
  expect(await w.buyerAuthenticates(sessionId)).toMatchObject({ status: 'FAILED', failureCode: 'DECLINED_BY_CHANNEL' })
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toEqual({ ok: true, value: { orderId: input.orderId, status: 'failed', captures: 0 } })
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
  expect(w.logs.some((line) => line.includes('DECLINED_BY_CHANNEL'))).toBe(true)
})

test('token_reuse_pay: reads the stored methods, pays with the token and the CVC the buyer typed again', async () => {
  const w = await start()
  const cardId = await saveACard(w)
  const reuse = pivotCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: cardId, cvv: '321' } })
  // One customer read confirmed the save (after the PAID callback); the reuse reads the stored methods once more.
  expect(await exchanges(w, 'operation=retrieveCustomer&direction=inbound')).toHaveLength(1)
  const { sessionId } = actionOf(await w.driver.checkout(reuse))

  const reads = await exchanges(w, 'operation=retrieveCustomer&direction=inbound')
  expect(reads).toHaveLength(2)
  const [token] = await storedTokens(w)
  const create = (await exchanges(w, 'operation=createPaymentSession&direction=inbound')).at(-1)
  expect(create?.request.body).toMatchObject({ clientReferenceId: reuse.orderId, mode: 'API', autoConfirm: true, customer: { id: token?.buyerRef }, paymentMethod: { type: 'CARD', card: { token: token?.id } } })
  expect(create?.request.body).not.toHaveProperty('saveForFuture')

  await w.buyerAuthenticates(sessionId)
  expect(await w.driver.order({ provider: 'pivot', orderId: reuse.orderId })).toEqual({ ok: true, value: { orderId: reuse.orderId, status: 'paid', captures: 1 } })
  // Still one saved card.
  const saved = await w.driver.savedCards({ provider: 'pivot', buyerRef: reuse.buyerRef })
  expect(saved.ok && saved.value.cards).toHaveLength(1)
})

test('token_reuse_pay without the CVC: Pivot refuses it (400), the merchant does not retry, the order fails', async () => {
  const w = await start()
  const cardId = await saveACard(w)
  const reuse = pivotCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: cardId } })
  expect(await w.driver.checkout(reuse)).toMatchObject({ ok: true, value: { status: 'failed' } })
  const creates = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  expect(creates.filter((c) => c.request.body.clientReferenceId === reuse.orderId).map((c) => c.response.status)).toEqual([400])
})

test('token_reuse_session: REDIRECT with showSavedPayment and customer.id; the buyer picks the card and types its CVC on the page', async () => {
  const w = await start()
  const cardId = await saveACard(w)
  const reuse = pivotCheckout({ flow: 'token_reuse_session', card: { kind: 'saved', savedCardId: cardId, cvv: '123' } })
  const { sessionId } = actionOf(await w.driver.checkout(reuse))
  const [token] = await storedTokens(w)
  const create = (await exchanges(w, 'operation=createPaymentSession&direction=inbound')).at(-1)
  expect(create?.request.body).toMatchObject({ mode: 'REDIRECT', showSavedPayment: true, customer: { id: token?.buyerRef } })
  expect(create?.request.body).not.toHaveProperty('paymentMethod.card')

  await w.buyerPays(sessionId, { savedToken: token?.id ?? '', cvc: '123' })
  expect(await w.driver.order({ provider: 'pivot', orderId: reuse.orderId })).toEqual({ ok: true, value: { orderId: reuse.orderId, status: 'paid', captures: 1 } })
})

test('an unknown saved card is an issue; an unsupported flow or currency too', async () => {
  const w = await start()
  expect(await w.driver.checkout(pivotCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: 'card_9999', cvv: '123' } }))).toMatchObject({ ok: false, issue: { code: 'unknown_saved_card' } })
  expect(await w.driver.checkout(pivotCheckout({ flow: 'session_ask_consent' }))).toMatchObject({ ok: false, issue: { code: 'unsupported_flow' } })
  expect(await w.driver.checkout(pivotCheckout({ amount: { currency: 'HKD', value: '1000' } }))).toMatchObject({ ok: false, issue: { code: 'unsupported_amount' } })
  expect(await exchanges(w, 'operation=createPaymentSession')).toEqual([])
})

test('an unpaid REDIRECT session expires: PAYMENT.EXPIRED fails the order', async () => {
  const w = await start()
  const input = pivotCheckout({ flow: 'hosted_ask_consent' })
  actionOf(await w.driver.checkout(input))
  await w.advance(15 * 60_000)
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toEqual({ ok: true, value: { orderId: input.orderId, status: 'failed', captures: 0 } })
})

test('the access token is cached and reused, fetched again when Pivot says it expired (401), and fetched fresh to create a session', async () => {
  const w = await start()
  const cardId = await saveACard(w)
  // One token: fetched for the session create, reused by confirm and by the customer read after the callback.
  expect(await exchanges(w, 'operation=accessToken&direction=inbound')).toHaveLength(1)
  // 16 minutes on Pivot's clock: the cached token is past its 900 s, though not on ours.
  await w.advance(16 * 60_000)
  const reuse = pivotCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: cardId, cvv: '321' } })
  actionOf(await w.driver.checkout(reuse))
  const reads = await exchanges(w, 'operation=retrieveCustomer&direction=inbound')
  expect(reads.slice(-2).map((c) => c.response.status)).toEqual([401, 200])
  // The payment request itself goes out once, with a token fetched for it: never refused, never sent twice.
  const creates = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  expect(creates.map((c) => c.response.status)).toEqual([200, 200])
  expect(await exchanges(w, 'operation=accessToken&direction=inbound')).toHaveLength(3)
})

test('HTTP 503 twice: the same request is sent again with the same Idempotency-Key and clientReferenceId; one session', async () => {
  const w = await start()
  await w.control('/scenarios', { provider: 'pivot', operation: 'createPaymentSession', times: 2, effect: { type: 'httpStatus', status: 503 } })
  const input = pivotCheckout({ flow: 'hosted_ask_consent' })
  actionOf(await w.driver.checkout(input))
  const creates = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  expect(creates.map((c) => [c.response.status, c.request.headers['idempotency-key'], c.request.body.clientReferenceId])).toEqual([
    [503, input.orderId, input.orderId],
    [503, input.orderId, input.orderId],
    [200, input.orderId, input.orderId],
  ])
})

test('a lost answer to the session create: the retry gets the same session back (Idempotency-Key replay)', async () => {
  const w = await start()
  await w.control('/scenarios', { provider: 'pivot', operation: 'createPaymentSession', times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
  const input = pivotCheckout({ flow: 'hosted_ask_consent' })
  const { sessionId } = actionOf(await w.driver.checkout(input))
  const creates = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  expect(creates.map((c) => c.response.status)).toEqual([499, 200])
  expect((creates[1]?.response.body as { data: { id: string } }).data.id).toBe(sessionId)
  await w.buyerPays(sessionId, { card: PIVOT_CARDS.frictionless })
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
})

test('a lost answer to confirm: the retry is refused (already confirmed), the session GET settles it; one charge', async () => {
  const w = await start()
  await w.control('/scenarios', { provider: 'pivot', operation: 'confirmPaymentSession', times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
  const input = pivotCheckout({ card: newCard(PIVOT_CARDS.frictionless, false) })
  const { sessionId, url } = actionOf(await w.driver.checkout(input))
  expect(url).toMatch(/\/pivot\/3ds\//)
  expect((await exchanges(w, 'operation=confirmPaymentSession&direction=inbound')).map((c) => c.response.status)).toEqual([499, 403])
  expect(await exchanges(w, 'operation=getPaymentSession&direction=inbound')).toHaveLength(1)
  await w.buyerAuthenticates(sessionId)
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
})

test('a validation error (400) is never retried', async () => {
  const w = await start()
  await w.control('/scenarios', { provider: 'pivot', operation: 'createPaymentSession', times: 1, effect: { type: 'resultCode', code: '400100001' } })
  const input = pivotCheckout({ flow: 'hosted_ask_consent' })
  expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
  expect(await exchanges(w, 'operation=createPaymentSession&direction=inbound')).toHaveLength(1)
})

test('500 every time: bounded retries, then failed (no page was ever shown), nothing charged', async () => {
  const w = await start()
  await w.control('/scenarios', { provider: 'pivot', operation: 'createPaymentSession', effect: { type: 'resultCode', code: '500100001' } })
  const input = pivotCheckout({ flow: 'hosted_ask_consent' })
  expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
  expect(await exchanges(w, 'operation=createPaymentSession&direction=inbound')).toHaveLength(3)
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { captures: 0 } })
})

test('a duplicate callback is acknowledged (2xx) both times and applied once', async () => {
  const w = await start()
  await w.control('/notifications/chaos', { provider: 'pivot', times: 1, chaos: { mode: 'duplicate' } })
  const input = pivotCheckout()
  await w.buyerAuthenticates(actionOf(await w.driver.checkout(input)).sessionId)
  const deliveries = await exchanges(w, 'operation=paymentCallback&direction=outbound')
  expect(deliveries.map((d) => d.response.status)).toEqual([200, 200])
  expect(w.logs.some((line) => line.includes('already applied'))).toBe(true)
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  const saved = await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })
  expect(saved.ok && saved.value.cards).toHaveLength(1)
})

test('a callback with the wrong X-API-Key is rejected: not applied, not acknowledged, no card saved', async () => {
  const w = await start()
  await w.control('/notifications/chaos', { provider: 'pivot', times: 1, chaos: { mode: 'forgedSignature' } })
  const input = pivotCheckout()
  await w.buyerAuthenticates(actionOf(await w.driver.checkout(input)).sessionId)
  const [record] = await notifications(w)
  expect(record?.attempts[0]).toMatchObject({ acknowledged: false, forged: true, status: 401 })
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'action_required', captures: 0 } })
  expect(await w.driver.savedCards({ provider: 'pivot', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })

  // A callback without the key at all is refused the same way.
  const bare = await fetch(`${w.merchant.url}/notify/pivot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'PAYMENT.PAID', data: {} }) })
  expect(bare.status).toBe(401)
})

// ---------------------------------------------------------------------------------------------
// Deliberate faults: each changes what crosses the wire.

test('fault retry_non_retryable: a 400 is sent three times', async () => {
  const w = await start(['retry_non_retryable'])
  await w.control('/scenarios', { provider: 'pivot', operation: 'createPaymentSession', times: 3, effect: { type: 'resultCode', code: '400100001' } })
  await w.driver.checkout(pivotCheckout({ flow: 'hosted_ask_consent' }))
  expect((await exchanges(w, 'operation=createPaymentSession&direction=inbound')).map((c) => c.response.status)).toEqual([400, 400, 400])
})

test('fault never_inquire: after a lost confirm answer, no retry and no session GET; the order is failed', async () => {
  const w = await start(['never_inquire'])
  await w.control('/scenarios', { provider: 'pivot', operation: 'confirmPaymentSession', times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
  const input = pivotCheckout({ card: newCard(PIVOT_CARDS.frictionless, false) })
  expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
  expect(await exchanges(w, 'operation=confirmPaymentSession&direction=inbound')).toHaveLength(1)
  expect(await exchanges(w, 'operation=getPaymentSession&direction=inbound')).toEqual([])
})

test('fault new_key_on_retry: the retry carries a new Idempotency-Key and clientReferenceId, so Pivot makes a second session', async () => {
  const w = await start(['new_key_on_retry'])
  await w.control('/scenarios', { provider: 'pivot', operation: 'createPaymentSession', times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
  const input = pivotCheckout({ flow: 'hosted_ask_consent' })
  actionOf(await w.driver.checkout(input))
  const creates = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  expect(creates.map((c) => [c.response.status, c.request.headers['idempotency-key'], c.request.body.clientReferenceId])).toEqual([
    [499, input.orderId, input.orderId],
    [200, `${input.orderId}-retry2`, `${input.orderId}-retry2`],
  ])
})

test('fault skip_signature_check: a callback with a wrong X-API-Key is applied and acknowledged', async () => {
  const w = await start(['skip_signature_check'])
  await w.control('/notifications/chaos', { provider: 'pivot', times: 1, chaos: { mode: 'forgedSignature' } })
  const input = pivotCheckout()
  await w.buyerAuthenticates(actionOf(await w.driver.checkout(input)).sessionId)
  const [record] = await notifications(w)
  expect(record?.attempts[0]).toMatchObject({ acknowledged: true, forged: true, status: 200 })
  expect(await w.driver.order({ provider: 'pivot', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid' } })
})

test('fault wrong_ack: a genuine callback is answered 500, so Pivot keeps sending it', async () => {
  const w = await start(['wrong_ack'])
  const input = pivotCheckout()
  await w.buyerAuthenticates(actionOf(await w.driver.checkout(input)).sessionId)
  const [record] = await notifications(w)
  expect(record).toMatchObject({ status: 'scheduled', attempts: [{ acknowledged: false, status: 500 }] })
  await w.advance(5 * 60_000)
  expect((await notifications(w))[0]?.attempts).toHaveLength(2)
})

test('fault pii_buyer_ref: the buyer reference is an e-mail address, and it goes to Pivot as the customer e-mail', async () => {
  const w = await start(['pii_buyer_ref'])
  const input = pivotCheckout({ flow: 'hosted_ask_consent', buyerRef: 'buyer-7f3a' })
  actionOf(await w.driver.checkout(input))
  const [create] = await exchanges(w, 'operation=createPaymentSession&direction=inbound')
  expect(create?.request.body).toMatchObject({ customer: { email: 'buyer-7f3a@mail.example.com' } })
})

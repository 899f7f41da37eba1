import { afterEach, describe, expect, test } from 'vitest'
import { adyenCheckout, cardWithHolder, CARDS, exchanges, mockPayments, notifications, saveVisa, startAdyenWorld, WEBHOOK_USER, type AdyenWorld } from './adyen-test-fixture.ts'
import type { MerchantFault } from './faults.ts'

let world: AdyenWorld | undefined

async function start(faults: readonly MerchantFault[] = []): Promise<AdyenWorld> {
  world = await startAdyenWorld(faults)
  return world
}

afterEach(async () => {
  if (!world) return
  // Whatever the test did, no full card number reached the merchant's database or its logs.
  expect(world.cardNumbersKept(Object.values(CARDS))).toEqual([])
  await world.close()
  world = undefined
})

const order = (w: AdyenWorld, orderId: string) => w.driver.order({ provider: 'adyen', orderId })
const cards = async (w: AdyenWorld, buyerRef = 'buyer-7f3a') => {
  const saved = await w.driver.savedCards({ provider: 'adyen', buyerRef })
  if (!saved.ok) throw new Error(saved.issue.message)
  return saved.value.cards
}
const actionUrl = (result: Awaited<ReturnType<AdyenWorld['driver']['checkout']>>): string => {
  if (!result.ok || result.value.status !== 'action_required' || !result.value.buyerActionUrl) throw new Error(`no buyer action: ${JSON.stringify(result)}`)
  return result.value.buyerActionUrl
}

describe('reference', () => {
  test('capabilities declare the Adyen flows; configure needs the API key, account and a hex HMAC key', async () => {
    const w = await start()
    const capabilities = await w.driver.capabilities()
    expect(capabilities.providers).toEqual([{ provider: 'adyen', flows: ['session_ask_consent', 'sdk_session', 'server_to_server_enabled', 'zero_amount_save', 'token_reuse_pay', 'token_reuse_session'] }])
    expect(await w.driver.configure({ provider: 'adyen', baseUrl: w.mock.url, credentials: {} })).toMatchObject({ ok: false, issue: { code: 'missing_credentials' } })
    const notHex = await w.driver.configure({ provider: 'adyen', baseUrl: w.mock.url, credentials: { ...w.credentials, hmacKey: 'not-hex' } })
    expect(notHex).toMatchObject({ ok: false, issue: { code: 'invalid_credentials' } })
  })

  test('session with consent: the token comes by webhook, then a merchant-initiated reuse is ContAuth + UnscheduledCardOnFile without CVC', async () => {
    const w = await start()
    // RECURRING_CONTRACT a minute late, so the AUTHORISATION (with the card summary) saves the card first.
    await w.control('/notifications/chaos', { kind: 'RECURRING_CONTRACT', times: 1, chaos: { mode: 'late', delayMs: 60_000 } })
    const first = adyenCheckout({ flow: 'session_ask_consent' })
    const url = actionUrl(await w.driver.checkout(first))
    const [session] = await exchanges(w, 'operation=sessions&direction=inbound')
    expect(session?.request.body).toMatchObject({
      reference: first.orderId,
      amount: { currency: 'EUR', value: 1000 },
      shopperReference: first.buyerRef,
      shopperInteraction: 'Ecommerce',
      recurringProcessingModel: 'CardOnFile',
      storePaymentMethodMode: 'askForConsent',
    })
    expect(session?.request.headers['idempotency-key']).toBe(`sessions:${first.orderId}`)
    expect(await cards(w)).toEqual([])

    expect(await w.shopperPays(url, { card: CARDS.visa, save: true })).toMatchObject({ resultCode: 'Authorised' })
    expect(await order(w, first.orderId)).toEqual({ ok: true, value: { orderId: first.orderId, status: 'paid', captures: 1 } })
    const [card, ...more] = await cards(w)
    expect(more).toEqual([])
    expect(card).toMatchObject({ brand: 'VISA', expiryMonth: '03', expiryYear: '30' })
    expect(card?.masked).toMatch(/^\*+1111$/)
    await w.advance(60_000)
    expect(await cards(w)).toHaveLength(1)
    expect(await cards(w, 'buyer-other')).toEqual([])

    const reuse = adyenCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: card?.id ?? '', cvv: '737' } })
    expect(await w.driver.checkout(reuse)).toMatchObject({ ok: true, value: { status: 'paid' } })
    await w.idle()
    expect(await order(w, reuse.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    const pay = (await exchanges(w, 'operation=payments&direction=inbound')).at(-1)
    expect(pay?.request.body).toMatchObject({ shopperReference: reuse.buyerRef, shopperInteraction: 'ContAuth', recurringProcessingModel: 'UnscheduledCardOnFile', paymentMethod: { storedPaymentMethodId: expect.any(String) } })
    const [payment] = await mockPayments(w, reuse.orderId)
    expect(payment?.flags).toMatchObject({ cvcPresent: false })
    // The pseudonymous buyerRef is not flagged as an e-mail, a name or a phone number.
    expect(payment?.flags.shopperReferencePii).toBeUndefined()
    expect(payment?.usedTokenId).toEqual(expect.any(String))
  })

  test('session with consent, the shopper does not tick "save": paid, nothing saved', async () => {
    const w = await start()
    const input = adyenCheckout({ flow: 'session_ask_consent' })
    await w.shopperPays(actionUrl(await w.driver.checkout(input)), { card: CARDS.visa, save: false })
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    expect(await cards(w)).toEqual([])
  })

  test('RECURRING_CONTRACT alone saves the card (the AUTHORISATION is late)', async () => {
    const w = await start()
    await w.control('/notifications/chaos', { kind: 'AUTHORISATION', times: 1, chaos: { mode: 'late', delayMs: 60_000 } })
    const input = adyenCheckout({ flow: 'session_ask_consent' })
    await w.shopperPays(actionUrl(await w.driver.checkout(input)), { card: CARDS.mastercard, save: true })
    expect(await cards(w)).toEqual([expect.objectContaining({ brand: 'MASTERCARD' })])
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    await w.advance(60_000)
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    expect(await cards(w)).toHaveLength(1)
  })

  test('server-to-server: paid at once, the token in the answer is not used, the card is saved when the webhook comes', async () => {
    const w = await start()
    await w.settings({ recurringDetailsInResponse: true })
    await w.control('/notifications/chaos', { times: 2, chaos: { mode: 'late', delayMs: 60_000 } })
    const input = adyenCheckout()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid', providerReference: expect.any(String) } })
    const [pay] = await exchanges(w, 'operation=payments&direction=inbound')
    expect(pay?.request.body).toMatchObject({ storePaymentMethod: true, recurringProcessingModel: 'CardOnFile', shopperInteraction: 'Ecommerce', shopperReference: input.buyerRef })
    expect(pay?.request.headers['idempotency-key']).toBe(`payments:${input.orderId}`)
    expect(pay?.response.body).toMatchObject({ additionalData: { 'recurring.recurringDetailReference': expect.any(String) } })
    expect(await cards(w)).toEqual([])

    await w.advance(60_000)
    expect(await cards(w)).toHaveLength(1)
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  })

  test('server-to-server without save: no storePaymentMethod, nothing saved', async () => {
    const w = await start()
    const input = adyenCheckout({ card: { kind: 'new', save: false, card: { number: CARDS.visa, expiryMonth: '03', expiryYear: '30', cvv: '737' } } })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    await w.idle()
    const [pay] = await exchanges(w, 'operation=payments&direction=inbound')
    expect(pay?.request.body).not.toHaveProperty('storePaymentMethod')
    expect(await cards(w)).toEqual([])
  })

  test('token_reuse_session: /sessions with the token, ContAuth + CardOnFile; the shopper confirms with the CVC in Drop-in', async () => {
    const w = await start()
    const cardId = await saveVisa(w)
    const reuse = adyenCheckout({ flow: 'token_reuse_session', card: { kind: 'saved', savedCardId: cardId } })
    const url = actionUrl(await w.driver.checkout(reuse))
    const session = (await exchanges(w, 'operation=sessions&direction=inbound')).at(-1)
    const token = (session?.request.body.paymentMethod as { storedPaymentMethodId?: string } | undefined)?.storedPaymentMethodId
    expect(session?.request.body).toMatchObject({ shopperInteraction: 'ContAuth', recurringProcessingModel: 'CardOnFile', shopperReference: reuse.buyerRef })
    expect(token).toEqual(expect.any(String))
    expect(await w.shopperPays(url, { storedPaymentMethodId: token ?? '', cvc: '737' })).toMatchObject({ resultCode: 'Authorised' })
    expect(await order(w, reuse.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    expect(await cards(w)).toHaveLength(1)
  })

  test('zero_amount_save: a zero-value session stores the card and books no charge', async () => {
    const w = await start()
    const input = adyenCheckout({ flow: 'zero_amount_save' })
    const url = actionUrl(await w.driver.checkout(input))
    const [session] = await exchanges(w, 'operation=sessions&direction=inbound')
    expect(session?.request.body).toMatchObject({ amount: { currency: 'EUR', value: 0 }, storePaymentMethodMode: 'enabled', recurringProcessingModel: 'CardOnFile' })
    await w.shopperPays(url, { card: CARDS.visa })
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 0 } })
    expect(await cards(w)).toHaveLength(1)
  })

  test('sdk_session: storePaymentMethodMode enabled only when the buyer asked to save', async () => {
    const w = await start()
    const saving = adyenCheckout({ flow: 'sdk_session' })
    await w.shopperPays(actionUrl(await w.driver.checkout(saving)), { card: CARDS.visa })
    const notSaving = adyenCheckout({ flow: 'sdk_session', card: cardWithHolder('APPROVED', false) })
    await w.shopperPays(actionUrl(await w.driver.checkout(notSaving)), { card: CARDS.mastercard })
    const sessions = await exchanges(w, 'operation=sessions&direction=inbound')
    expect(sessions.map((s) => s.request.body.storePaymentMethodMode)).toEqual(['enabled', 'disabled'])
    expect(await cards(w)).toEqual([expect.objectContaining({ brand: 'VISA' })])
  })

  test('Received is pending, not failed, until the AUTHORISATION says Authorised (and the token comes)', async () => {
    const w = await start()
    const input = adyenCheckout({ card: cardWithHolder('PENDING') })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'pending' } })
    await w.idle()
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'pending', captures: 0 } })
    await w.advance(10 * 60_000)
    expect(await order(w, input.orderId)).toEqual({ ok: true, value: { orderId: input.orderId, status: 'paid', captures: 1 } })
    expect(await cards(w)).toHaveLength(1)
  })

  test('Refused is failed and saves nothing; an unknown saved card and a flow Adyen lacks are issues', async () => {
    const w = await start()
    const input = adyenCheckout({ card: cardWithHolder('DECLINED') })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
    await w.idle()
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'failed', captures: 0 } })
    expect(await cards(w)).toEqual([])
    expect(await w.driver.checkout(adyenCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: 'card_9999' } }))).toMatchObject({ ok: false, issue: { code: 'unknown_saved_card' } })
    expect(await w.driver.checkout(adyenCheckout({ flow: 'vaulting_direct' }))).toMatchObject({ ok: false, issue: { code: 'unsupported_flow' } })
  })

  test('a 422 validation error is never retried', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'adyen', operation: 'payments', times: 1, effect: { type: 'resultCode', code: '701' } })
    const input = adyenCheckout()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
    expect(await exchanges(w, 'operation=payments&direction=inbound')).toHaveLength(1)
  })

  test('HTTP 503 twice: the same request with the same Idempotency-Key, one payment', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'adyen', operation: 'payments', times: 2, effect: { type: 'httpStatus', status: 503 } })
    const input = adyenCheckout()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    const pays = await exchanges(w, 'operation=payments&direction=inbound')
    expect(pays.map((p) => p.request.headers['idempotency-key'])).toEqual([`payments:${input.orderId}`, `payments:${input.orderId}`, `payments:${input.orderId}`])
    await w.idle()
    expect(await mockPayments(w, input.orderId)).toHaveLength(1)
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  })

  test('/sessions is retried the same way: HTTP 502 then the session, one key', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'adyen', operation: 'sessions', times: 1, effect: { type: 'httpStatus', status: 502 } })
    const input = adyenCheckout({ flow: 'session_ask_consent' })
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'action_required' } })
    const keys = (await exchanges(w, 'operation=sessions&direction=inbound')).map((s) => s.request.headers['idempotency-key'])
    expect(keys).toEqual([`sessions:${input.orderId}`, `sessions:${input.orderId}`])
  })

  test('a lost answer (processed, never answered): the retry with the same key gets the first answer; one charge', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'adyen', operation: 'payments', times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
    const input = adyenCheckout()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
    await w.idle()
    const pays = await exchanges(w, 'operation=payments&direction=inbound')
    expect(pays).toHaveLength(2)
    expect(new Set(pays.map((p) => p.request.headers['idempotency-key']))).toEqual(new Set([`payments:${input.orderId}`]))
    expect(await mockPayments(w, input.orderId)).toHaveLength(1)
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  })

  test('HTTP 500 every time: bounded retries, then pending (not failed, not paid), nothing charged', async () => {
    const w = await start()
    await w.control('/scenarios', { provider: 'adyen', operation: 'payments', effect: { type: 'httpStatus', status: 500 } })
    const input = adyenCheckout()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'pending' } })
    expect(await exchanges(w, 'operation=payments&direction=inbound')).toHaveLength(3)
    expect(await mockPayments(w, input.orderId)).toHaveLength(0)
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'pending', captures: 0 } })
  })

  test('a duplicate webhook is acknowledged with [accepted] both times and applied once', async () => {
    const w = await start()
    await w.control('/notifications/chaos', { kind: 'AUTHORISATION', times: 1, chaos: { mode: 'duplicate' } })
    const input = adyenCheckout()
    await w.driver.checkout(input)
    await w.idle()
    const deliveries = await exchanges(w, 'operation=AUTHORISATION&direction=outbound')
    expect(deliveries).toHaveLength(2)
    for (const delivery of deliveries) expect(delivery.response).toMatchObject({ status: 200, body: '[accepted]' })
    expect(w.logs.some((line) => line.includes('already applied'))).toBe(true)
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
    expect(await cards(w)).toHaveLength(1)
  })

  test('forged webhooks are rejected (401, not applied, not acknowledged) and Adyen retries them', async () => {
    const w = await start()
    await w.control('/notifications/chaos', { times: 2, chaos: { mode: 'forgedSignature' } })
    const input = adyenCheckout()
    await w.driver.checkout(input)
    await w.idle()
    const sent = await notifications(w)
    expect(sent.map((n) => n.kind).sort()).toEqual(['AUTHORISATION', 'RECURRING_CONTRACT'])
    for (const n of sent) {
      expect(n.status).toBe('scheduled')
      expect(n.attempts[0]).toMatchObject({ acknowledged: false, forged: true, status: 401 })
    }
    expect(await cards(w)).toEqual([])
    await w.advance(9_000)
    expect((await notifications(w)).every((n) => n.attempts.length === 2)).toBe(true)
  })

  test('a webhook without the configured basic auth is rejected, even with a valid body', async () => {
    const w = await start()
    const body = JSON.stringify({ live: 'false', notificationItems: [] })
    const noAuth = await fetch(`${w.merchant.url}/notify/adyen`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(noAuth.status).toBe(401)
    const wrong = await fetch(`${w.merchant.url}/notify/adyen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${WEBHOOK_USER.username}:nope`).toString('base64')}` },
      body,
    })
    expect(wrong.status).toBe(401)
  })
})

describe('deliberate faults change the wire', () => {
  test('cvv_on_reuse sends the CVC on a merchant-initiated reuse', async () => {
    const w = await start(['cvv_on_reuse'])
    const cardId = await saveVisa(w)
    const reuse = adyenCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: cardId, cvv: '737' } })
    await w.driver.checkout(reuse)
    expect((await mockPayments(w, reuse.orderId))[0]?.flags).toMatchObject({ cvcPresent: true })
  })

  test('cvv_on_reuse keeps the CVC of the first payment and sends it with a reuse that has none', async () => {
    const w = await start(['cvv_on_reuse'])
    const cardId = await saveVisa(w)
    const reuse = adyenCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: cardId } })
    await w.driver.checkout(reuse)
    const pay = (await exchanges(w, 'operation=payments&direction=inbound')).at(-1)
    expect(pay?.request.body).toMatchObject({ paymentMethod: { storedPaymentMethodId: expect.any(String), cvc: '[removed]' } })
    expect((await mockPayments(w, reuse.orderId))[0]?.flags).toMatchObject({ cvcPresent: true })
  })

  test('omit_card_on_file leaves out ContAuth and the recurring model on a reuse', async () => {
    const w = await start(['omit_card_on_file'])
    const cardId = await saveVisa(w)
    await w.driver.checkout(adyenCheckout({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: cardId } }))
    const pay = (await exchanges(w, 'operation=payments&direction=inbound')).at(-1)
    expect(pay?.request.body).not.toHaveProperty('shopperInteraction')
    expect(pay?.request.body).not.toHaveProperty('recurringProcessingModel')
  })

  test('retry_non_retryable sends a 422 request again', async () => {
    const w = await start(['retry_non_retryable'])
    await w.control('/scenarios', { provider: 'adyen', operation: 'payments', times: 1, effect: { type: 'resultCode', code: '701' } })
    await w.driver.checkout(adyenCheckout())
    expect(await exchanges(w, 'operation=payments&direction=inbound')).toHaveLength(2)
  })

  test('never_inquire gives up after one 503 and books the order failed', async () => {
    const w = await start(['never_inquire'])
    await w.control('/scenarios', { provider: 'adyen', operation: 'payments', times: 1, effect: { type: 'httpStatus', status: 503 } })
    const input = adyenCheckout()
    expect(await w.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
    expect(await exchanges(w, 'operation=payments&direction=inbound')).toHaveLength(1)
  })

  test('new_key_on_retry: a lost answer becomes a second payment', async () => {
    const w = await start(['new_key_on_retry'])
    await w.control('/scenarios', { provider: 'adyen', operation: 'payments', times: 1, effect: { type: 'httpStatus', status: 503 }, afterProcessing: true })
    const input = adyenCheckout()
    await w.driver.checkout(input)
    await w.idle()
    const keys = (await exchanges(w, 'operation=payments&direction=inbound')).map((p) => p.request.headers['idempotency-key'])
    expect(keys).toHaveLength(2)
    expect(new Set(keys).size).toBe(2)
    expect(await mockPayments(w, input.orderId)).toHaveLength(2)
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { captures: 2 } })
  })

  test('skip_signature_check applies and acknowledges a forged webhook', async () => {
    const w = await start(['skip_signature_check'])
    await w.control('/notifications/chaos', { times: 2, chaos: { mode: 'forgedSignature' } })
    await w.driver.checkout(adyenCheckout())
    await w.idle()
    for (const n of await notifications(w)) expect(n.attempts[0]).toMatchObject({ acknowledged: true, forged: true, status: 200 })
    expect(await cards(w)).toHaveLength(1)
  })

  test('wrong_ack answers a verified webhook with a 500, so Adyen keeps sending it', async () => {
    const w = await start(['wrong_ack'])
    const input = adyenCheckout()
    await w.driver.checkout(input)
    await w.idle()
    for (const n of await notifications(w)) {
      expect(n.status).toBe('scheduled')
      expect(n.attempts[0]).toMatchObject({ acknowledged: false, status: 500 })
    }
    // Applied all the same (and only once).
    expect(await order(w, input.orderId)).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  })

  test('pending_as_failed books a Received payment as failed', async () => {
    const w = await start(['pending_as_failed'])
    expect(await w.driver.checkout(adyenCheckout({ card: cardWithHolder('PENDING') }))).toMatchObject({ ok: true, value: { status: 'failed' } })
  })
})

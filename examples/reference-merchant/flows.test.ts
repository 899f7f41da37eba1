import { afterEach, beforeEach, expect, test } from 'vitest'
import { CARDS, checkoutInput, exchanges, startWorld, type World } from './test-fixture.ts'

let world: World

beforeEach(async () => {
  world = await startWorld()
})

afterEach(async () => {
  // Whatever the test did, no full card number reached the merchant's database or its logs.
  expect(world.cardNumbersKept(Object.values(CARDS))).toEqual([])
  await world.close()
})

test('capabilities declare the Antom flows, and configure answers the notification URL', async () => {
  const capabilities = await world.driver.capabilities()
  expect(capabilities.providers).toEqual([
    { provider: 'antom', flows: ['session_ask_consent', 'hosted_ask_consent', 'server_to_server_enabled', 'token_reuse_pay', 'token_reuse_session'] },
  ])
  const again = await world.driver.configure({ provider: 'antom', baseUrl: world.mock.url, credentials: {} })
  expect(again).toMatchObject({ ok: false, issue: { code: 'missing_credentials' } })
})

test('session with consent: the card is saved from the notification, then reused card-on-file without a CVV', async () => {
  const first = checkoutInput({ flow: 'session_ask_consent' })
  const started = await world.driver.checkout(first)
  expect(started).toMatchObject({ ok: true, value: { status: 'action_required' } })
  if (!started.ok || !started.value.buyerActionUrl) throw new Error('no buyer action')
  expect(started.value.buyerActionUrl).toMatch(/\/__tokenproof\/pages\/antom\/checkout\//)

  const [session] = await exchanges(world, 'operation=createPaymentSession&direction=inbound')
  expect(session?.request.body).toMatchObject({
    paymentRequestId: first.orderId,
    order: { buyer: { referenceBuyerId: first.buyerRef } },
    availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } },
  })

  await world.buyerPays(started.value.buyerActionUrl, { card: CARDS.visa, saveCard: true })
  expect(await world.driver.order({ provider: 'antom', orderId: first.orderId })).toEqual({ ok: true, value: { orderId: first.orderId, status: 'paid', captures: 1 } })

  const saved = await world.driver.savedCards({ provider: 'antom', buyerRef: first.buyerRef })
  if (!saved.ok) throw new Error(saved.issue.message)
  expect(saved.value.cards).toHaveLength(1)
  const card = saved.value.cards[0]
  if (!card) throw new Error('no card')
  expect(card).toMatchObject({ brand: 'VISA' })
  expect(card.masked).toMatch(/0768$/)
  expect(card.masked.replace(/\D/g, '').length).toBeLessThanOrEqual(10)
  // Another buyer sees none of it.
  expect(await world.driver.savedCards({ provider: 'antom', buyerRef: 'buyer-other' })).toEqual({ ok: true, value: { cards: [] } })

  const reuse = checkoutInput({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: card.id, cvv: '123' } })
  expect(await world.driver.checkout(reuse)).toMatchObject({ ok: true, value: { status: 'paid' } })
  await world.idle()
  expect(await world.driver.order({ provider: 'antom', orderId: reuse.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  const pays = await exchanges(world, 'operation=pay&direction=inbound')
  const method = pays.at(-1)?.request.body.paymentMethod as Record<string, unknown> & { paymentMethodMetaData: Record<string, unknown> }
  expect(method.paymentMethodId).toEqual(expect.any(String))
  expect(method.paymentMethodMetaData.isCardOnFile).toBe(true)
  expect(JSON.stringify(pays.at(-1)?.request.body)).not.toMatch(/cvv/i)
})

test('token_reuse_session offers the saved card on the Payment Element', async () => {
  const first = checkoutInput({ flow: 'server_to_server_enabled' })
  await world.driver.checkout(first)
  await world.idle()
  const saved = await world.driver.savedCards({ provider: 'antom', buyerRef: first.buyerRef })
  const cardId = saved.ok ? saved.value.cards[0]?.id : undefined
  if (!cardId) throw new Error('no saved card')

  const reuse = checkoutInput({ flow: 'token_reuse_session', card: { kind: 'saved', savedCardId: cardId } })
  const started = await world.driver.checkout(reuse)
  if (!started.ok || !started.value.buyerActionUrl) throw new Error('no buyer action')
  const [session] = await exchanges(world, 'operation=createPaymentSession&direction=inbound')
  const offered = (session?.request.body.savedPaymentMethods as Array<{ paymentMethodId: string }>)[0]?.paymentMethodId
  expect(session?.request.body).toMatchObject({ availablePaymentMethod: { paymentMethodMetaData: { isCardOnFile: true } } })
  await world.buyerPays(started.value.buyerActionUrl, { savedPaymentMethodId: offered ?? '' })
  expect(await world.driver.order({ provider: 'antom', orderId: reuse.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
})

test('hosted page without consent: paid, and no card saved', async () => {
  const input = checkoutInput({ flow: 'hosted_ask_consent', card: { kind: 'new', save: false, card: { number: CARDS.visa, expiryMonth: '12', expiryYear: '30' } } })
  const started = await world.driver.checkout(input)
  if (!started.ok || !started.value.buyerActionUrl) throw new Error('no buyer action')
  expect(started.value).toMatchObject({ status: 'action_required' })
  expect(started.value.buyerActionUrl).toMatch(/\/pages\/antom\/payments\//)
  const [pay] = await exchanges(world, 'operation=pay&direction=inbound')
  expect(pay?.request.body.paymentMethod).toEqual({ paymentMethodType: 'CARD', paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } })

  await world.buyerPays(started.value.buyerActionUrl, { card: CARDS.visa, saveCard: false })
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  expect(await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
})

test('server-to-server ENABLED: paid at once, the card is saved only when the notification comes', async () => {
  // Hold the notification back: the synchronous answer carries a cardToken, which must not be used.
  await world.control('/notifications/chaos', { kind: 'notifyPayment', times: 1, chaos: { mode: 'late', delayMs: 60_000 } })
  const input = checkoutInput()
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
  const [pay] = await exchanges(world, 'operation=pay&direction=inbound')
  expect(pay?.request.body.paymentMethod).toMatchObject({ paymentMethodMetaData: { tokenizeMode: 'ENABLED' } })
  expect(await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })

  await world.advance(60_000)
  const saved = await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })
  expect(saved.ok && saved.value.cards).toHaveLength(1)
})

test('server-to-server without save sends no tokenizeMode and saves nothing', async () => {
  const input = checkoutInput({ card: { kind: 'new', save: false, card: { number: CARDS.visa, expiryMonth: '12', expiryYear: '30', cvv: '123' } } })
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
  await world.idle()
  const [pay] = await exchanges(world, 'operation=pay&direction=inbound')
  expect(pay?.request.body.paymentMethod).not.toHaveProperty('paymentMethodMetaData.tokenizeMode')
  expect(await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
})

test('server-to-server with a 3DS card: action required, then paid once the buyer passes the challenge', async () => {
  const input = checkoutInput({ card: { kind: 'new', save: true, card: { number: CARDS.threeDS, expiryMonth: '12', expiryYear: '30', cvv: '123' } } })
  const started = await world.driver.checkout(input)
  if (!started.ok || !started.value.buyerActionUrl || !started.value.providerReference) throw new Error('no buyer action')
  expect(started.value.status).toBe('action_required')
  await world.control('/providers/antom/buyer/authenticate', { paymentId: started.value.providerReference })
  await world.idle()
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  const saved = await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })
  expect(saved.ok && saved.value.cards).toHaveLength(1)
})

test('a pending card is pending, not failed, until PAYMENT_RESULT says paid', async () => {
  const input = checkoutInput({ card: { kind: 'new', save: false, card: { number: CARDS.pending, expiryMonth: '12', expiryYear: '30', cvv: '123' } } })
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'pending' } })
  await world.idle()
  // The PAYMENT_PENDING notification has arrived and changed nothing.
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'pending', captures: 0 } })
  expect((await exchanges(world, 'operation=inquiryPayment&direction=inbound')).length).toBeGreaterThan(0)

  await world.advance(10 * 60_000)
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toEqual({ ok: true, value: { orderId: input.orderId, status: 'paid', captures: 1 } })
})

test('a declined card is a failed checkout (a value), and an unknown saved card is an issue', async () => {
  const input = checkoutInput({ card: { kind: 'new', save: true, card: { number: CARDS.declined, expiryMonth: '12', expiryYear: '30', cvv: '123' } } })
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { orderId: input.orderId, status: 'failed' } })
  await world.idle()
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'failed', captures: 0 } })

  const unknown = await world.driver.checkout(checkoutInput({ flow: 'token_reuse_pay', card: { kind: 'saved', savedCardId: 'card_9999' } }))
  expect(unknown).toMatchObject({ ok: false, issue: { code: 'unknown_saved_card' } })
  expect(await world.driver.checkout(checkoutInput({ flow: 'vaulting_direct' }))).toMatchObject({ ok: false, issue: { code: 'unsupported_flow' } })
  expect(await world.driver.order({ provider: 'antom', orderId: 'never-seen' })).toMatchObject({ ok: true, value: { status: 'unknown' } })
})

test('reset forgets orders and saved cards', async () => {
  const input = checkoutInput()
  await world.driver.checkout(input)
  await world.idle()
  await world.driver.reset()
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'unknown' } })
  expect(await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
})

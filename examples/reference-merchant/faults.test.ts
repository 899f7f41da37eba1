import { afterEach, beforeEach, expect, test } from 'vitest'
import { CARDS, checkoutInput, exchanges, startWorld, type World } from './test-fixture.ts'

let world: World

beforeEach(async () => {
  world = await startWorld()
})

afterEach(async () => {
  expect(world.cardNumbersKept(Object.values(CARDS))).toEqual([])
  await world.close()
})

interface MockState {
  payments: Array<{ requestId: string; status: string }>
}
interface NotificationRecord {
  status: string
  body: { notifyType?: string }
  attempts: Array<{ acknowledged: boolean; forged?: boolean; duplicate?: boolean; status?: number }>
}

test('UNKNOWN_EXCEPTION: the same request is sent again with the same paymentRequestId, then confirmed by inquiry; one payment', async () => {
  await world.control('/scenarios', { provider: 'antom', operation: 'pay', times: 1, effect: { type: 'resultCode', code: 'UNKNOWN_EXCEPTION' } })
  const input = checkoutInput()
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
  await world.idle()

  const pays = await exchanges(world, 'operation=pay&direction=inbound')
  expect(pays.map((p) => p.request.body.paymentRequestId)).toEqual([input.orderId, input.orderId])
  expect(await exchanges(world, 'operation=inquiryPayment&direction=inbound')).not.toHaveLength(0)
  const state = await world.get<MockState>('/state')
  expect(state.payments.filter((p) => p.requestId === input.orderId)).toHaveLength(1)
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
})

test('a lost answer (processed, never answered): retried with the same key, one charge', async () => {
  await world.control('/scenarios', { provider: 'antom', operation: 'pay', times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
  const input = checkoutInput()
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
  await world.idle()

  const pays = await exchanges(world, 'operation=pay&direction=inbound')
  expect(pays.length).toBeGreaterThanOrEqual(2)
  expect(new Set(pays.map((p) => p.request.body.paymentRequestId))).toEqual(new Set([input.orderId]))
  expect(await exchanges(world, 'operation=inquiryPayment&direction=inbound')).not.toHaveLength(0)
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
})

test('HTTP 503 before processing: retried, one charge', async () => {
  await world.control('/scenarios', { provider: 'antom', operation: 'pay', times: 2, effect: { type: 'httpStatus', status: 503 } })
  const input = checkoutInput()
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'paid' } })
  expect(await exchanges(world, 'operation=pay&direction=inbound')).toHaveLength(3)
  await world.idle()
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
})

test('UNKNOWN_EXCEPTION every time: bounded retries, then the inquiry finds nothing, and nothing was charged', async () => {
  await world.control('/scenarios', { provider: 'antom', operation: 'pay', effect: { type: 'resultCode', code: 'UNKNOWN_EXCEPTION' } })
  const input = checkoutInput()
  const result = await world.driver.checkout(input)
  expect(result.ok && result.value.status).not.toBe('paid')
  expect(await exchanges(world, 'operation=pay&direction=inbound')).toHaveLength(3)
  expect(await exchanges(world, 'operation=inquiryPayment&direction=inbound')).toHaveLength(1)
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { captures: 0 } })
})

test('an F code such as PARAM_ILLEGAL is never retried', async () => {
  await world.control('/scenarios', { provider: 'antom', operation: 'pay', times: 1, effect: { type: 'resultCode', code: 'PARAM_ILLEGAL' } })
  const input = checkoutInput()
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'failed' } })
  expect(await exchanges(world, 'operation=pay&direction=inbound')).toHaveLength(1)
})

test('a duplicate notification is acknowledged both times and applied once', async () => {
  await world.control('/notifications/chaos', { kind: 'notifyPayment', times: 1, chaos: { mode: 'duplicate' } })
  const input = checkoutInput()
  await world.driver.checkout(input)
  await world.idle()

  const deliveries = await exchanges(world, 'operation=notifyPayment&direction=outbound')
  expect(deliveries).toHaveLength(2)
  for (const delivery of deliveries) {
    expect(delivery.response.status).toBe(200)
    expect(delivery.response.body).toEqual({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } })
  }
  expect(world.logs.some((line) => line.includes('already applied'))).toBe(true)
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid', captures: 1 } })
  const saved = await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })
  expect(saved.ok && saved.value.cards).toHaveLength(1)
})

test('a forged notification is rejected (not applied, not acknowledged), and the mock retries', async () => {
  await world.control('/notifications/chaos', { kind: 'notifyPayment', times: 1, chaos: { mode: 'forgedSignature' } })
  const input = checkoutInput()
  await world.driver.checkout(input)
  await world.idle()

  const { notifications } = await world.get<{ notifications: NotificationRecord[] }>('/notifications?provider=antom')
  expect(notifications).toHaveLength(1)
  expect(notifications[0]?.status).toBe('scheduled')
  expect(notifications[0]?.attempts[0]).toMatchObject({ acknowledged: false, forged: true, status: 401 })
  // The token came only in the forged notification: nothing is saved.
  expect(await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })

  await world.advance(2 * 60_000)
  const after = await world.get<{ notifications: NotificationRecord[] }>('/notifications?provider=antom')
  expect(after.notifications[0]?.attempts.length).toBe(2)
})

test('notifications out of order: a late PAYMENT_PENDING after PAYMENT_RESULT does not regress the order', async () => {
  // PAYMENT_PENDING is queued first; holding it 15 minutes lands it after the PAYMENT_RESULT at 10.
  await world.control('/notifications/chaos', { kind: 'notifyPayment', times: 1, chaos: { mode: 'late', delayMs: 15 * 60_000 } })
  const input = checkoutInput({ card: { kind: 'new', save: true, card: { number: CARDS.pending, expiryMonth: '12', expiryYear: '30', cvv: '123' } } })
  expect(await world.driver.checkout(input)).toMatchObject({ ok: true, value: { status: 'pending' } })
  await world.advance(10 * 60_000)
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'paid' } })
  await world.advance(5 * 60_000)

  const deliveries = await exchanges(world, 'operation=notifyPayment&direction=outbound')
  expect(deliveries.map((d) => d.request.body.notifyType)).toEqual(['PAYMENT_RESULT', 'PAYMENT_PENDING'])
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toEqual({ ok: true, value: { orderId: input.orderId, status: 'paid', captures: 1 } })
  const saved = await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })
  expect(saved.ok && saved.value.cards).toHaveLength(1)
})

test('a notification to the merchant is verified against the exact path it was sent to', async () => {
  const forged = await fetch(`${world.merchant.url}/notify/antom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'client-id': 'SANDBOX_5X00000000000000', 'request-time': '2026-01-15T16:00:00+08:00', signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' },
    body: JSON.stringify({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'SUCCESS', resultStatus: 'S' }, paymentRequestId: 'x', paymentId: 'y' }),
  })
  expect(forged.status).toBe(401)
})

test('answers and notifications that do not verify with the configured Antom key are not trusted', async () => {
  const settings = await world.get<Record<string, string>>('/providers/antom')
  // Configured with the wrong public key, every genuine answer looks forged to the merchant.
  const configured = await world.driver.configure({
    provider: 'antom',
    baseUrl: world.mock.url,
    credentials: { clientId: settings.clientId ?? '', merchantPrivateKey: settings.merchantPrivateKey ?? '', antomPublicKey: settings.merchantPublicKey ?? '' },
  })
  expect(configured.ok).toBe(true)
  const input = checkoutInput()
  const result = await world.driver.checkout(input)
  expect(result).toMatchObject({ ok: true, value: { status: 'pending' } })
  await world.idle()
  expect(await world.driver.order({ provider: 'antom', orderId: input.orderId })).toMatchObject({ ok: true, value: { status: 'pending', captures: 0 } })
  expect(await world.driver.savedCards({ provider: 'antom', buyerRef: input.buyerRef })).toEqual({ ok: true, value: { cards: [] } })
})

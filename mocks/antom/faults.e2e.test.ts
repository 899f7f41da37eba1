import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { antomRetrySchedule } from '../../contracts/antom/retry-schedule.ts'
import { NotifyPayment } from '../../contracts/antom/schemas.ts'
import { callChecked, control, s2sPay, startAntomFixture, uniqueId, type AntomFixture } from './test-support/fixture.ts'
import { ANTOM_ACK } from './test-support/doc-client.ts'

let fx: AntomFixture
beforeAll(async () => {
  fx = await startAntomFixture()
})
afterAll(() => fx.close())
beforeEach(async () => {
  await fx.server.mock.reset()
  fx.merchant.received.length = 0
  fx.merchant.answer = () => ({ status: 200, body: ANTOM_ACK })
})

const VISA_OK = '4054695723100768'
const engine = () => fx.server.mock.engine
const settle = () => engine().outbox.idle()

test('UNKNOWN_EXCEPTION can be injected; a retry with the same paymentRequestId is then processed once', async () => {
  await control(fx.server, 'POST', '/scenarios', { operation: 'pay', times: 1, effect: { type: 'resultCode', code: 'UNKNOWN_EXCEPTION' } })
  const body = s2sPay(VISA_OK)
  const first = await callChecked(fx.client, 'payments/pay', body)
  expect(first.result).toMatchObject({ resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U' })
  expect(engine().store.payments.size).toBe(0)
  const retry = await callChecked(fx.client, 'payments/pay', body)
  expect(retry.result.resultStatus).toBe('S')
  expect(engine().store.payments.size).toBe(1)
})

test('a forced decline code applies to the matching card only, as many times as asked', async () => {
  await control(fx.server, 'POST', '/scenarios', { operation: 'pay', card: '0768', times: 2, effect: { type: 'resultCode', code: 'RISK_REJECT' } })
  const codes = []
  for (let i = 0; i < 3; i++) codes.push((await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK))).result.resultCode)
  expect(codes).toEqual(['RISK_REJECT', 'RISK_REJECT', 'SUCCESS'])
  expect((await callChecked(fx.client, 'payments/pay', s2sPay('5162774114974622'))).result.resultCode).toBe('SUCCESS')
})

test('an HTTP 503 can be injected before processing: nothing is created', async () => {
  await control(fx.server, 'POST', '/scenarios', { operation: 'pay', times: 1, effect: { type: 'httpStatus', status: 503 } })
  const response = await fetch(`${fx.server.url}/ams/api/v1/payments/pay`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
  expect(response.status).toBe(503)
  expect(engine().store.payments.size).toBe(0)
})

test('a timeout after processing: the client gives up, the retry with the same id replays the one payment', async () => {
  await control(fx.server, 'POST', '/scenarios', { operation: 'pay', times: 1, effect: { type: 'noAnswer' }, afterProcessing: true })
  const body = s2sPay(VISA_OK)
  await expect(fx.client.call('payments/pay', body, { signal: AbortSignal.timeout(300) })).rejects.toThrow()
  expect(engine().store.payments.size).toBe(1)
  const retry = await callChecked(fx.client, 'payments/pay', body)
  expect(retry.result.resultStatus).toBe('S')
  expect(engine().store.payments.size).toBe(1)
  expect(retry.body.paymentId).toBe(engine().store.payments.filter()[0]?.id)
})

test('a delay holds the answer, then answers normally', async () => {
  await control(fx.server, 'POST', '/scenarios', { operation: 'inquiryPayment', times: 1, effect: { type: 'delay', ms: 150 } })
  const started = performance.now()
  const answer = await callChecked(fx.client, 'payments/inquiryPayment', { paymentRequestId: 'x' })
  expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  expect(answer.result.resultCode).toBe('ORDER_NOT_EXIST')
})

test('50 concurrent identical pay calls make one payment and one answer', async () => {
  const body = s2sPay(VISA_OK, { tokenizeMode: 'ENABLED' })
  const answers = await Promise.all(Array.from({ length: 50 }, () => callChecked(fx.client, 'payments/pay', body)))
  expect(engine().store.payments.size).toBe(1)
  expect(new Set(answers.map((a) => a.body.paymentId)).size).toBe(1)
  expect(answers.every((a) => a.result.resultStatus === 'S')).toBe(true)
})

test('the same paymentRequestId with another amount answers REPEAT_REQ_INCONSISTENT', async () => {
  const body = s2sPay(VISA_OK)
  await callChecked(fx.client, 'payments/pay', body)
  const changed = { ...body, paymentAmount: { currency: 'HKD', value: '999' } }
  const answer = await callChecked(fx.client, 'payments/pay', changed)
  expect(answer.result).toMatchObject({ resultCode: 'REPEAT_REQ_INCONSISTENT', resultStatus: 'F' })
  expect(engine().store.payments.size).toBe(1)
})

test('merchant endpoint down: notifications retried on the schedule as the clock advances, delivered once it recovers, none lost', async () => {
  let up = false
  fx.merchant.answer = () => (up ? { status: 200, body: ANTOM_ACK } : { status: 500, body: 'down' })
  await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { notifyUrl: fx.merchant.url }))
  await settle()
  const [notification] = engine().outbox.list()
  expect(notification?.attempts).toHaveLength(1)

  // Walk the documented delays: 2 min, 10 min, 10 min, 1 h.
  const delays = antomRetrySchedule.delaysMs
  for (let i = 1; i <= 4; i++) {
    await engine().clock.advance((delays[i] ?? 0) - 1)
    await settle()
    expect(notification?.attempts).toHaveLength(i)
    await engine().clock.advance(1)
    await settle()
    expect(notification?.attempts).toHaveLength(i + 1)
  }
  expect(notification?.status).toBe('scheduled')
  up = true
  await engine().clock.advance(delays[5] ?? 0)
  await settle()
  expect(notification?.status).toBe('delivered')
  expect(notification?.attempts.map((a) => a.acknowledged)).toEqual([false, false, false, false, false, true])
  await engine().clock.advance(48 * 3600_000)
  await settle()
  expect(notification?.attempts).toHaveLength(6)
  expect(fx.merchant.received.filter((n) => n.signatureValid)).toHaveLength(6)
})

test('an acknowledgement that is not Antom\'s fixed SUCCESS result counts as no acknowledgement', async () => {
  fx.merchant.answer = () => ({ status: 200, body: 'OK' })
  await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { notifyUrl: fx.merchant.url }))
  await settle()
  await engine().clock.advance(2 * 60_000)
  await settle()
  const [notification] = engine().outbox.list()
  expect(notification?.attempts).toHaveLength(2)
  expect(notification?.status).toBe('scheduled')
})

test('after eight unacknowledged attempts the notification stays listed as failed and can be redelivered', async () => {
  fx.merchant.answer = () => ({ status: 500, body: '' })
  await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { notifyUrl: fx.merchant.url }))
  await settle()
  await engine().clock.advance(25 * 3600_000)
  await settle()
  const [notification] = engine().outbox.list()
  expect(notification?.attempts).toHaveLength(8)
  expect(notification?.status).toBe('failed')
  fx.merchant.answer = () => ({ status: 200, body: ANTOM_ACK })
  const redelivered = await control(fx.server, 'POST', `/notifications/${notification?.id}/redeliver`)
  expect(redelivered.body.status).toBe('delivered')
})

test('duplicates and forged signatures only when asked for', async () => {
  await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { notifyUrl: fx.merchant.url }))
  await settle()
  expect(fx.merchant.received).toHaveLength(1)
  expect(fx.merchant.received[0]?.signatureValid).toBe(true)

  await control(fx.server, 'POST', '/notifications/chaos', { kind: 'notifyPayment', times: 1, chaos: { mode: 'duplicate' } })
  await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { notifyUrl: fx.merchant.url }))
  await settle()
  expect(fx.merchant.received).toHaveLength(3)
  expect(fx.merchant.received[1]?.raw).toBe(fx.merchant.received[2]?.raw)

  await control(fx.server, 'POST', '/notifications/chaos', { kind: 'notifyPayment', times: 1, chaos: { mode: 'forgedSignature' } })
  await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { notifyUrl: fx.merchant.url }))
  await settle()
  expect(fx.merchant.received[3]?.signatureValid).toBe(false)
  await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { notifyUrl: fx.merchant.url }))
  await settle()
  expect(fx.merchant.received[4]?.signatureValid).toBe(true)
})

test('out of order: a held notification arrives after the next one', async () => {
  await control(fx.server, 'POST', '/notifications/chaos', { kind: 'notifyPayment', times: 1, chaos: { mode: 'outOfOrder' } })
  const first = s2sPay(VISA_OK, { notifyUrl: fx.merchant.url })
  const second = s2sPay(VISA_OK, { notifyUrl: fx.merchant.url })
  await callChecked(fx.client, 'payments/pay', first)
  await settle()
  expect(fx.merchant.received).toHaveLength(0)
  await callChecked(fx.client, 'payments/pay', second)
  await settle()
  expect(fx.merchant.received.map((n) => NotifyPayment.parse(n.body).paymentRequestId)).toEqual([second.paymentRequestId, first.paymentRequestId])
})

test('notifications without any URL are kept, not lost', async () => {
  await callChecked(fx.client, 'payments/pay', s2sPay(VISA_OK, { requestId: uniqueId('nourl') }))
  const listed = await control(fx.server, 'GET', '/notifications')
  expect(listed.body.notifications).toEqual([expect.objectContaining({ status: 'no_url', kind: 'notifyPayment' })])
})

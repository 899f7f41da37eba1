/**
 * The Antom shop (app.mjs, unchanged) under `tokenproof audit --mock <url> -- node app.mjs`: its
 * own end-to-end script (a checkout, the buyer saving the card on Antom's page, the return, a
 * charge with the saved card, the card deleted), the lifecycle checked on the mock's record, then
 * the audit's verdict: nothing for the shop as it is, exactly its two mistakes with
 * QUICK_INTEGRATION=1, and nothing either when the session meets faults (--chaos).
 */
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import type { MockServer } from '../../mocks/server.ts'
import { startAuditedApp, type AuditedApp } from '../test-support/audited-app.ts'

const APP = fileURLToPath(new URL('./app.mjs', import.meta.url))
const CUSTOMER = 'customer-0001'

/** The shop's settings from the mock's published test keys, as a merchant copies them from the Antom Dashboard. */
async function settings(mock: MockServer, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const keys = (await (await fetch(`${mock.url}/__tokenproof/providers/antom`)).json()) as { clientId: string; merchantPrivateKey: string; antomPublicKey: string }
  return { ANTOM_CLIENT_ID: keys.clientId, ANTOM_PRIVATE_KEY: keys.merchantPrivateKey, ANTOM_PUBLIC_KEY: keys.antomPublicKey, ...extra }
}

/** The shop's end-to-end script; returns the card token the mock issued. */
async function lifecycle(shop: AuditedApp): Promise<string> {
  const checkout = await shop.call('POST', '/checkout', { customerId: CUSTOMER, value: 1000 })
  expect(checkout.status, JSON.stringify(checkout.body)).toBe(200)
  // The buyer on Antom's card page: enters the card and ticks "save".
  const paid = await shop.buyer('pay', { paymentSessionId: checkout.body.paymentSessionId, card: { number: '4054695723100768', expiryMonth: '12', expiryYear: '30', cvv: '123' }, saveCard: true })
  expect(paid.status).toBe('succeeded')
  await shop.mock.mock.engine.outbox.idle()
  // …and lands back on the shop.
  const back = await shop.call('GET', `/return?paymentRequestId=${String(checkout.body.paymentRequestId)}`)
  expect(back.body).toEqual({ paymentStatus: 'SUCCESS', cardSaved: true })
  expect((await shop.call('GET', `/customers/${CUSTOMER}/cards`)).body).toEqual({ cards: [{ cardNo: '************0768', cardBrand: 'VISA' }] })

  const charged = await shop.call('POST', `/customers/${CUSTOMER}/charge`, { value: 2500 })
  expect(charged.body).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' })
  await shop.mock.mock.engine.outbox.idle()

  expect((await shop.call('DELETE', `/customers/${CUSTOMER}/cards`)).body).toEqual({ deleted: true })
  expect((await shop.call('POST', `/customers/${CUSTOMER}/charge`, { value: 2500 })).status).toBe(404)

  // The mock's own record: one token for the customer, and the payment made with it.
  const tokens = shop.mock.mock.engine.store.tokens.filter((t) => t.provider === 'antom')
  expect(tokens.map((t) => ({ buyerRef: t.buyerRef, status: t.status }))).toEqual([{ buyerRef: CUSTOMER, status: 'active' }])
  const exchanges = shop.mock.mock.engine.recorder.list({ provider: 'antom' })
  const reuses = exchanges.filter((e) => e.operation === 'pay' && JSON.stringify(e.request.body).includes(tokens[0]!.id))
  expect(reuses.some((e) => 'status' in e.response && e.response.status === 200 && JSON.stringify(e.response.body).includes('"resultStatus":"S"'))).toBe(true)
  expect(new Set(exchanges.filter((e) => e.direction === 'inbound').map((e) => e.operation))).toEqual(new Set(['createPaymentSession', 'inquiryPayment', 'pay']))
  const notified = exchanges.filter((e) => e.direction === 'outbound')
  expect(notified.length).toBeGreaterThanOrEqual(2)
  return tokens[0]!.id
}

test('the shop as it is: the whole lifecycle, and the audit finds nothing', { timeout: 60_000 }, async () => {
  const shop = await startAuditedApp({ app: APP, provider: 'antom', env: (mock) => settings(mock) })
  await lifecycle(shop)
  // Every notification was verified and acknowledged as Antom requires.
  const attempts = shop.mock.mock.engine.outbox.list({ provider: 'antom' }).flatMap((n) => n.attempts)
  expect(attempts.length).toBeGreaterThanOrEqual(2)
  expect(attempts.every((a) => a.acknowledged)).toBe(true)
  const verdict = await shop.stop()
  expect(verdict.code, verdict.stdout + verdict.stderr).toBe(0)
  expect(verdict.rules).toEqual([])
  expect(verdict.report.providers[0]!.results.filter((r) => r.status === 'passed').map((r) => r.scenario)).toEqual(['audit-reuse', 'audit-retries', 'audit-buyer-reference', 'audit-notifications', 'audit-traffic', 'audit-app-logs'])
})

test('QUICK_INTEGRATION=1: the audit names its two mistakes and nothing else', { timeout: 60_000 }, async () => {
  const shop = await startAuditedApp({ app: APP, provider: 'antom', env: (mock) => settings(mock, { QUICK_INTEGRATION: '1' }) })
  await lifecycle(shop)
  const verdict = await shop.stop()
  expect(verdict.code).toBe(1)
  // The saved card charged without isCardOnFile; notifications answered "success", not Antom's result object.
  expect(verdict.rules).toEqual(['TP-NOTIFY-004', 'TP-REUSE-001'])
})

test('--chaos: the shop meets unknown outcomes, 500s, duplicate and forged notifications, and the audit still finds nothing', { timeout: 90_000 }, async () => {
  const chaos = ['--chaos', 'unknown,5xx,duplicate,forged', '--chaos-rate', '0.5', '--chaos-seed', 'a1']
  const shop = await startAuditedApp({ app: APP, provider: 'antom', env: (mock) => settings(mock), auditArgs: chaos })
  await lifecycle(shop)
  const exchanges = shop.mock.mock.engine.recorder.list({ provider: 'antom' })
  const attempts = shop.mock.mock.engine.outbox.list({ provider: 'antom' }).flatMap((n) => n.attempts)
  const verdict = await shop.stop()
  expect(verdict.stderr).toContain(`chaos on for the session: unknown, 5xx, duplicate, forged at rate 0.5, seed a1`)
  expect(verdict.code, verdict.stdout).toBe(0)
  expect(verdict.rules).toEqual([])
  // The faults really hit: a call answered 500 or UNKNOWN_EXCEPTION, a duplicate or forged delivery.
  expect(exchanges.some((e) => 'status' in e.response && (e.response.status === 500 || JSON.stringify(e.response.body).includes('UNKNOWN_EXCEPTION')))).toBe(true)
  expect(attempts.some((a) => a.duplicate === true || a.forged === true)).toBe(true)
})

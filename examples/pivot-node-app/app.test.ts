/**
 * The Pivot shop (app.mjs, unchanged) under `tokenproof audit --mock <url> -- node app.mjs`: its own
 * end-to-end script (a checkout, the buyer saving the card on Pivot's page, the return, a one-click
 * payment with the saved card and its 3DS step, the card removed at Pivot and the shop forgetting
 * it), the lifecycle checked on the mock's record, then the audit's verdict: nothing for the shop as
 * it is, exactly its two mistakes with QUICK_INTEGRATION=1, nothing either under --chaos.
 */
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import type { MockServer } from '../../mocks/server.ts'
import { startAuditedApp, type AuditedApp } from '../test-support/audited-app.ts'

const APP = fileURLToPath(new URL('./app.mjs', import.meta.url))
const CUSTOMER = 'customer-0001'

interface PivotSettings {
  merchantId: string
  merchantSecret: string
  callbackApiKey: string
}
const settingsOf = async (mock: MockServer): Promise<PivotSettings> => (await (await fetch(`${mock.url}/__tokenproof/providers/pivot`)).json()) as PivotSettings

/** The shop's settings from the mock's published test keys, as a merchant copies them from Pivot's Dashboard. */
async function settings(mock: MockServer, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const keys = await settingsOf(mock)
  return { PIVOT_MERCHANT_ID: keys.merchantId, PIVOT_MERCHANT_SECRET: keys.merchantSecret, PIVOT_CALLBACK_API_KEY: keys.callbackApiKey, ...extra }
}

/** Dashboard → Developer Settings → Callbacks: the shop's callback URL. */
async function registerCallback(mock: MockServer, appUrl: string): Promise<void> {
  const { merchantId } = await settingsOf(mock)
  const response = await fetch(`${mock.url}/__tokenproof/providers/pivot/merchants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ merchantId, callbackUrl: `${appUrl}/pivot/callback` }) })
  expect(response.status).toBe(201)
}

async function lifecycle(shop: AuditedApp): Promise<void> {
  const checkout = await shop.call('POST', '/checkout', { customerId: CUSTOMER, email: 'budi.santoso@gmail.com', givenName: 'Budi', value: 150000 })
  expect(checkout.status, JSON.stringify(checkout.body)).toBe(200)
  // The buyer on Pivot's payment page: the card, "Save for future use" ticked.
  const paid = await shop.buyer('pay', { paymentSessionId: checkout.body.session, card: { number: '4440000112200001', expiryMonth: '12', expiryYear: '2030', cvc: '123' }, saveForFutureUse: true })
  expect(paid.status).toBe('PAID')
  await shop.mock.mock.engine.outbox.idle()
  expect((await shop.call('GET', `/return?session=${String(checkout.body.session)}`)).body).toEqual({ status: 'PAID', cardSaved: true })
  expect((await shop.call('GET', `/customers/${CUSTOMER}/cards`)).body).toEqual({ cards: [{ first6: '444000', last4: '0001' }] })

  // One click: the saved card and the CVC the buyer types, then the 3DS step.
  const oneClick = await shop.call('POST', `/customers/${CUSTOMER}/pay`, { cvc: '123', value: 99000 })
  expect(oneClick.body).toMatchObject({ status: 'REQUIRE_ACTION', nextActionUrl: expect.any(String) })
  expect((await shop.buyer('authenticate', { paymentSessionId: oneClick.body.session, passed: true })).status).toBe('PAID')
  await shop.mock.mock.engine.outbox.idle()
  expect((await shop.call('GET', `/return?session=${String(oneClick.body.session)}`)).body).toMatchObject({ status: 'PAID' })

  // The buyer removes the card at Pivot: the next one-click is refused and the shop forgets the card.
  const [token] = shop.mock.mock.engine.store.tokens.filter((t) => t.provider === 'pivot')
  expect(token).toMatchObject({ status: 'active' })
  expect((await fetch(`${shop.mock.url}/__tokenproof/tokens/${token!.id}`, { method: 'DELETE' })).status).toBe(204)
  expect((await shop.call('POST', `/customers/${CUSTOMER}/pay`, { cvc: '123', value: 99000 })).status).toBe(410)
  expect((await shop.call('GET', `/customers/${CUSTOMER}/cards`)).body).toEqual({ cards: [] })

  // The mock's own record: two sessions paid, the second with the token, then the refused one.
  const sessions = shop.mock.mock.engine.recorder.list({ provider: 'pivot', operation: 'createPaymentSession' })
  const answered = sessions.map((e) => ('status' in e.response ? e.response.status : 0))
  expect(answered.filter((s) => s === 200 || s === 201)).toHaveLength(2)
  expect(answered.at(-1)).toBe(404)
  expect(JSON.stringify(sessions.at(-1)!.request.body)).toContain(token!.id)
  const callbacks = shop.mock.mock.engine.outbox.list({ provider: 'pivot' })
  expect(callbacks.filter((n) => n.kind === 'paymentCallback').length).toBeGreaterThanOrEqual(2)
}

const start = (extra: Record<string, string> = {}, auditArgs: readonly string[] = []): Promise<AuditedApp> =>
  startAuditedApp({ app: APP, provider: 'pivot', env: (mock) => settings(mock, extra), onListening: registerCallback, auditArgs })

test('the shop as it is: the whole lifecycle, and the audit finds nothing', { timeout: 60_000 }, async () => {
  const shop = await start()
  await lifecycle(shop)
  const verdict = await shop.stop()
  expect(verdict.code, verdict.stdout + verdict.stderr).toBe(0)
  expect(verdict.rules).toEqual([])
  expect(verdict.report.providers[0]!.results.filter((r) => r.status === 'passed').map((r) => r.scenario)).toEqual(['audit-reuse', 'audit-retries', 'audit-buyer-reference', 'audit-notifications', 'audit-traffic', 'audit-app-logs'])
})

test('QUICK_INTEGRATION=1: the audit names its two mistakes and nothing else', { timeout: 60_000 }, async () => {
  const shop = await start({ QUICK_INTEGRATION: '1' })
  await lifecycle(shop)
  const verdict = await shop.stop()
  expect(verdict.code).toBe(1)
  // The refused one-click (404, the card is gone) sent again; the buyer's e-mail as the customer.
  expect(verdict.rules).toEqual(['TP-DATA-002', 'TP-RETRY-001'])
})

test('--chaos: the shop meets 503s, 500s, duplicate and forged callbacks, and the audit still finds nothing', { timeout: 90_000 }, async () => {
  const shop = await start({}, ['--chaos', 'unknown,5xx,duplicate,forged', '--chaos-rate', '0.3', '--chaos-seed', 'p1'])
  await lifecycle(shop)
  const exchanges = shop.mock.mock.engine.recorder.list({ provider: 'pivot' })
  const attempts = shop.mock.mock.engine.outbox.list({ provider: 'pivot' }).flatMap((n) => n.attempts)
  const verdict = await shop.stop()
  expect(verdict.stderr).toContain('chaos on for the session: unknown, 5xx, duplicate, forged at rate 0.3, seed p1')
  expect(verdict.code, verdict.stdout).toBe(0)
  expect(verdict.rules).toEqual([])
  expect(exchanges.some((e) => 'status' in e.response && e.response.status >= 500)).toBe(true)
  expect(attempts.some((a) => a.duplicate === true || a.forged === true)).toBe(true)
})

/**
 * The AppotaPay shop (app.mjs, unchanged) under `tokenproof audit --mock <url> -- node app.mjs`: its
 * own end-to-end script (a card saved with its first payment through the buyer's 3DS step, a later
 * payment with the token, a card the bank refuses, the card deleted), the lifecycle checked on the
 * mock's record, then the audit's verdict: nothing for the shop as it is, exactly its two mistakes
 * with QUICK_INTEGRATION=1, nothing either under --chaos. AppotaPay's card API sends no notifications.
 */
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import type { MockServer } from '../../mocks/server.ts'
import { startAuditedApp, type AuditedApp } from '../test-support/audited-app.ts'

const APP = fileURLToPath(new URL('./app.mjs', import.meta.url))

/** The shop's settings from the mock's published test keys. */
async function settings(mock: MockServer, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const keys = (await (await fetch(`${mock.url}/__tokenproof/providers/appotapay`)).json()) as { partnerCode: string; apiKey: string; secretKey: string }
  return { APPOTAPAY_PARTNER_CODE: keys.partnerCode, APPOTAPAY_API_KEY: keys.apiKey, APPOTAPAY_SECRET_KEY: keys.secretKey, ...extra }
}

const form = (number: string) => ({ number, holderName: 'NGUYEN VAN A', expirationMonth: '12', expirationYear: '30', cvv: '123', amount: 150000 })

/** The buyer passes 3DS on the bank's page and the browser comes back to the shop. */
async function passThreeDs(shop: AuditedApp, started: { status: number; body: Record<string, unknown> }): Promise<Record<string, unknown>> {
  expect(started.body, JSON.stringify(started.body)).toMatchObject({ status: 'AUTHENTICATION_REQUIRED', authenticationId: expect.any(String) })
  const passed = await shop.buyer('authenticate', { authenticationId: started.body.authenticationId, passed: true })
  expect(passed.status).toBe('VERIFIED')
  const back = new URL(String(passed.redirectUrl))
  expect(back.origin).toBe(shop.url)
  return (await shop.call('GET', `${back.pathname}${back.search}`)).body
}

async function lifecycle(shop: AuditedApp): Promise<void> {
  // The card form, with the first payment: a 3DS challenge card.
  expect(await passThreeDs(shop, await shop.call('POST', '/customers/c-0001/cards', form('4000000000001091')))).toMatchObject({ status: 'CAPTURED' })
  expect((await shop.call('GET', '/customers/c-0001/cards')).body).toEqual({ cards: [{ number: '400000XXXXXX1091', brand: 'VISA' }] })
  // A later payment with the saved token.
  expect(await passThreeDs(shop, await shop.call('POST', '/customers/c-0001/charge', { amount: 99000 }))).toMatchObject({ status: 'CAPTURED' })
  // Another buyer's card the bank refuses (invalid CVN): not kept.
  const refused = await shop.call('POST', '/customers/c-0002/cards', form('4000000000000127'))
  expect(refused).toMatchObject({ status: 402, body: { status: 'DECLINED' } })
  expect((await shop.call('GET', '/customers/c-0002/cards')).body).toEqual({ cards: [] })
  // The buyer deletes the card.
  expect((await shop.call('DELETE', '/customers/c-0001/cards')).body).toEqual({ deleted: true })
  expect((await shop.call('POST', '/customers/c-0001/charge', { amount: 99000 })).status).toBe(404)

  // The mock's own record: both tokens deleted at AppotaPay, two charges captured with the first.
  const tokens = shop.mock.mock.engine.store.tokens.filter((t) => t.provider === 'appotapay')
  expect(tokens.map((t) => t.status)).toEqual(['deleted', 'deleted'])
  const charges = shop.mock.mock.engine.recorder.list({ provider: 'appotapay', operation: 'charge' })
  const captured = charges.filter((e) => 'status' in e.response && e.response.status === 200 && JSON.stringify(e.response.body).includes('"CAPTURED"'))
  expect(captured.map((e) => (e.request.body as { tokenId?: string }).tokenId)).toEqual([tokens[0]!.id, tokens[0]!.id])
  expect(shop.mock.mock.engine.recorder.list({ provider: 'appotapay', operation: 'tokenDelete' })).toHaveLength(2)
}

const start = (extra: Record<string, string> = {}, auditArgs: readonly string[] = []): Promise<AuditedApp> => startAuditedApp({ app: APP, provider: 'appotapay', env: (mock) => settings(mock, extra), auditArgs })

test('the shop as it is: the whole lifecycle, and the audit finds nothing', { timeout: 60_000 }, async () => {
  const shop = await start()
  await lifecycle(shop)
  const verdict = await shop.stop()
  expect(verdict.code, verdict.stdout + verdict.stderr).toBe(0)
  expect(verdict.rules).toEqual([])
  // No buyer reference and no notification on this API: those checks have nothing to judge.
  expect(verdict.report.providers[0]!.results.filter((r) => r.status === 'passed').map((r) => r.scenario)).toEqual(['audit-reuse', 'audit-retries', 'audit-traffic', 'audit-app-logs'])
})

test('QUICK_INTEGRATION=1: the audit names its two mistakes and nothing else', { timeout: 60_000 }, async () => {
  const shop = await start({ QUICK_INTEGRATION: '1' })
  await lifecycle(shop)
  const verdict = await shop.stop()
  expect(verdict.code).toBe(1)
  // The refused charge sent again; the CVV sent with the payments by token.
  expect(verdict.rules).toEqual(['TP-RETRY-001', 'TP-REUSE-002'])
})

test('--chaos: the shop meets 503s and 500s on its charges, settles each by its merchantRefId, and the audit still finds nothing', { timeout: 90_000 }, async () => {
  const shop = await start({}, ['--chaos', 'unknown,5xx', '--chaos-rate', '0.5', '--chaos-seed', 'v1'])
  await lifecycle(shop)
  const charges = shop.mock.mock.engine.recorder.list({ provider: 'appotapay', operation: 'charge' })
  const verdict = await shop.stop()
  expect(verdict.stderr).toContain('chaos on for the session: unknown, 5xx at rate 0.5, seed v1')
  expect(verdict.code, verdict.stdout).toBe(0)
  expect(verdict.rules).toEqual([])
  expect(charges.some((e) => 'status' in e.response && e.response.status >= 500)).toBe(true)
})

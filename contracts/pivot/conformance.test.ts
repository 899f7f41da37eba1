import { describe, expect, test } from 'vitest'
import { declaredFlows } from '../core/conformance.ts'
import { looksLikePersonalData } from '../../suites/invariants.ts'
import { RULES } from '../../suites/rules.ts'
import { SCENARIOS } from '../../suites/scenarios/index.ts'
import { pivotConformance as profile } from './conformance.ts'
import { pivotFlows } from './flows.ts'

const wire = (body: unknown, headers: Record<string, string> = {}, url = 'http://mock/v2/payments') => ({ method: 'POST', url, headers, body })
/** A page token as the mock makes it: a JWT whose payload carries the session id in `sid` (the signature is not checked here). */
const pageToken = (sid: string) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sid, exp: 1 })).toString('base64url')}.c2ln`

describe('Pivot conformance profile', () => {
  test('names only declared flows, cites every rule, and its gaps are scenarios', () => {
    const declared = new Set<string>(pivotFlows.map((f) => f.id))
    for (const flow of declaredFlows(profile)) expect(declared.has(flow)).toBe(true)
    for (const rule of Object.values(RULES)) expect(profile.citations[rule.id], rule.id).toMatch(/seed 001|research/)
    const ids = new Set(SCENARIOS.map((s) => s.id))
    for (const gap of Object.keys(profile.gaps)) expect(ids.has(gap), gap).toBe(true)
  })

  test('reads a hosted session create: the pseudonymous part of a required .invalid e-mail is the buyer reference', () => {
    const facts = profile.paymentFacts(
      wire({ clientReferenceId: 'order-1', mode: 'REDIRECT', saveForFuture: true, paymentMethod: { type: 'CARD' }, customer: { email: 'buyer-1@buyers.reference-merchant.invalid' } }, { 'idempotency-key': 'order-1' }),
    )
    expect(facts).toEqual({ idempotencyKey: 'order-1', tokenUsed: undefined, cardOnFile: true, cvvSent: false, buyerRef: 'buyer-1', saveWithoutAsking: false })
    expect(looksLikePersonalData(facts.buyerRef ?? '')).toBe(false)
  })

  test('an address that reaches the buyer is the buyer reference as it is, and is personal data', () => {
    const facts = profile.paymentFacts(wire({ mode: 'REDIRECT', customer: { email: 'jane@mail.example.com' } }))
    expect(facts.buyerRef).toBe('jane@mail.example.com')
    expect(looksLikePersonalData(facts.buyerRef ?? '')).toBe(true)
  })

  test('reads a reuse with the stored token: customer id, token, the CVC typed again; no card-on-file flag exists', () => {
    const facts = profile.paymentFacts(wire({ clientReferenceId: 'order-2', mode: 'API', autoConfirm: true, customer: { id: 'c-1' }, paymentMethod: { type: 'CARD', card: { token: 't-1', cvc: '[removed]' } } }))
    expect(facts).toEqual({ idempotencyKey: 'order-2', tokenUsed: 't-1', cardOnFile: true, cvvSent: true, buyerRef: 'c-1', saveWithoutAsking: false })
  })

  test('saveForFuture saves without asking only in API mode (and on confirm); on the page it only offers the box', () => {
    expect(profile.paymentFacts(wire({ mode: 'API', saveForFuture: true })).saveWithoutAsking).toBe(true)
    expect(profile.paymentFacts(wire({ mode: 'REDIRECT', saveForFuture: true })).saveWithoutAsking).toBe(false)
    const confirm = profile.paymentFacts(wire({ paymentMethod: { type: 'CARD', card: { encryptedCard: 'abc' } }, saveForFuture: true }, {}, 'http://mock/v2/payments/s-1/confirm'))
    expect(confirm).toMatchObject({ saveWithoutAsking: true, cvvSent: true, idempotencyKey: undefined })
    expect(profile.paymentFacts(wire('not json'))).toMatchObject({ cvvSent: false, saveWithoutAsking: false })
  })

  test('maps the payment page to pay (four-digit year, cvc) and the 3DS page to authenticate', () => {
    const card = { number: '4440000112200001', expiryMonth: '12', expiryYear: '30', cvv: '123' }
    expect(profile.buyerStep(`http://127.0.0.1:9/pivot/pay/detail?token=${pageToken('s-1')}`, { card, saveCard: true })).toEqual({
      action: 'pay',
      body: { paymentSessionId: 's-1', card: { number: '4440000112200001', expiryMonth: '12', expiryYear: '2030', cvc: '123' }, saveForFutureUse: true },
    })
    expect(profile.buyerStep('http://127.0.0.1:9/pivot/3ds/authenticate?paymentSessionId=s-2', { saveCard: false })).toEqual({ action: 'authenticate', body: { paymentSessionId: 's-2', passed: true } })
    expect(profile.buyerStep('http://127.0.0.1:9/pivot/pay/detail?token=garbage', { saveCard: false })).toBeUndefined()
    expect(profile.buyerStep('http://127.0.0.1:9/pay/antom/CS12AB', { saveCard: false })).toBeUndefined()
    expect(profile.buyerStep('not a url', { saveCard: false })).toBeUndefined()
  })

  test('credentials and the callback registration come from the mock settings', () => {
    const settings = { merchantId: 'TP-MERCHANT-001', merchantSecret: 'secret-0123456789', callbackApiKey: 'key-0123456789' }
    expect(profile.credentials(settings)).toEqual(settings)
    expect(profile.notificationSetup?.(settings, 'http://m/notify/pivot')).toEqual({ merchantId: 'TP-MERCHANT-001', callbackUrl: 'http://m/notify/pivot' })
  })
})

import { describe, expect, test } from 'vitest'
import { declaredFlows } from '../core/conformance.ts'
import { RULES } from '../../suites/rules.ts'
import { appotapayConformance as profile } from './conformance.ts'
import { appotapayFlows } from './flows.ts'
import { appotapayResultCodes } from './result-codes.ts'
import { appotapayTestCards, appotapayThreeDs } from './test-cards.ts'

const wire = (body: unknown) => ({ method: 'POST', url: 'http://mock/credit-card/charge', headers: {}, body })

describe('AppotaPay conformance profile', () => {
  test('names only declared flows, cites every rule, and injects a documented code', () => {
    const declared = new Set<string>(appotapayFlows.map((f) => f.id))
    for (const flow of declaredFlows(profile)) expect(declared.has(flow)).toBe(true)
    for (const rule of Object.values(RULES)) expect(profile.citations[rule.id], rule.id).toMatch(/seed 004|research/)
    const { nonRetryable } = profile.faults
    if (nonRetryable.type !== 'resultCode') throw new Error('expected a result code')
    expect(appotapayResultCodes[nonRetryable.code as keyof typeof appotapayResultCodes]).toMatchObject({ status: 'F' })
  })

  test("the suites' success card is a published frictionless card (no buyer step on checkout)", () => {
    const success = appotapayTestCards.filter((c) => c.behaviour.kind === 'success')
    const first = success.find((c) => !('assumed' in c)) ?? success[0]
    expect(first && appotapayThreeDs[first.number]).toBe('frictionless')
  })

  test('reads a charge with a saved token: merchantRefId is the key, no CVV, no buyer reference', () => {
    const facts = profile.paymentFacts(wire({ tokenId: 'tok1', authenticationId: 'A1', amount: 50000, currency: 'VND', capture: true, merchantRefId: 'ref-1' }))
    expect(facts).toEqual({ idempotencyKey: 'ref-1', tokenUsed: 'tok1', cardOnFile: true, cvvSent: false, buyerRef: undefined, saveWithoutAsking: false })
  })

  test('a removed CVV still counts as sent; a MULTIPLE token saves without asking', () => {
    expect(profile.paymentFacts(wire({ tokenId: 'tok1', cvv: '[removed]' })).cvvSent).toBe(true)
    expect(profile.paymentFacts(wire({ card: { number: '400000******1000', cvv: '[removed]' }, tokenType: 'MULTIPLE' }))).toMatchObject({ cvvSent: true, saveWithoutAsking: true })
    expect(profile.paymentFacts(wire({ tokenType: 'SINGLE' })).saveWithoutAsking).toBe(false)
    expect(profile.paymentFacts(wire('not json'))).toMatchObject({ cvvSent: false, saveWithoutAsking: false })
  })

  test('maps the 3DS page to the authenticate buyer action', () => {
    expect(profile.buyerStep('http://127.0.0.1:9/acpg/credit-card/authenticate?id=01AUTH&signature=ab', { saveCard: true })).toEqual({
      action: 'authenticate',
      body: { authenticationId: '01AUTH', passed: true },
    })
    expect(profile.buyerStep('http://127.0.0.1:9/acpg/credit-card/authenticate', { saveCard: false })).toBeUndefined()
    expect(profile.buyerStep('http://127.0.0.1:9/pay/adyen/CS12AB', { saveCard: false })).toBeUndefined()
    expect(profile.buyerStep('not a url', { saveCard: false })).toBeUndefined()
  })

  test('credentials come from the mock settings', () => {
    expect(profile.credentials({ partnerCode: 'P', apiKey: 'K', secretKey: 'S', other: 1 })).toEqual({ partnerCode: 'P', apiKey: 'K', secretKey: 'S' })
  })
})

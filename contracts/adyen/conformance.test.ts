import { describe, expect, test } from 'vitest'
import { declaredFlows } from '../core/conformance.ts'
import { RULES } from '../../suites/rules.ts'
import { adyenConformance as profile } from './conformance.ts'
import { adyenFlows } from './flows.ts'

const wire = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', url: 'http://mock/v72/payments', headers, body })

describe('Adyen conformance profile', () => {
  test('names only declared flows and cites every rule', () => {
    const declared = new Set<string>(adyenFlows.map((f) => f.id))
    for (const flow of declaredFlows(profile)) expect(declared.has(flow)).toBe(true)
    for (const rule of Object.values(RULES)) expect(profile.citations[rule.id], rule.id).toMatch(/seed 003|research/)
  })

  test('reads a merchant-initiated reuse', () => {
    const facts = profile.paymentFacts(
      wire(
        { shopperReference: 'buyer-1', shopperInteraction: 'ContAuth', recurringProcessingModel: 'UnscheduledCardOnFile', paymentMethod: { type: 'scheme', storedPaymentMethodId: 'TOKEN123' } },
        { 'idempotency-key': 'payments:ref-1' },
      ),
    )
    expect(facts).toEqual({
      idempotencyKey: 'payments:ref-1',
      tokenUsed: 'TOKEN123',
      cardOnFile: true,
      cardOnFileFields: { shopperInteraction: 'ContAuth', recurringProcessingModel: 'UnscheduledCardOnFile' },
      cvvSent: false,
      buyerRef: 'buyer-1',
      saveWithoutAsking: false,
    })
  })

  test('card on file needs ContAuth and a model; a removed CVC still counts as sent; enabled and storePaymentMethod save without asking', () => {
    expect(profile.paymentFacts(wire({ shopperInteraction: 'ContAuth' })).cardOnFile).toBe(false)
    expect(profile.paymentFacts(wire({ recurringProcessingModel: 'CardOnFile', shopperInteraction: 'Ecommerce' })).cardOnFile).toBe(false)
    // CardOnFile is the shopper-present model: a merchant-initiated reuse with it is refused (422 103).
    expect(profile.paymentFacts(wire({ recurringProcessingModel: 'CardOnFile', shopperInteraction: 'ContAuth' }))).toMatchObject({
      cardOnFile: false,
      cardOnFileFields: { shopperInteraction: 'ContAuth', recurringProcessingModel: 'CardOnFile' },
    })
    expect(profile.paymentFacts(wire({ recurringProcessingModel: 'Subscription', shopperInteraction: 'ContAuth' })).cardOnFile).toBe(true)
    expect(profile.paymentFacts(wire({ paymentMethod: { cvc: '[removed]' } })).cvvSent).toBe(true)
    expect(profile.paymentFacts(wire({ paymentMethod: { encryptedSecurityCode: '[removed]' } })).cvvSent).toBe(true)
    expect(profile.paymentFacts(wire({ storePaymentMethod: true })).saveWithoutAsking).toBe(true)
    expect(profile.paymentFacts(wire({ storePaymentMethodMode: 'enabled' })).saveWithoutAsking).toBe(true)
    expect(profile.paymentFacts(wire({ storePaymentMethodMode: 'askForConsent' })).saveWithoutAsking).toBe(false)
    expect(profile.paymentFacts(wire('not json'))).toMatchObject({ cardOnFile: false, cvvSent: false, saveWithoutAsking: false })
  })

  test('maps the merchant Drop-in page to the pay buyer action', () => {
    const card = { number: '4111111111111111', expiryMonth: '03', expiryYear: '30', cvv: '737' }
    expect(profile.buyerStep('http://127.0.0.1:9/pay/adyen/CS12AB', { card, saveCard: true })).toEqual({
      action: 'pay',
      body: {
        sessionId: 'CS12AB',
        paymentMethod: { type: 'scheme', encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' },
        storePaymentMethod: true,
      },
    })
    expect(profile.buyerStep('http://127.0.0.1:9/pay/antom/CS12AB', { saveCard: false })).toBeUndefined()
    expect(profile.buyerStep('not a url', { saveCard: false })).toBeUndefined()
  })

  test('credentials and the webhook registration come from the mock defaults', () => {
    const settings = { defaults: { merchantAccount: 'Acct', apiKey: 'key-0123456789abcdef', hmacKey: 'AB12' } }
    expect(profile.credentials(settings)).toEqual({ merchantAccount: 'Acct', apiKey: 'key-0123456789abcdef', hmacKey: 'AB12' })
    expect(profile.notificationSetup?.(settings, 'http://m/notify')).toEqual({ merchantAccount: 'Acct', apiKey: 'key-0123456789abcdef', hmacKey: 'AB12', webhookUrl: 'http://m/notify', recurringDetailsInResponse: true })
  })
})

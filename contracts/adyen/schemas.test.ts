import { expect, test } from 'vitest'
import { adyenContract } from './index.ts'
import { adyenRefusalReasons, adyenResultCodes } from './result-codes.ts'
import { CreateCheckoutSessionRequest, PaymentRequest, ServiceError } from './schemas.ts'
import { shopperReferencePii } from './shopper-reference.ts'
import { adyenHolderNameTriggers, adyenTestCards } from './test-cards.ts'

test('every holder-name trigger names a known result code and refusal reason, consistent with each other', () => {
  for (const [name, trigger] of Object.entries(adyenHolderNameTriggers)) {
    expect(adyenResultCodes[trigger.resultCode], name).toBeDefined()
    if ('refusalReasonCode' in trigger) expect(adyenRefusalReasons[trigger.refusalReasonCode].resultCode, name).toBe(trigger.resultCode)
  }
})

test('the documented test cards are in the table and Luhn-valid', () => {
  expect(adyenTestCards.map((c) => c.number)).toEqual(expect.arrayContaining(['4111111111111111', '5555555555554444']))
})

test('the retry schedule starts at once, then 3 quick retries, and stops within 30 days', () => {
  const { delaysMs, attemptTimeoutMs } = adyenContract.retrySchedule
  expect(delaysMs.slice(0, 5)).toEqual([0, 9_000, 9_000, 9_000, 120_000])
  expect(delaysMs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30 * 24 * 3_600_000)
  expect(attemptTimeoutMs).toBe(10_000)
})

test('requests: shopperReference has at least 3 characters, amounts are integers in minor units', () => {
  const base = { merchantAccount: 'M', reference: 'r', amount: { currency: 'EUR', value: 0 }, returnUrl: 'https://m.example' }
  expect(CreateCheckoutSessionRequest.safeParse(base).success).toBe(true)
  expect(CreateCheckoutSessionRequest.safeParse({ ...base, shopperReference: 'ab' }).success).toBe(false)
  expect(PaymentRequest.safeParse({ ...base, amount: { currency: 'EUR', value: 10.5 }, paymentMethod: {} }).success).toBe(false)
  expect(ServiceError.safeParse({ status: 401, errorCode: '000', message: 'x', errorType: 'security' }).success).toBe(true)
})

test('shopper references that look like PII are recognised; opaque ids are not', () => {
  expect(shopperReferencePii('jane@example.com')).toBe('email')
  expect(shopperReferencePii('Jane Doe')).toBe('name')
  expect(shopperReferencePii('+31 20 123 4567')).toBe('phone')
  expect(shopperReferencePii('shopper-7f3a91')).toBeUndefined()
  expect(shopperReferencePii('4c1f0e2a-9b7d')).toBeUndefined()
  expect(shopperReferencePii('1234567890')).toBeUndefined()
})

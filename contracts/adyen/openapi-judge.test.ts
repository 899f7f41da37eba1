import { existsSync, readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { OpenApiJudge, specUrl } from './openapi-judge.ts'

const judge = new OpenApiJudge()

test('the published specs are found beside the repository', () => {
  for (const spec of ['checkoutV71', 'checkoutV72', 'webhooks'] as const) expect(existsSync(specUrl(spec))).toBe(true)
})

test('components are judged as published: an unknown field or a wrong type is rejected', () => {
  const ok = { status: 422, errorCode: '130', message: 'Reference Missing', errorType: 'validation', pspReference: 'ABCDEFGH12345678' }
  expect(judge.judge('checkoutV72', 'ServiceError', ok).valid).toBe(true)
  expect(judge.judge('checkoutV72', 'ServiceError', { ...ok, extra: 1 }).valid).toBe(false)
  expect(judge.judge('checkoutV71', 'ServiceError', { ...ok, status: '422' }).valid).toBe(false)
  expect(judge.judge('checkoutV72', 'CreateCheckoutSessionResponse', { id: 'CS1' }).valid).toBe(false)
})

test('v72-only fields are rejected by v71 (so answers judged by both use the common subset)', () => {
  const resource = { id: 'T', createdAt: '2026-01-01T00:00:00+00:00' }
  expect(judge.judge('checkoutV72', 'StoredPaymentMethodResource', resource).valid).toBe(true)
  expect(judge.judge('checkoutV71', 'StoredPaymentMethodResource', resource).valid).toBe(false)
})

test('the only erratum: the RECURRING_CONTRACT example of Webhooks-v1 validates, and nothing beyond its two keys was opened', () => {
  const doc = JSON.parse(readFileSync(specUrl('webhooks'), 'utf8')) as { components: { examples: Record<string, { value: unknown }> } }
  const example = doc.components.examples['post-RECURRING_CONTRACT-recurring_contract']?.value
  expect(judge.judge('webhooks', 'RecurringContractNotificationRequest', example).valid).toBe(true)
  const item = (example as { notificationItems: Array<{ NotificationRequestItem: { additionalData: Record<string, string> } }> }).notificationItems[0]!.NotificationRequestItem
  const widened = { ...(example as object), notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { ...item.additionalData, cardNumber: '4111111111111111' } } }] }
  expect(judge.judge('webhooks', 'RecurringContractNotificationRequest', widened).valid).toBe(false)
})

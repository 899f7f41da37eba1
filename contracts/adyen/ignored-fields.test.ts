import { expect, test } from 'vitest'
import { TOKENIZATION_FIELD_NAMES } from '../../mocks/adyen/tokenization.ts'
import { ADYEN_IGNORED_FIELDS } from './generated/ignored-fields.ts'
import { computeAdyenIgnoredFields } from './ignored-fields.ts'
import { adyenContract } from './index.ts'

test('the checked-in list is what the OpenAPI files and the contract give today, for every operation', () => {
  expect(ADYEN_IGNORED_FIELDS).toEqual(computeAdyenIgnoredFields())
  expect(Object.keys(ADYEN_IGNORED_FIELDS).sort()).toEqual(Object.keys(adyenContract.operations).sort())
})

test('no tokenization field is ignored, in any operation', () => {
  expect(TOKENIZATION_FIELD_NAMES).toEqual(expect.arrayContaining(['enableRecurring', 'enableOneClick', 'enablePayOut', 'storePaymentMethod', 'storePaymentMethodMode', 'recurringProcessingModel', 'shopperInteraction']))
  for (const [operation, fields] of Object.entries(ADYEN_IGNORED_FIELDS)) expect({ operation, ignored: fields.filter((f) => TOKENIZATION_FIELD_NAMES.includes(f)) }).toEqual({ operation, ignored: [] })
})

test('documented fields the mock does not act on are listed (it would fail if the list came out empty)', () => {
  expect(ADYEN_IGNORED_FIELDS.payments).toEqual(expect.arrayContaining(['browserInfo', 'metadata', 'shopperEmail']))
  expect(ADYEN_IGNORED_FIELDS.sessions).toEqual(expect.arrayContaining(['lineItems', 'metadata']))
  expect(ADYEN_IGNORED_FIELDS.payments).not.toContain('paymentMethod')
})

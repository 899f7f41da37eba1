/**
 * What Antom answers a request with one thing wrong (generators/mutations.ts), as its docs and the
 * mock's wire tests (mocks/antom/wire.e2e.test.ts) have it: every answer is HTTP 200 with
 * `result.resultStatus` F; a body that breaks the API's field rules is PARAM_ILLEGAL.
 */
import type { InvalidRequestTable } from '../../generators/mutations.ts'

const PARAM_ILLEGAL = { httpStatus: 200, code: 'PARAM_ILLEGAL' } as const

/**
 * Card fields whose bad values the sandbox answers with a card result rather than PARAM_ILLEGAL
 * (the test-card page: month 13 is an invalid expiry, a 2-digit CVV an invalid CVV), on the pay API.
 */
const CARD_FIELDS = {
  byField: {
    'pay paymentMethod.paymentMethodMetaData.cvv': { httpStatus: 200, code: 'INVALID_CVV' },
    'pay paymentMethod.paymentMethodMetaData.expiryMonth': { httpStatus: 200, code: 'INVALID_EXPIRATION_DATE' },
    'pay paymentMethod.paymentMethodMetaData.expiryYear': { httpStatus: 200, code: 'INVALID_EXPIRATION_DATE' },
  },
} as const

export const antomInvalidRequests: InvalidRequestTable = {
  missingRequired: { ...PARAM_ILLEGAL, ...CARD_FIELDS },
  overMaxLength: { ...PARAM_ILLEGAL, ...CARD_FIELDS },
  wrongType: { ...PARAM_ILLEGAL, ...CARD_FIELDS },
  outsideEnum: PARAM_ILLEGAL,
  badFormat: { ...PARAM_ILLEGAL, ...CARD_FIELDS },
  malformedJson: PARAM_ILLEGAL,
  wrongContentType: { httpStatus: 200, code: 'MEDIA_TYPE_NOT_ACCEPTABLE' },
  badAuth: { httpStatus: 200, code: 'INVALID_SIGNATURE' },
  missingAuth: { httpStatus: 200, code: 'INVALID_SIGNATURE' },
}

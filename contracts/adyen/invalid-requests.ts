/**
 * What Adyen answers a request with one thing wrong (generators/mutations.ts), in its ServiceError
 * body, as the error-code reference and the mock's wire tests (mocks/adyen/wire.e2e.test.ts) have it:
 * unparsable JSON and a value of the wrong JSON type are 400/702; a missing or invalid field is 422,
 * with the field's own code where Adyen documents one (result-codes.ts), 701 otherwise.
 */
import type { InvalidRequestTable } from '../../generators/mutations.ts'

const INVALID_FIELD = { httpStatus: 422, code: '701' } as const
const UNPARSABLE = { httpStatus: 400, code: '702' } as const
const UNAUTHORIZED = { httpStatus: 401, code: '000' } as const

export const adyenInvalidRequests: InvalidRequestTable = {
  missingRequired: {
    ...INVALID_FIELD,
    byField: { reference: { httpStatus: 422, code: '130' }, amount: { httpStatus: 422, code: '100' }, returnUrl: { httpStatus: 422, code: '14_030' } },
  },
  overMaxLength: INVALID_FIELD,
  wrongType: UNPARSABLE,
  outsideEnum: INVALID_FIELD,
  badFormat: INVALID_FIELD,
  malformedJson: UNPARSABLE,
  // Adyen's error reference documents no answer to a non-JSON content type; the mock reads the body as JSON.
  wrongContentType: { notChecked: 'no documented answer: Adyen reads the body as JSON whatever the Content-Type says' },
  badAuth: UNAUTHORIZED,
  missingAuth: UNAUTHORIZED,
}

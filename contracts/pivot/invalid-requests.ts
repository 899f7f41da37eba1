/**
 * What Pivot answers a request with one thing wrong (generators/mutations.ts), as its errors page
 * and the mock's wire tests (mocks/pivot/wire.e2e.test.ts) have it: api_validation_error (400) for
 * any bad field, body or content type; credentials_invalid (401) for missing or wrong credentials.
 */
import type { InvalidRequestTable } from '../../generators/mutations.ts'

const VALIDATION = { httpStatus: 400, code: '400100001' } as const
const CREDENTIALS = { httpStatus: 401, code: '401100001' } as const

export const pivotInvalidRequests: InvalidRequestTable = {
  missingRequired: VALIDATION,
  overMaxLength: VALIDATION,
  wrongType: VALIDATION,
  outsideEnum: VALIDATION,
  badFormat: VALIDATION,
  malformedJson: VALIDATION,
  wrongContentType: VALIDATION,
  badAuth: CREDENTIALS,
  missingAuth: CREDENTIALS,
}

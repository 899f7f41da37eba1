/**
 * What AppotaPay answers a request with one thing wrong (generators/mutations.ts), as its error
 * table and the mock's wire tests (mocks/appotapay/wire.e2e.test.ts) have it: any bad parameter or
 * header is errorCode 1 (HTTP 400) naming the field; a missing or forged JWT is 401.
 */
import type { InvalidRequestTable } from '../../generators/mutations.ts'

const BAD_PARAMS = { httpStatus: 400, code: '1' } as const
const UNAUTHORIZED = { httpStatus: 401, code: '401' } as const

export const appotapayInvalidRequests: InvalidRequestTable = {
  missingRequired: BAD_PARAMS,
  overMaxLength: BAD_PARAMS,
  wrongType: BAD_PARAMS,
  outsideEnum: BAD_PARAMS,
  badFormat: BAD_PARAMS,
  malformedJson: BAD_PARAMS,
  wrongContentType: BAD_PARAMS,
  badAuth: UNAUTHORIZED,
  missingAuth: UNAUTHORIZED,
}

import { resultCode } from '../core/result-code.ts'
import type { ResultCodeEntry } from '../core/types.ts'

const RESPONSE = 'https://docs.pivot-payment.com/api-references/api-information/response'
const ERRORS = 'https://docs.pivot-payment.com/api-references/api-information/errors'
const CARDS = 'https://docs.pivot-payment.com/api-references/payments-v.2/payment-simulation'

/**
 * Pivot `code`s. "00" and the error names are documented; the 9-digit numbers that carry them are
 * ours, in Pivot's "<http><100><nnn>" shape (NOTES.md). Charge failure codes appear in
 * `chargeDetails[].failureCode` of a 200 answer or callback.
 */
export const pivotResultCodes = {
  '00': resultCode('S', 'Success', 'none', 'succeeded', RESPONSE),
  '400100001': resultCode('F', 'api_validation_error: the request is invalid', 'fix_request', 'not_processed', ERRORS, { httpStatus: 400, assumed: true }),
  '401100001': resultCode('F', 'credentials_invalid: the credentials or access token are missing, invalid or expired', 'fix_request', 'not_processed', ERRORS, { httpStatus: 401, assumed: true }),
  '403100001': resultCode('F', 'resource_not_complete: the payment session cannot take this action in its status', 'do_not_retry', 'not_processed', ERRORS, { httpStatus: 403, assumed: true }),
  '404100001': resultCode('F', 'not_found: no such API', 'fix_request', 'not_processed', ERRORS, { httpStatus: 404, assumed: true }),
  '404100002': resultCode('F', 'resource_missing: the resource does not exist', 'fix_request', 'not_processed', ERRORS, { httpStatus: 404, assumed: true }),
  '405100001': resultCode('F', 'method_not_allowed: the API does not take this method', 'fix_request', 'not_processed', 'NOTES.md', { httpStatus: 405, assumed: true }),
  '409100001': resultCode('F', 'duplicate_error: clientReferenceId was used before', 'use_new_request_id', 'not_processed', ERRORS, { httpStatus: 409, assumed: true }),
  '409100002': resultCode('F', 'idempotency_error: the same Idempotency-key was provided with a different payload', 'use_new_request_id', 'not_processed', ERRORS, { httpStatus: 409, assumed: true }),
  '413100001': resultCode('F', 'payload_too_large: the request body is too large', 'fix_request', 'not_processed', 'NOTES.md', { httpStatus: 413, assumed: true }),
  '500100001': resultCode('U', 'internal_error: an unexpected error occurred', 'inquire', 'not_processed', ERRORS, { httpStatus: 500, assumed: true }),
  DECLINED_BY_CHANNEL: resultCode('F', 'The charge was declined by the channel', 'use_another_card', 'failed', CARDS),
  INVALID_ACCOUNT: resultCode('F', 'The card account is invalid', 'use_another_card', 'failed', CARDS),
  AUTHENTICATION_FAILED: resultCode('F', '3DS authentication was rejected', 'use_another_card', 'failed', CARDS),
  SUSPECTED_FRAUD: resultCode('F', 'Suspected fraud', 'do_not_retry', 'failed', CARDS),
  BLOCKED_BY_FDS: resultCode('F', 'Blocked by the fraud detection system', 'do_not_retry', 'failed', CARDS),
} as const satisfies Record<string, ResultCodeEntry>

export type PivotResultCode = keyof typeof pivotResultCodes

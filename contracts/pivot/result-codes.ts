import type { ResultCodeEntry } from '../core/types.ts'

const RESPONSE = 'https://docs.pivot-payment.com/api-references/api-information/response'
const ERRORS = 'https://docs.pivot-payment.com/api-references/api-information/errors'
const CARDS = 'https://docs.pivot-payment.com/api-references/payments-v.2/payment-simulation'

const entry = (
  status: ResultCodeEntry['status'],
  message: string,
  action: ResultCodeEntry['action'],
  effect: ResultCodeEntry['effect'],
  httpStatus: number,
  source: string,
  assumed = false,
): ResultCodeEntry => ({ status, message, action, effect, httpStatus, source, ...(assumed ? { assumed } : {}) })

/**
 * Pivot `code`s. "00" and the error names are documented; the 9-digit numbers that carry them are
 * ours, in Pivot's "<http><100><nnn>" shape (NOTES.md). Charge failure codes appear in
 * `chargeDetails[].failureCode` of a 200 answer or callback.
 */
export const pivotResultCodes = {
  '00': entry('S', 'Success', 'none', 'succeeded', 200, RESPONSE),
  '400100001': entry('F', 'api_validation_error: the request is invalid', 'fix_request', 'not_processed', 400, ERRORS, true),
  '401100001': entry('F', 'credentials_invalid: the credentials or access token are missing, invalid or expired', 'fix_request', 'not_processed', 401, ERRORS, true),
  '403100001': entry('F', 'resource_not_complete: the payment session cannot take this action in its status', 'do_not_retry', 'not_processed', 403, ERRORS, true),
  '404100001': entry('F', 'not_found: no such API', 'fix_request', 'not_processed', 404, ERRORS, true),
  '404100002': entry('F', 'resource_missing: the resource does not exist', 'fix_request', 'not_processed', 404, ERRORS, true),
  '405100001': entry('F', 'method_not_allowed: the API does not take this method', 'fix_request', 'not_processed', 405, 'NOTES.md', true),
  '409100001': entry('F', 'duplicate_error: clientReferenceId was used before', 'use_new_request_id', 'not_processed', 409, ERRORS, true),
  '409100002': entry('F', 'idempotency_error: the same Idempotency-key was provided with a different payload', 'use_new_request_id', 'not_processed', 409, ERRORS, true),
  '413100001': entry('F', 'payload_too_large: the request body is too large', 'fix_request', 'not_processed', 413, 'NOTES.md', true),
  '500100001': entry('U', 'internal_error: an unexpected error occurred', 'inquire', 'not_processed', 500, ERRORS, true),
  DECLINED_BY_CHANNEL: entry('F', 'The charge was declined by the channel', 'use_another_card', 'failed', 200, CARDS),
  INVALID_ACCOUNT: entry('F', 'The card account is invalid', 'use_another_card', 'failed', 200, CARDS),
  AUTHENTICATION_FAILED: entry('F', '3DS authentication was rejected', 'use_another_card', 'failed', 200, CARDS),
  SUSPECTED_FRAUD: entry('F', 'Suspected fraud', 'do_not_retry', 'failed', 200, CARDS),
  BLOCKED_BY_FDS: entry('F', 'Blocked by the fraud detection system', 'do_not_retry', 'failed', 200, CARDS),
} as const satisfies Record<string, ResultCodeEntry>

export type PivotResultCode = keyof typeof pivotResultCodes

import { resultCode } from '../core/result-code.ts'
import type { ResultCodeEntry } from '../core/types.ts'

const RESULT_CODES = 'https://docs.adyen.com/online-payments/payment-result-codes'
const SEED = 'seed 003 "Create and use tokens with the Sessions flow", Result codes'
const REFUSALS = 'https://docs.adyen.com/development-resources/refusal-reasons'
const ERRORS = 'https://docs.adyen.com/development-resources/error-codes'

/**
 * Adyen `resultCode` values of /payments and /payments/details, all answered with HTTP 200.
 * A Refused, Error or Cancelled result carries a refusal reason (`adyenRefusalReasons`).
 */
export const adyenResultCodes = {
  Authorised: resultCode('S', 'The payment was successful, and the payment details were tokenized when storing applies.', 'none', 'succeeded', SEED),
  Pending: resultCode('U', 'The payment is pending; the token comes with the RECURRING_CONTRACT webhook once it is Authorised.', 'none', 'pending', SEED),
  Received: resultCode('U', 'The payment request was received and will be processed; the outcome comes by webhook.', 'none', 'pending', RESULT_CODES),
  Refused: resultCode('F', 'The payment was refused, and the payment details were not tokenized.', 'use_another_card', 'failed', SEED),
  Error: resultCode('F', 'An error occurred while processing the payment.', 'do_not_retry', 'failed', RESULT_CODES),
  Cancelled: resultCode('F', 'The payment was cancelled before it completed.', 'do_not_retry', 'failed', RESULT_CODES),
  RedirectShopper: resultCode('U', 'The shopper must be redirected to complete the payment.', 'redirect_buyer', 'pending', RESULT_CODES),
  ChallengeShopper: resultCode('U', 'The issuer requires a 3D Secure challenge.', 'redirect_buyer', 'pending', RESULT_CODES),
  IdentifyShopper: resultCode('U', 'The issuer requires 3D Secure device fingerprinting.', 'redirect_buyer', 'pending', RESULT_CODES),
  PresentToShopper: resultCode('U', 'Present the voucher or QR code to the shopper.', 'redirect_buyer', 'pending', RESULT_CODES),
  AuthenticationFinished: resultCode('S', '3D Secure authentication finished (authentication-only).', 'none', 'succeeded', RESULT_CODES),
  AuthenticationNotRequired: resultCode('S', '3D Secure authentication was not required (authentication-only).', 'none', 'succeeded', RESULT_CODES),
  PartiallyAuthorised: resultCode('S', 'Part of the amount was authorised.', 'none', 'succeeded', RESULT_CODES),
  Success: resultCode('S', 'The request succeeded (non-payment operations).', 'none', 'succeeded', RESULT_CODES),
} as const satisfies Record<string, ResultCodeEntry>

export type AdyenResultCode = keyof typeof adyenResultCodes

export interface RefusalReason {
  readonly reason: string
  readonly resultCode: 'Refused' | 'Error' | 'Cancelled'
  readonly source: string
  readonly assumed?: boolean
}

/** `refusalReasonCode` → `refusalReason` and the resultCode it comes with. */
export const adyenRefusalReasons = {
  '2': { reason: 'Refused', resultCode: 'Refused', source: REFUSALS },
  '3': { reason: 'Referral', resultCode: 'Refused', source: REFUSALS },
  '4': { reason: 'Acquirer Error', resultCode: 'Error', source: REFUSALS },
  '5': { reason: 'Blocked Card', resultCode: 'Refused', source: REFUSALS },
  '6': { reason: 'Expired Card', resultCode: 'Refused', source: REFUSALS },
  '7': { reason: 'Invalid Amount', resultCode: 'Refused', source: REFUSALS },
  '8': { reason: 'Invalid Card Number', resultCode: 'Refused', source: REFUSALS },
  '9': { reason: 'Issuer Unavailable', resultCode: 'Refused', source: REFUSALS },
  '10': { reason: 'Not supported', resultCode: 'Refused', source: REFUSALS },
  '11': { reason: '3D Not Authenticated', resultCode: 'Refused', source: REFUSALS },
  '12': { reason: 'Not enough balance', resultCode: 'Refused', source: REFUSALS },
  '14': { reason: 'Acquirer Fraud', resultCode: 'Refused', source: REFUSALS },
  '15': { reason: 'Cancelled', resultCode: 'Cancelled', source: REFUSALS },
  '16': { reason: 'Shopper Cancelled', resultCode: 'Cancelled', source: REFUSALS },
  '17': { reason: 'Invalid Pin', resultCode: 'Refused', source: REFUSALS },
  '18': { reason: 'Pin tries exceeded', resultCode: 'Refused', source: REFUSALS },
  '19': { reason: 'Pin validation not possible', resultCode: 'Refused', source: REFUSALS },
  '20': { reason: 'FRAUD', resultCode: 'Refused', source: REFUSALS },
  '21': { reason: 'Not Submitted', resultCode: 'Refused', source: REFUSALS },
  '22': { reason: 'FRAUD-CANCELLED', resultCode: 'Cancelled', source: REFUSALS },
  '23': { reason: 'Transaction Not Permitted', resultCode: 'Refused', source: REFUSALS },
  '24': { reason: 'CVC Declined', resultCode: 'Refused', source: REFUSALS, assumed: true },
  '25': { reason: 'Restricted Card', resultCode: 'Refused', source: REFUSALS, assumed: true },
  '27': { reason: 'Declined Non Generic', resultCode: 'Refused', source: REFUSALS, assumed: true },
  '0': { reason: 'Unknown', resultCode: 'Error', source: 'https://docs.adyen.com/development-resources/testing/result-codes (UNKNOWN)', assumed: true },
} as const satisfies Record<string, RefusalReason>

export type AdyenRefusalReasonCode = keyof typeof adyenRefusalReasons

export interface AdyenErrorCode {
  readonly httpStatus: number
  readonly errorType: 'validation' | 'security' | 'configuration' | 'internal'
  readonly message: string
  readonly source: string
  readonly assumed?: boolean
}

/**
 * The `errorCode` values the mock answers with, in the ServiceError body
 * `{status, errorCode, message, errorType, pspReference}`. See NOTES.md for the assumed ones.
 */
export const adyenErrorCodes = {
  '000': { httpStatus: 401, errorType: 'security', message: 'HTTP Status Response - Unauthorized', source: ERRORS, assumed: true },
  '010': { httpStatus: 403, errorType: 'security', message: 'Not allowed', source: ERRORS, assumed: true },
  '901': { httpStatus: 403, errorType: 'security', message: 'Invalid Merchant Account', source: ERRORS },
  '702': { httpStatus: 400, errorType: 'validation', message: 'Unable to parse the request body', source: ERRORS, assumed: true },
  '701': { httpStatus: 422, errorType: 'validation', message: 'Required field missing or invalid', source: ERRORS, assumed: true },
  '100': { httpStatus: 422, errorType: 'validation', message: 'No amount specified', source: ERRORS, assumed: true },
  '101': { httpStatus: 422, errorType: 'validation', message: 'Invalid card number', source: ERRORS },
  '103': { httpStatus: 422, errorType: 'validation', message: 'CVC is not the right length', source: ERRORS, assumed: true },
  '129': { httpStatus: 422, errorType: 'validation', message: 'Expiry Date Invalid', source: ERRORS, assumed: true },
  '130': { httpStatus: 422, errorType: 'validation', message: 'Reference Missing', source: ERRORS },
  '137': { httpStatus: 422, errorType: 'validation', message: 'Invalid amount specified', source: ERRORS, assumed: true },
  '14_030': { httpStatus: 422, errorType: 'validation', message: 'Return URL is missing.', source: ERRORS, assumed: true },
  '14_0417': { httpStatus: 422, errorType: 'validation', message: 'The session does not exist or has expired.', source: ERRORS, assumed: true },
  '704': { httpStatus: 422, errorType: 'validation', message: 'Request already processed or in progress', source: 'https://docs.adyen.com/development-resources/api-idempotency', assumed: true },
  '800': { httpStatus: 422, errorType: 'validation', message: 'Contract not found', source: ERRORS, assumed: true },
  '803': { httpStatus: 422, errorType: 'validation', message: 'PaymentDetail not found', source: 'adyen-node-api-library src/constants/apiConstants.ts', assumed: true },
  '00_404': { httpStatus: 404, errorType: 'validation', message: 'Not Found', source: 'https://docs.adyen.com/errors', assumed: true },
  '00_405': { httpStatus: 405, errorType: 'validation', message: 'Method Not Allowed', source: 'https://docs.adyen.com/errors', assumed: true },
  '00_413': { httpStatus: 413, errorType: 'validation', message: 'Request body too large', source: 'https://docs.adyen.com/errors', assumed: true },
  '00_422': { httpStatus: 422, errorType: 'validation', message: 'Unprocessable entity', source: 'https://docs.adyen.com/errors/unprocessable-entity' },
  '99_500': { httpStatus: 500, errorType: 'internal', message: 'Error processing request', source: 'https://docs.adyen.com/errors/processing-error' },
} as const satisfies Record<string, AdyenErrorCode>

export type AdyenErrorCodeId = keyof typeof adyenErrorCodes

import { resultCode } from '../core/result-code.ts'
import type { ResultCodeEntry } from '../core/types.ts'

const PAY = 'https://docs.antom.com/ac/ams/payment_cashier.md#result-codes'
const VAULT = 'seed 002 (createVaultingSession result codes); https://global.alipay.com/docs/ac/ams/vault_method'
const INQUIRE_VAULT = 'https://global.alipay.com/docs/ac/ams/inquire_vaulting'
const GATEWAY = 'https://global.alipay.com/docs/ac/ams/irs (common gateway codes)'
const SIGNATURE = 'https://global.alipay.com/docs/ac/ams/digital_signature'

/**
 * Antom result codes (`result.resultCode`), with the status and the documented further action.
 * Business results are answered with HTTP 200; see NOTES.md for the codes marked assumed.
 */
export const antomResultCodes = {
  SUCCESS: resultCode('S', 'success.', 'none', 'succeeded', PAY),
  PAYMENT_IN_PROCESS: resultCode('U', 'The payment is being processed.', 'redirect_buyer', 'pending', PAY),
  UNKNOWN_EXCEPTION: resultCode('U', 'An API call has failed, which is caused by unknown reasons.', 'retry_same_request', 'not_processed', PAY),
  REQUEST_TRAFFIC_EXCEED_LIMIT: resultCode('U', 'The request traffic exceeds the limit.', 'retry_same_request', 'not_processed', PAY),
  VERIFICATION_IN_PROCESS: resultCode('U', 'The verification of the payment method information is in process.', 'redirect_buyer', 'pending', VAULT),
  PARAM_ILLEGAL: resultCode('F', 'The required parameters are not passed, or illegal parameters exist.', 'fix_request', 'not_processed', PAY),
  PROCESS_FAIL: resultCode('F', 'A general business failure occurred.', 'do_not_retry', 'failed', PAY),
  SYSTEM_ERROR: resultCode('F', 'A system error occurred.', 'do_not_retry', 'not_processed', PAY),
  REPEAT_REQ_INCONSISTENT: resultCode('F', 'The amount or currency is different from the previous request.', 'use_new_request_id', 'not_processed', PAY),
  RISK_REJECT: resultCode('F', 'The request is rejected because of the risk control.', 'do_not_retry', 'failed', PAY),
  INVALID_CARD_NUMBER: resultCode('F', 'The number of the card used for the transaction is invalid.', 'use_another_card', 'failed', PAY),
  CARD_NOT_SUPPORTED: resultCode('F', 'The card used for the transaction is not supported.', 'use_another_card', 'failed', PAY),
  DO_NOT_HONOR: resultCode('F', 'The payment is declined by the issuing bank.', 'use_another_card', 'failed', PAY),
  INVALID_AMOUNT: resultCode('F', 'The payment is declined by the issuing bank because of an invalid amount.', 'do_not_retry', 'failed', PAY),
  INVALID_EXPIRATION_DATE: resultCode('F', 'The value of paymentMethodMetaData.expiryYear or expiryMonth is invalid.', 'fix_request', 'failed', PAY, { assumed: true }),
  INVALID_CVV: resultCode('F', 'The CVV is invalid.', 'use_another_card', 'failed', PAY, { assumed: true }),
  INVALID_PAYMENT_METHOD_META_DATA: resultCode('F', 'The payment method meta data is invalid, or the card token does not exist.', 'fix_request', 'not_processed', PAY, { assumed: true }),
  ORDER_NOT_EXIST: resultCode('F', 'The order does not exist.', 'fix_request', 'not_processed', PAY),
  ORDER_IS_CLOSED: resultCode('F', 'The order is closed.', 'do_not_retry', 'not_processed', GATEWAY, { assumed: true }),
  USER_NOT_EXIST: resultCode('F', 'The user does not exist.', 'do_not_retry', 'failed', PAY),
  CURRENCY_NOT_SUPPORT: resultCode('F', 'The currency is not supported.', 'fix_request', 'not_processed', GATEWAY, { assumed: true }),
  VERIFICATION_FAIL: resultCode('F', 'The verification of the payment method information failed.', 'use_new_request_id', 'failed', VAULT),
  VAULTING_NOT_EXIST: resultCode('F', 'The vaulting request ID does not exist.', 'fix_request', 'not_processed', INQUIRE_VAULT),
  INVALID_SIGNATURE: resultCode('F', 'The signature is not validated.', 'fix_request', 'not_processed', SIGNATURE),
  KEY_NOT_FOUND: resultCode('F', 'The key is not found.', 'fix_request', 'not_processed', GATEWAY, { assumed: true }),
  INVALID_CLIENT: resultCode('F', 'The client is invalid.', 'fix_request', 'not_processed', GATEWAY),
  ACCESS_DENIED: resultCode('F', 'Access is denied.', 'do_not_retry', 'not_processed', GATEWAY, { assumed: true }),
  NO_INTERFACE_DEF: resultCode('F', 'API is not defined.', 'fix_request', 'not_processed', GATEWAY, { assumed: true }),
  MEDIA_TYPE_NOT_ACCEPTABLE: resultCode('F', 'The server does not implement the media type that is acceptable to the client.', 'fix_request', 'not_processed', GATEWAY),
  METHOD_NOT_SUPPORTED: resultCode('F', 'The server does not implement the requested HTTP method.', 'fix_request', 'not_processed', GATEWAY),
} as const satisfies Record<string, ResultCodeEntry>

export type AntomResultCode = keyof typeof antomResultCodes

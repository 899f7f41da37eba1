/**
 * What `tokenproof audit` reads of Adyen's answers (see contracts/core/audit.ts): a ServiceError
 * names its `errorCode` (research/adyen-appota.md §1.6), a payment answer its `resultCode`.
 */
import { fieldAt, type AuditCode, type AuditProfile } from '../core/audit.ts'
import { adyenErrorCodes } from './result-codes.ts'

/**
 * A 4xx ServiceError rejects the request as sent (fix it, do not resend it); a 5xx one is an
 * unknown outcome, resent under the same Idempotency-Key ("transient errors are not stored").
 */
const extraCodes: Record<string, AuditCode> = Object.fromEntries(
  Object.entries(adyenErrorCodes).map(([code, entry]) => [
    code,
    entry.httpStatus >= 500 ? { status: 'U', action: 'retry_same_request', effect: 'not_processed' } : { status: 'F', action: 'fix_request', effect: 'not_processed' },
  ]),
)

export const adyenAudit: AuditProfile = {
  resultCodeOf: ({ body }) => fieldAt(body, ['errorCode']) ?? fieldAt(body, ['resultCode']),
  extraCodes,
  // Seed 003, Set parameters to flag transactions: a stored card the shopper pays with in the
  // checkout is Ecommerce + CardOnFile, and the shopper enters the CVC again.
  shopperPresentReuse: [{ shopperInteraction: 'Ecommerce', recurringProcessingModel: 'CardOnFile' }],
  clientTimeout: { ms: 30_000, source: 'research/adyen-appota.md §1.2: the official Node library waits 30 000 ms (DEFAULT_TIMEOUT) before it gives up' },
}

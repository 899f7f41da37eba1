/**
 * What `tokenproof audit` needs of a provider to judge recorded traffic with no driver: how to read
 * the provider's result code out of a recorded answer, what its codes outside the result-code table
 * mean, which card-on-file flags mark a shopper-present reuse (where a CVV is allowed), and how long a
 * client is documented to wait. Generic code (suites/audit/) reads these tables and never a provider's name.
 */
import type { FurtherAction, PaymentEffect, ResultStatus } from './types.ts'

/** A recorded answer: its HTTP status and its parsed (masked) body. */
export interface RecordedAnswer {
  readonly status: number
  readonly body: unknown
}

/** What a code outside the result-code table means (an error code of the provider's error shape). */
export interface AuditCode {
  readonly status: ResultStatus
  readonly action: FurtherAction
  readonly effect: PaymentEffect
}

export interface AuditProfile {
  /** The provider's result or error code in an answer, where the answer names one. */
  resultCodeOf(answer: RecordedAnswer): string | undefined
  /** Codes the answers carry that are not rows of the contract's result-code table (error codes). */
  readonly extraCodes?: Readonly<Record<string, AuditCode>>
  /**
   * Card-on-file values of a reuse the shopper takes part in (they type the CVV again): a reuse
   * whose `cardOnFileFields` match one of these is shopper-present, so its flags are right and a CVV
   * may come with it. Absent: every reuse is merchant-initiated.
   */
  readonly shopperPresentReuse?: readonly Readonly<Record<string, string>>[]
  /** How long a client is documented to wait for an answer before giving up, with the source. */
  readonly clientTimeout?: { readonly ms: number; readonly source: string }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined)

/** Reads a field at a path of a parsed body, as a string (a numeric code too). */
export function fieldAt(body: unknown, path: readonly string[]): string | undefined {
  let value: unknown = body
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return str(value)
}

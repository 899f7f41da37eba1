/**
 * Provider-neutral vocabulary. Every provider declares its tables in these shapes, and the engine,
 * generators, suites and reports read only these shapes — never a provider's name.
 */

/** Outcome status as the providers report it: success, failure, or unknown (inquire / retry). */
export type ResultStatus = 'S' | 'F' | 'U'

/** What the merchant is documented to do next when it receives a result code. */
export type FurtherAction =
  | 'none'
  /** Call again with the same idempotency key. */
  | 'retry_same_request'
  /** Ask the provider for the status (inquiry) before doing anything else. */
  | 'inquire'
  /** Fix the request fields; sending the same request again cannot succeed. */
  | 'fix_request'
  /** A business failure: do not retry. */
  | 'do_not_retry'
  /** Send the buyer to the returned URL (3DS, hosted page). */
  | 'redirect_buyer'
  /** Retry only with a new idempotency key. */
  | 'use_new_request_id'
  /** Ask the buyer for another card. */
  | 'use_another_card'

/** What a result code means for the payment (or vaulting) it answers. */
export type PaymentEffect =
  /** The call was not processed: nothing was created. */
  | 'not_processed'
  | 'succeeded'
  | 'failed'
  /** Accepted and still running: the final result comes by notification or inquiry. */
  | 'pending'

export interface ResultCodeEntry {
  readonly status: ResultStatus
  readonly message: string
  readonly action: FurtherAction
  readonly effect: PaymentEffect
  /** HTTP status the provider answers with; business results are usually 200. */
  readonly httpStatus: number
  /** Where the code and its meaning are documented (a seed section or a doc URL). */
  readonly source: string
  /** True where the table entry is an assumption (see the provider's NOTES.md). */
  readonly assumed?: boolean
}

export type ResultCodeTable<Code extends string = string> = Readonly<Record<Code, ResultCodeEntry>>

/** What a test card does when it is charged or vaulted. */
export type CardBehaviour<Code extends string = string> =
  | { readonly kind: 'success' }
  | { readonly kind: 'decline'; readonly code: Code }
  /** Accepted as pending; settles to `then` after `settleAfterMs` of the engine's clock. */
  | { readonly kind: 'pending'; readonly settleAfterMs: number; readonly then: 'success' | { readonly declineCode: Code } }
  /** The buyer must pass a 3DS challenge; the outcome after it is `then`. */
  | { readonly kind: 'challenge'; readonly then: 'success' | { readonly declineCode: Code } }

export type CardBrand = 'VISA' | 'MASTERCARD' | 'AMEX' | 'JCB' | 'DINERS' | 'DISCOVER' | 'CUP' | 'MAESTRO' | 'OTHER'

export interface TestCard<Code extends string = string> {
  readonly number: string
  readonly brand: CardBrand
  readonly country: string
  readonly funding: 'CREDIT' | 'DEBIT' | 'PREPAID'
  readonly behaviour: CardBehaviour<Code>
  readonly label: string
  readonly source: string
  readonly assumed?: boolean
}

/**
 * Delays before each delivery attempt of a notification, in ms, counted from the previous attempt.
 * The first entry is the delay of the first attempt (usually 0); its length is the number of attempts.
 */
export interface RetrySchedule {
  readonly delaysMs: readonly number[]
  /** How long the provider waits for the merchant's answer before the attempt counts as failed. */
  readonly attemptTimeoutMs: number
  readonly source: string
}

/** A tokenization flow a provider supports; suites pick scenarios from these. */
export type FlowId =
  | 'session_ask_consent'
  | 'hosted_ask_consent'
  | 'server_to_server_enabled'
  | 'sdk_session'
  | 'vaulting_session'
  | 'vaulting_direct'
  | 'token_reuse_pay'
  | 'token_reuse_session'
  | 'zero_amount_save'

export interface FlowDeclaration {
  readonly id: FlowId
  readonly description: string
  readonly source: string
}

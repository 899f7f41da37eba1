/**
 * Deliberate mistakes the reference merchant can be told to make, one at a time, so that
 * examples/faulty-merchants/ can prove each conformance rule catches the bug it names. The
 * reference itself runs with none. Each fault is checked at the one place the mistake would be made.
 */
export const MERCHANT_FAULTS = [
  /** Saves the card from the synchronous answer instead of waiting for the verified notification. */
  'token_from_sync_answer',
  /** Books a pending payment (U, Pending, Received, PROCESSING) as failed. */
  'pending_as_failed',
  /** Accepts notifications without verifying their signature. */
  'skip_signature_check',
  /** Applies a notification again when it is delivered twice. */
  'apply_duplicates',
  /** Sends a CVV with a merchant-initiated token reuse. */
  'cvv_on_reuse',
  /** Leaves out the card-on-file / recurring flags of a token reuse. */
  'omit_card_on_file',
  /** Retries a non-retryable error (PARAM_ILLEGAL, a 4xx validation error). */
  'retry_non_retryable',
  /** After an unknown outcome (U status, 5xx, timeout) neither retries nor inquires. */
  'never_inquire',
  /** Retries with a new idempotency key, so a lost answer becomes a second charge. */
  'new_key_on_retry',
  /** Keeps a single-use token as a saved card and charges it again. */
  'keep_single_token',
  /** Puts the buyer's e-mail address in the provider's buyer / shopper reference. */
  'pii_buyer_ref',
  /** Answers notifications with something other than the provider's acknowledgement. */
  'wrong_ack',
  /** Keeps the card number the buyer typed and shows it in the buyer's saved cards. */
  'keep_card_number',
  /** Applies a validly signed notification about another merchant (client id / merchant account) or another amount. */
  'accept_foreign_notifications',
  /** Checks a notification's signature only when one is there: an unsigned one is trusted. */
  'signature_only_when_present',
  /** Finds a saved card by its id alone, whoever's it is: buyer B can pay with buyer A's card. */
  'no_card_ownership_check',
  /** Books a pending payment as paid. */
  'pending_as_paid',
  /** Sends a merchant-initiated reuse with the shopper-present model (Adyen CardOnFile): the provider refuses every reuse. */
  'wrong_reuse_flags',
  /** Sends a refused reuse (a deleted token) again, three times, under new idempotency keys. */
  'retry_dead_token',
  /** Acts on the provider's answer without verifying its signature. */
  'trust_unsigned_answers',
  /** Calls the provider with no timeout: a provider that does not answer hangs the checkout. */
  'no_timeout',
  /** Writes the card number and CVV the buyer typed into its log. */
  'log_card_number',
  /** Verifies a notification's signature over the body as its JSON parser re-serialises it, not the raw bytes: every signed body fails. */
  'signature_over_parsed_body',
] as const

export type MerchantFault = (typeof MERCHANT_FAULTS)[number]

/** The faults switched on for a merchant; empty for the reference. */
export type Faults = ReadonlySet<MerchantFault>

export const NO_FAULTS: Faults = new Set()

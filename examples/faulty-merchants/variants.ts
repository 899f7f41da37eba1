/**
 * The faulty merchants: the reference merchant with exactly one deliberate mistake each, and the
 * finding the conformance suites must report for it — no more, no less. The detection matrix
 * (detection.test.ts) holds every variant to its expected rules, per provider it runs against.
 */
import type { MerchantFault } from '../reference-merchant/faults.ts'

export interface FaultyVariant {
  readonly id: string
  readonly fault: MerchantFault
  /** The providers the mistake is made with (the bundled merchant offers all; the run is filtered). */
  readonly providers: readonly string[]
  /** The rule ids the suites must report, and nothing else. */
  readonly expected: readonly string[]
  readonly description: string
}

export const FAULTY_VARIANTS: readonly FaultyVariant[] = [
  {
    id: 'token-before-notification',
    fault: 'token_from_sync_answer',
    providers: ['antom', 'adyen'],
    expected: ['TP-SAVE-001'],
    description: 'stores the card token from the synchronous answer, before the provider confirms the save',
  },
  { id: 'pending-as-failed', fault: 'pending_as_failed', providers: ['antom', 'adyen'], expected: ['TP-STATUS-001'], description: 'books a pending payment (Antom U / PAYMENT_IN_PROCESS, Adyen Received) as failed' },
  { id: 'unsigned-notifications', fault: 'skip_signature_check', providers: ['adyen', 'pivot'], expected: ['TP-NOTIFY-001'], description: 'accepts notifications without verifying their signature' },
  { id: 'duplicates-applied', fault: 'apply_duplicates', providers: ['antom', 'pivot'], expected: ['TP-NOTIFY-002'], description: 'applies a notification again when it is delivered twice' },
  { id: 'cvv-on-reuse', fault: 'cvv_on_reuse', providers: ['adyen', 'appotapay'], expected: ['TP-REUSE-002'], description: 'sends a CVV with a merchant-initiated payment with the saved card' },
  { id: 'no-card-on-file-flags', fault: 'omit_card_on_file', providers: ['antom', 'adyen'], expected: ['TP-REUSE-001'], description: 'reuses the token without the card-on-file flags' },
  { id: 'retries-final-errors', fault: 'retry_non_retryable', providers: ['appotapay', 'pivot'], expected: ['TP-RETRY-001'], description: 'retries validation errors and refusals (AppotaPay error 1, Pivot 400)' },
  { id: 'never-inquires', fault: 'never_inquire', providers: ['antom', 'pivot'], expected: ['TP-RETRY-003'], description: 'after an unknown outcome neither retries nor inquires, and books the payment failed' },
  { id: 'new-key-on-retry', fault: 'new_key_on_retry', providers: ['adyen', 'appotapay'], expected: ['TP-RETRY-002'], description: 'retries under a new idempotency key, so a lost answer becomes a second charge' },
  { id: 'email-as-buyer-reference', fault: 'pii_buyer_ref', providers: ['adyen', 'pivot'], expected: ['TP-DATA-002'], description: "sends the buyer's e-mail address as the provider's buyer reference" },
  {
    id: 'keeps-single-use-token',
    fault: 'keep_single_token',
    providers: ['appotapay'],
    expected: ['TP-TOKEN-002'],
    description: 'keeps the SINGLE token of a one-off payment as a saved card, so a later payment with it fails',
  },
  { id: 'shows-card-number', fault: 'keep_card_number', providers: ['appotapay', 'antom'], expected: ['TP-DATA-001'], description: 'keeps the card number the buyer typed and shows it in full in the saved cards' },
  {
    id: 'foreign-notifications-applied',
    fault: 'accept_foreign_notifications',
    providers: ['antom', 'adyen'],
    expected: ['TP-NOTIFY-005'],
    description: 'applies a validly signed notification for another merchant (Client-Id, merchantAccount) or another amount',
  },
  { id: 'unsigned-notifications-trusted', fault: 'signature_only_when_present', providers: ['adyen', 'pivot'], expected: ['TP-NOTIFY-001'], description: 'checks the HMAC / callback key only when there is one: an unsigned notification is applied' },
  { id: 'another-buyers-card', fault: 'no_card_ownership_check', providers: ['antom', 'appotapay'], expected: ['TP-REUSE-004'], description: "lets buyer B pay with buyer A's saved-card id" },
  { id: 'pending-as-paid', fault: 'pending_as_paid', providers: ['antom', 'adyen'], expected: ['TP-STATUS-003'], description: 'shows a pending payment to the buyer as paid' },
  { id: 'wrong-reuse-flags', fault: 'wrong_reuse_flags', providers: ['adyen'], expected: ['TP-REUSE-001'], description: 'sends merchant-initiated reuse with the shopper-present model (ContAuth + CardOnFile): Adyen refuses every reuse' },
  { id: 'dead-token-retried', fault: 'retry_dead_token', providers: ['adyen', 'antom'], expected: ['TP-RETRY-001'], description: 'retries a payment with a deleted token three times under new keys' },
  { id: 'unverified-answers', fault: 'trust_unsigned_answers', providers: ['antom'], expected: ['TP-ANSWER-001'], description: "acts on Antom's answer without verifying its signature" },
  { id: 'no-timeout', fault: 'no_timeout', providers: ['adyen'], expected: ['TP-RETRY-004'], description: 'calls the provider with no timeout: a provider that does not answer hangs the checkout' },
  { id: 'card-number-in-logs', fault: 'log_card_number', providers: ['antom', 'pivot'], expected: ['TP-DATA-001'], description: 'writes the card number and CVV the buyer typed into its log' },
  {
    id: 'signature-over-parsed-body',
    fault: 'signature_over_parsed_body',
    providers: ['antom'],
    expected: ['TP-NOTIFY-004'],
    description: 'verifies the signature over the re-serialised JSON, not the raw body: every genuine notification is answered 401 (its consequences are listed under it)',
  },
  { id: 'wrong-acknowledgement', fault: 'wrong_ack', providers: ['antom', 'pivot'], expected: ['TP-NOTIFY-004'], description: 'answers notifications with a plain 200 "OK", which the provider does not take as an acknowledgement' },
]

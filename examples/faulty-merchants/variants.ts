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
  { id: 'wrong-acknowledgement', fault: 'wrong_ack', providers: ['antom', 'pivot'], expected: ['TP-NOTIFY-004'], description: 'answers notifications with a plain 200 "OK", which the provider does not take as an acknowledgement' },
]

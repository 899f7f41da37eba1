/**
 * The Python merchant's faulty variants: merchant.py with one `--fault` each (common.py lists them),
 * and the rule the suites must report for it — no more, no less (grouped consequences allowed).
 * 4(a)–(i) of issue 13 first, then the other common mistakes.
 */
import type { MatrixVariant } from '../faulty-merchants/matrix.ts'

export interface PythonVariant extends MatrixVariant {
  readonly description: string
}

const BOTH = ['antom', 'adyen'] as const

export const PYTHON_VARIANTS: readonly PythonVariant[] = [
  { id: 'notification-any-merchant', providers: BOTH, expected: ['TP-NOTIFY-005'], description: '4(a) applies a validly signed notification for another merchant (Client-Id / merchantAccountCode) or another amount' },
  { id: 'webhook-hmac-optional', providers: ['adyen'], expected: ['TP-NOTIFY-001'], description: '4(b) checks the Adyen HMAC only when the webhook carries one' },
  { id: 'no-card-ownership', providers: BOTH, expected: ['TP-REUSE-004'], description: "4(c) lets buyer B pay with buyer A's saved-card id" },
  { id: 'pending-as-paid', providers: BOTH, expected: ['TP-STATUS-003'], description: '4(d) shows a pending payment (Antom U PAYMENT_IN_PROCESS, Adyen Received) as paid' },
  { id: 'reuse-wrong-flags', providers: BOTH, expected: ['TP-REUSE-001'], description: '4(e) card-on-file flags with the wrong values (Adyen ContAuth + CardOnFile without CVC, Antom isCardOnFile false)' },
  { id: 'deleted-token-retried', providers: BOTH, expected: ['TP-RETRY-001'], description: '4(f) a refused (deleted) token is charged three more times under new keys' },
  { id: 'answer-unverified', providers: ['antom'], expected: ['TP-ANSWER-001'], description: "4(g) never verifies Antom's answer signature" },
  { id: 'no-timeout', providers: BOTH, expected: ['TP-RETRY-004'], description: '4(h) waits on a slow or silent provider as long as it takes (120 s)' },
  { id: 'pan-in-logs', providers: BOTH, expected: ['TP-DATA-001'], description: '4(i) writes the full card number in its log' },
  { id: 'token-before-success', providers: BOTH, expected: ['TP-SAVE-001'], description: "saves the card from the payment answer's token, before the notification" },
  { id: 'pending-as-failed', providers: BOTH, expected: ['TP-STATUS-001'], description: 'books a pending payment as failed' },
  { id: 'retry-final-error', providers: BOTH, expected: ['TP-RETRY-001'], description: 'sends a validation error or a refusal again' },
  { id: 'no-inquiry', providers: BOTH, expected: ['TP-RETRY-003'], description: 'books an unknown outcome (U, 5xx, timeout) as failed without retrying or inquiring' },
  { id: 'webhook-applied-twice', providers: BOTH, expected: ['TP-NOTIFY-002'], description: 'keeps no record of processed notifications: a duplicate counts a second capture' },
  { id: 'cvv-on-reuse', providers: BOTH, expected: ['TP-REUSE-002'], description: 'keeps the CVV of the first payment and sends it with the saved card' },
  { id: 'reuse-without-flags', providers: BOTH, expected: ['TP-REUSE-001'], description: 'charges the saved card without card-on-file flags' },
  { id: 'save-without-consent', providers: BOTH, expected: ['TP-SAVE-002'], description: "asks the provider to save the card whatever the buyer chose" },
  { id: 'retry-new-key', providers: BOTH, expected: ['TP-RETRY-002'], description: 'retries an unknown outcome under a new idempotency key' },
  { id: 'notification-unverified', providers: BOTH, expected: ['TP-NOTIFY-001'], description: 'verifies no notification signature at all' },
  { id: 'late-notification-overwrites', providers: ['antom'], expected: ['TP-NOTIFY-003'], description: 'applies whichever notification came last: a late PAYMENT_PENDING reopens a paid order' },
  { id: 'email-as-buyer-ref', providers: BOTH, expected: ['TP-DATA-002'], description: "sends an e-mail address as the provider's buyer reference" },
]

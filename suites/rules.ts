/**
 * The rules a tokenization integration must keep, each with a stable id. A finding names the rule it
 * breaks; the provider's profile says which of its documents the rule comes from (a rule without a
 * provider citation cites its general source). Ids never change meaning: retire one, never reuse it.
 */
export type Severity = 'critical' | 'major' | 'minor'

export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor']

export interface Rule {
  readonly id: string
  readonly severity: Severity
  readonly title: string
  /** Why it matters, in one or two sentences. */
  readonly rationale: string
  /** Where the rule comes from when the provider's profile gives no citation of its own. */
  readonly source: string
}

const rule = (id: string, severity: Severity, title: string, rationale: string, source: string): Rule => ({ id, severity, title, rationale, source })

// General sources; each provider's profile cites its own documents for the same rule.
const PROVIDER_GUIDE = "the provider's tokenization guide (see the provider citation)"
const STORED_CREDENTIALS = 'Visa and Mastercard stored-credential framework (card-on-file transactions)'
const PCI_DSS = 'PCI DSS v4.0 requirements 3.3 and 3.4'
const IDEMPOTENCY = "the provider's idempotency documentation (see the provider citation)"
const NOTIFICATIONS = "the provider's notification documentation (see the provider citation)"

export const RULES = {
  SAVE_ONLY_AFTER_NOTIFICATION: rule(
    'TP-SAVE-001',
    'critical',
    "A card is saved only once the provider confirmed the payment succeeded: its verified notification, or for a provider that sends none, its own record",
    'A token in a synchronous answer is not the final word: the payment can still fail or be reversed, and the card was then never saved.',
    PROVIDER_GUIDE,
  ),
  NO_SAVE_WITHOUT_CONSENT: rule(
    'TP-SAVE-002',
    'critical',
    'Without the buyer\'s consent no card is saved, and the provider is not asked to save it',
    'Card networks and the providers require the cardholder\'s consent to store a credential.',
    STORED_CREDENTIALS,
  ),
  SAVED_CARD_USABLE: rule(
    'TP-SAVE-003',
    'major',
    'A card the buyer agreed to save shows in their saved cards once the provider confirmed it',
    'A save that never reaches the buyer\'s wallet is a lost feature and a support ticket.',
    PROVIDER_GUIDE,
  ),
  PENDING_IS_NOT_FAILED: rule(
    'TP-STATUS-001',
    'critical',
    'A pending payment is shown as pending, not failed, until the provider gives the final result',
    'A pending payment usually succeeds later: booking it as failed makes the buyer pay twice or lose the order.',
    PROVIDER_GUIDE,
  ),
  FINAL_RESULT_APPLIED: rule(
    'TP-STATUS-002',
    'critical',
    'The final result the provider notifies is applied: paid when it succeeded, failed when it did not',
    'An order that stays pending or shows the wrong final state ships goods unpaid or refuses paid ones.',
    NOTIFICATIONS,
  ),
  PENDING_IS_NOT_PAID: rule(
    'TP-STATUS-003',
    'critical',
    'A pending payment is not shown as paid before the provider confirms it',
    'A pending payment can still fail: shipping on "pending" ships goods that are never paid for.',
    PROVIDER_GUIDE,
  ),
  REUSE_CARD_ON_FILE: rule(
    'TP-REUSE-001',
    'critical',
    'A payment with a saved card carries the provider\'s card-on-file / stored-credential flags',
    'Without them the issuer sees a customer-initiated payment with no CVV and declines it, or the scheme rules on stored credentials are broken.',
    STORED_CREDENTIALS,
  ),
  REUSE_NO_CVV: rule(
    'TP-REUSE-002',
    'critical',
    'No CVV is sent with a merchant-initiated payment with a saved card where the provider says none',
    'A merchant may not keep a CVV after authorisation (PCI DSS 3.3.1.2), so sending one on reuse means it was stored.',
    'PCI DSS v4.0 requirement 3.3.1.2',
  ),
  REUSE_SAME_BUYER: rule(
    'TP-REUSE-003',
    'major',
    'A saved card is charged with its own token and the buyer reference it was saved under',
    'Providers bind tokens to the buyer reference: another reference fails or charges the wrong buyer.',
    PROVIDER_GUIDE,
  ),
  REUSE_OWN_CARDS_ONLY: rule(
    'TP-REUSE-004',
    'critical',
    "A buyer pays only with their own saved cards: another buyer's saved-card id is refused",
    "A saved-card id is only a reference: an integration that does not check whose card it is lets one buyer charge another's card.",
    PROVIDER_GUIDE,
  ),
  NO_RETRY_OF_FINAL_ERROR: rule(
    'TP-RETRY-001',
    'major',
    'A final error (a validation error, a decline) is not retried',
    'Retrying a request the provider rejected for good only repeats the error and can trip rate limits and fraud checks.',
    IDEMPOTENCY,
  ),
  RETRY_SAME_KEY: rule(
    'TP-RETRY-002',
    'critical',
    'An unknown outcome is retried with the same idempotency key and the same body, and the buyer is charged once',
    'A retry under a new key is a new payment: when the first one went through, the buyer pays twice.',
    IDEMPOTENCY,
  ),
  RESOLVE_UNKNOWN: rule(
    'TP-RETRY-003',
    'critical',
    'After an unknown outcome (U status, HTTP 5xx, a timeout) the integration retries or inquires before it decides',
    'An unknown outcome may be a success: giving up books a paid order as failed.',
    IDEMPOTENCY,
  ),
  BOUNDED_WAIT: rule(
    'TP-RETRY-004',
    'major',
    'A call to the provider gives up after a bounded time, and its outcome then counts as unknown',
    'Without a timeout a slow provider hangs the checkout (and the buyer) for as long as it likes, and the payment is never resolved.',
    IDEMPOTENCY,
  ),
  WAITS_DOCUMENTED_TIME: rule(
    'TP-RETRY-005',
    'minor',
    "A call to the provider is not given up before the provider's documented answer time",
    'A client that gives up sooner turns answers the provider was still preparing into unknown outcomes: every one must then be retried or inquired, and one that is not is a payment lost.',
    IDEMPOTENCY,
  ),
  NOTIFICATION_VERIFIED: rule(
    'TP-NOTIFY-001',
    'critical',
    'A notification whose signature does not verify is neither applied nor acknowledged',
    'Anyone can post to a notification URL: an unverified notification lets an attacker mark orders paid or plant tokens.',
    NOTIFICATIONS,
  ),
  NOTIFICATION_ONCE: rule(
    'TP-NOTIFY-002',
    'critical',
    'A notification delivered twice is applied once',
    'Providers deliver at least once: applying a duplicate books a second charge or saves the card twice.',
    NOTIFICATIONS,
  ),
  NOTIFICATION_ORDER: rule(
    'TP-NOTIFY-003',
    'major',
    'Notifications that arrive out of order leave the order in its latest state',
    'Deliveries race each other and retries: a late "pending" must not undo a "paid".',
    NOTIFICATIONS,
  ),
  NOTIFICATION_ACK: rule(
    'TP-NOTIFY-004',
    'major',
    'A genuine notification is acknowledged exactly as the provider requires',
    'Anything else makes the provider resend it for hours, and some providers then disable the endpoint.',
    NOTIFICATIONS,
  ),
  NOTIFICATION_IS_OURS: rule(
    'TP-NOTIFY-005',
    'critical',
    "A notification is applied only to the merchant's own payment: its merchant account (client id) and its amount match the order",
    'A notification validly signed for another merchant, or for another amount, is genuine but not about this order: applying it marks orders paid that nobody paid for.',
    NOTIFICATIONS,
  ),
  ANSWER_VERIFIED: rule(
    'TP-ANSWER-001',
    'critical',
    "A provider's answer whose signature does not verify is not acted on",
    'Where the provider signs its answers, an unverified answer may have been changed on the way: acting on it books a declined payment as paid.',
    "the provider's signature documentation (see the provider citation)",
  ),
  DEAD_TOKEN_GRACEFUL: rule(
    'TP-TOKEN-001',
    'major',
    'A payment with a deleted, expired or used-up token fails gracefully, with no charge and no crash',
    'Tokens die: the buyer must be asked for a card again, not shown an error page.',
    PROVIDER_GUIDE,
  ),
  SINGLE_USE_NOT_KEPT: rule(
    'TP-TOKEN-002',
    'major',
    'A single-use token is not kept as a saved card',
    'A single-use token is spent by the payment it was made for: offering it again fails every later payment.',
    PROVIDER_GUIDE,
  ),
  NO_CARD_DATA: rule(
    'TP-DATA-001',
    'critical',
    'No full card number or CVV is stored or shown by the integration',
    'Storing a PAN or any CVV puts the merchant in full PCI DSS scope; showing one leaks it.',
    PCI_DSS,
  ),
  NO_PII_IN_BUYER_REF: rule(
    'TP-DATA-002',
    'major',
    'The buyer reference sent to the provider is a pseudonymous id, not an e-mail, a phone number or a name',
    'Providers forbid personal data in references that appear in reports and logs.',
    PROVIDER_GUIDE,
  ),
} as const satisfies Record<string, Rule>

export type RuleKey = keyof typeof RULES
export type RuleId = (typeof RULES)[RuleKey]['id']

export const ALL_RULES: readonly Rule[] = Object.values(RULES)

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id)
}

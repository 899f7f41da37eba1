/**
 * Adyen standard webhooks (AUTHORISATION, RECURRING_CONTRACT), received as Adyen documents it:
 * basic auth when configured, the HMAC of the item verified before anything is read, and an
 * answer of HTTP 200 `[accepted]`. Anything not verified is answered with a non-2xx, so it is
 * not applied and Adyen sends it again.
 */
import { z } from 'zod'
import type { Faults } from '../faults.ts'
import { withinWindow, type HttpReply, type InboundNotification, type NotificationVerdict, type NotifiedUpdate, type SavedCardDetails } from '../provider-adapter.ts'
import { basicAuthMatches, verifyItemHmac } from './adyen-hmac.ts'

/** Adyen's documented acknowledgement: any 2xx, with `[accepted]` in the body for older setups. */
const ACK: HttpReply = { status: 200, contentType: 'text/plain', body: '[accepted]' }
const REJECT_AUTH: HttpReply = { status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'webhook authentication failed' }) }
const REJECT_BODY: HttpReply = { status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'unreadable webhook' }) }
/**
 * The `wrong_ack` fault: the handler applies the webhook, then answers with an error status (a
 * framework error page after the work is done). Adyen only counts 2xx as delivered, so it keeps
 * sending the webhook again.
 */
const WRONG_ACK: HttpReply = { status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'internal error' }) }

// Adyen puts every additionalData value on the wire as a string; anything else is ignored.
const AdditionalData = z.record(z.string(), z.unknown())
const NotificationItem = z.looseObject({
  pspReference: z.string().min(1),
  originalReference: z.string().optional(),
  merchantAccountCode: z.string(),
  merchantReference: z.string(),
  amount: z.looseObject({ value: z.number().int(), currency: z.string() }),
  eventCode: z.string().min(1),
  success: z.enum(['true', 'false']),
  reason: z.string().optional(),
  paymentMethod: z.string().optional(),
  additionalData: AdditionalData.optional(),
})
type NotificationItem = z.infer<typeof NotificationItem>
const Webhook = z.looseObject({ live: z.string(), notificationItems: z.array(z.looseObject({ NotificationRequestItem: NotificationItem })) })

export interface WebhookSettings {
  readonly merchantAccount: string
  readonly hmacKey: Buffer
  /** Basic auth configured with the webhook in the Customer Area, if any. */
  readonly basicAuth?: { readonly username: string; readonly password: string }
  readonly faults: Faults
  readonly log: (line: string) => void
  /** See ConnectionSettings.notificationWindowMs: applied to the item's eventDate. */
  readonly notificationWindowMs?: number | undefined
}

const text = (data: Record<string, unknown> | undefined, key: string): string | undefined => {
  const value = data?.[key]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Adyen's variant names (`visa`, `mc`…) as the brands the merchant shows. */
const BRANDS: Readonly<Record<string, string>> = { visa: 'VISA', mc: 'MASTERCARD', amex: 'AMEX', jcb: 'JCB', diners: 'DINERS', discover: 'DISCOVER', cup: 'CUP', maestro: 'MAESTRO' }
export const brandOf = (variant: string): string => BRANDS[variant] ?? variant.toUpperCase()

/**
 * What a webhook tells about the stored card. Webhooks carry only `cardSummary` (last four) and
 * `expiryDate` ("3/2030"); RECURRING_CONTRACT usually neither, so its masked number is just stars.
 */
function cardOf(item: NotificationItem, token: string): SavedCardDetails {
  const last4 = text(item.additionalData, 'cardSummary')
  const [month, year] = (text(item.additionalData, 'expiryDate') ?? '').split('/')
  const brand = item.paymentMethod !== undefined ? brandOf(item.paymentMethod) : undefined
  return {
    token,
    masked: last4 !== undefined && /^\d{4}$/.test(last4) ? `************${last4}` : '****',
    ...(brand !== undefined ? { brand } : {}),
    ...(month && /^\d{1,2}$/.test(month) ? { expiryMonth: month.padStart(2, '0') } : {}),
    // Two digits, like the card the buyer typed (the driver protocol's YY).
    ...(year && /^\d{4}$/.test(year) ? { expiryYear: year.slice(2) } : {}),
  }
}

/**
 * A zero-value authorisation validates the card and charges nothing, so it is not booked as a
 * capture: the update carries no payment reference to count.
 */
const paymentRef = (item: NotificationItem, psp: string | undefined) => (item.amount.value > 0 && psp !== undefined ? { providerReference: psp } : {})

/** The amount a webhook names, in the merchant's terms (minor units as a decimal string). */
const amountOf = (item: NotificationItem) => ({ amount: { currency: item.amount.currency, value: String(item.amount.value) } })

function authorisationUpdate(item: NotificationItem): NotifiedUpdate {
  const base = { merchantReference: item.merchantReference, ...paymentRef(item, item.pspReference), ...amountOf(item) }
  if (item.success !== 'true') return { ...base, status: 'failed', reason: item.reason || 'Refused' }
  // With the "Recurring details" additional data, the AUTHORISATION of a payment that stored the
  // card names the token too; it is as verified as RECURRING_CONTRACT and carries the card summary.
  const token = text(item.additionalData, 'recurring.recurringDetailReference') ?? text(item.additionalData, 'tokenization.storedPaymentMethodId')
  return { ...base, status: 'paid', ...(token !== undefined ? { savedCard: cardOf(item, token) } : {}) }
}

/**
 * RECURRING_CONTRACT (seed 003): the token is `pspReference` (= recurring.recurringDetailReference),
 * `originalReference` the payment that stored it. Adyen creates a token only after a successful
 * authorisation, so it also says that payment is paid.
 */
function recurringContractUpdate(item: NotificationItem): NotifiedUpdate | undefined {
  if (item.success !== 'true') return undefined
  const token = text(item.additionalData, 'recurring.recurringDetailReference') ?? item.pspReference
  return { merchantReference: item.merchantReference, status: 'paid', ...paymentRef(item, item.originalReference), ...amountOf(item), savedCard: cardOf(item, token) }
}

function updateOf(item: NotificationItem): NotifiedUpdate | undefined {
  if (item.eventCode === 'AUTHORISATION') return authorisationUpdate(item)
  if (item.eventCode === 'RECURRING_CONTRACT') return recurringContractUpdate(item)
  // CAPTURE, REFUND, CANCELLATION…: this merchant does not act on them, but acknowledges them.
  return undefined
}

function readItem(body: string): NotificationItem | string {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return 'not JSON'
  }
  const webhook = Webhook.safeParse(json)
  if (!webhook.success) return 'not a standard webhook'
  const items = webhook.data.notificationItems
  // Adyen sends one item per standard webhook; the merchant's notification seam applies one update,
  // so a batch is refused (not acknowledged) rather than half applied.
  if (items.length !== 1 || !items[0]) return `${items.length} notification items`
  return items[0].NotificationRequestItem
}

export function receiveAdyenWebhook(settings: WebhookSettings, notification: InboundNotification): NotificationVerdict {
  const { basicAuth, faults, log } = settings
  if (basicAuth && !basicAuthMatches(notification.headers.get('authorization'), basicAuth.username, basicAuth.password)) {
    log('adyen webhook rejected: basic auth missing or wrong')
    return { accepted: false, reply: REJECT_AUTH, reason: 'basic auth' }
  }
  const item = readItem(notification.body)
  if (typeof item === 'string') {
    log(`adyen webhook rejected: ${item}`)
    return { accepted: false, reply: REJECT_BODY, reason: item }
  }
  // The skip_signature_check fault trusts the body as it came; signature_only_when_present trusts one without an HMAC.
  const unsigned = text(item.additionalData, 'hmacSignature') === undefined && faults.has('signature_only_when_present')
  if (!faults.has('skip_signature_check') && !unsigned && !verifyItemHmac(item, text(item.additionalData, 'hmacSignature'), settings.hmacKey)) {
    log(`adyen webhook rejected: HMAC signature missing or invalid (${item.eventCode} ${item.pspReference})`)
    return { accepted: false, reply: REJECT_AUTH, reason: 'invalid HMAC signature' }
  }
  const eventDate = typeof item.eventDate === 'string' ? item.eventDate : undefined
  if (!withinWindow(eventDate, settings.notificationWindowMs)) {
    log(`adyen webhook rejected: eventDate ${eventDate ?? 'missing'} outside the ${settings.notificationWindowMs ?? 0} ms window`)
    return { accepted: false, reply: REJECT_AUTH, reason: 'stale eventDate' }
  }
  const reply = faults.has('wrong_ack') ? WRONG_ACK : ACK
  // Adyen's guidance: the same event may come more than once; pspReference + eventCode (+ the
  // original payment and success, which RECURRING_CONTRACT and AUTHORISATION updates vary) name it.
  const dedupeKey = `${item.eventCode}:${item.pspReference}:${item.originalReference ?? ''}:${item.success}`
  log(`adyen webhook ${item.eventCode} success=${item.success} ${item.pspReference} for ${item.merchantReference}`)
  if (item.merchantAccountCode !== settings.merchantAccount && !faults.has('accept_foreign_notifications')) {
    // Signed with our key but about another merchant account: nothing of ours to update.
    return { accepted: true, dedupeKey, reply }
  }
  const update = updateOf(item)
  return { accepted: true, dedupeKey, ...(update ? { update } : {}), reply }
}

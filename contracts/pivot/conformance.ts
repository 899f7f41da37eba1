/**
 * What the conformance suites need to test an integration against Pivot: which flows play which
 * part, how the buyer acts on the mock's pages, the faults to inject and how to read a Payment
 * Session request. Citations point into seed 001 ("Pay and Save Card") and research
 * antom-pivot.md part 2. The choices the docs leave open are in NOTES.md, "Conformance profile".
 */
import { constants, publicEncrypt } from 'node:crypto'
import { z } from 'zod'
import type { ConformanceProfile, PaymentFacts, WireRequest } from '../core/conformance.ts'
import { pivotTestCards } from './test-cards.ts'

const SEED = 'seed 001 "Pay and Save Card"'
const RESEARCH = 'research antom-pivot.md'
const DOCS = 'https://docs.pivot-payment.com'
const SAVE = `${SEED}, Redirection Mode, Initiation: "when the Charge is SUCCESS We will save your Customer's Payment Information Detail in Token format under your Customer Object"; ${RESEARCH} 2.6 (a card is stored only when the charge is SUCCESS and save was enabled)`
const CALLBACK = `${RESEARCH} 2.7: the PAYMENT.PAID callback {event, data: <Payment Session>} (${DOCS}/api-references/api-lists/payments/payment-callback)`
const CONFIRM_SAVED = `${CALLBACK}; the callback echoes saveForFutureUse, not the buyer's tick, so the stored card is read with Retrieve Customer (${RESEARCH} 2.6, ${DOCS}/api-references/api-lists/core-resources/customers/retrieve-customer)`
const STATUSES = `${RESEARCH} 2.4: session REQUIRE_PAYMENT_METHOD → REQUIRE_ACTION → PROCESSING → PAID; only PAID (and the final CANCELLED/FAILED/EXPIRED) is a result (${DOCS}/api-references/api-lists/payments/status)`
const ERRORS = `${RESEARCH} 2.8: api_validation_error is HTTP 400; 5xx, 408 and timeouts are unknown outcomes (${DOCS}/api-references/api-information/errors)`
const IDEMPOTENCY = `${RESEARCH} 2.2 and 2.8: idempotency_error 409 "The same Idempotency-key was provided with a different payload"; clientReferenceId is unique per session (contracts/pivot/NOTES.md, Payment Session)`
const REUSE = `${SEED}, API Mode, Use Saved Payment: Retrieve Customer for storedPaymentMethods, then a Payment Session with customer.id and the stored token; the CVC is typed again (${RESEARCH} 2.6; field names in NOTES.md, Saved cards)`
const CALLBACK_KEY = `${RESEARCH} 2.7: no signature; Pivot sends X-API-Key: <Callback API Key> and the merchant compares it to its key (${DOCS}/api-references/api-information/callback)`

const Card = z.looseObject({ token: z.string().optional(), cvc: z.unknown().optional(), encryptedCard: z.unknown().optional() })
// Loose: the suites read a handful of fields of whatever the integration sent, valid or not.
// Both createPaymentSession and confirmPaymentSession bodies parse (confirm has no mode or customer).
const Request = z.looseObject({
  clientReferenceId: z.string().optional(),
  mode: z.string().optional(),
  saveForFuture: z.unknown().optional(),
  paymentMethod: z.looseObject({ card: Card.optional() }).optional(),
  customer: z.looseObject({ id: z.string().optional(), email: z.string().optional() }).optional(),
})

/** A mailbox under `.invalid` (RFC 2606) can never receive mail: its local part is a pseudonym, not a contact. */
const UNDELIVERABLE = /^([^\s@]+)@(?:[^\s@]+\.)?invalid$/i

function referenceOf(customer: { id?: string | undefined; email?: string | undefined } | undefined): string | undefined {
  if (customer?.id !== undefined) return customer.id
  const email = customer?.email
  if (email === undefined) return undefined
  // Pivot requires an e-mail for a new customer: the rule must not flag the required field itself,
  // only an address that reaches the buyer.
  return UNDELIVERABLE.exec(email)?.[1] ?? email
}

function header(request: WireRequest, name: string): string | undefined {
  const found = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)
  return found?.[1]
}

function paymentFacts(request: WireRequest): PaymentFacts {
  const parsed = Request.safeParse(request.body)
  if (!parsed.success) return { cardOnFile: true, cvvSent: false, saveWithoutAsking: false }
  const body = parsed.data
  const card = body.paymentMethod?.card
  const isConfirm = /\/confirm(?:\?|$)/.test(request.url)
  // In API mode (and on confirm, which only API sessions take) no Pivot page asks the buyer:
  // saveForFuture stores the card. In REDIRECT mode it only shows the "Save for future use" box.
  const apiMode = isConfirm || body.mode === 'API'
  return {
    idempotencyKey: header(request, 'idempotency-key') ?? body.clientReferenceId,
    tokenUsed: card?.token,
    // Pivot has no card-on-file / stored-credential flag: a payment with a stored token is all there is.
    cardOnFile: true,
    // The encrypted card always carries the CVC (NOTES.md, API mode and card encryption).
    cvvSent: card?.cvc !== undefined || card?.encryptedCard !== undefined,
    buyerRef: referenceOf(body.customer),
    saveWithoutAsking: apiMode && body.saveForFuture === true,
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The Payment Session id in the hosted page's token (a JWT whose payload carries `sid`). */
function sessionOfPageToken(token: string): string | undefined {
  const payload = token.split('.')[1]
  if (payload === undefined) return undefined
  try {
    const sid = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sid?: unknown }).sid
    return typeof sid === 'string' && sid !== '' ? sid : undefined
  } catch {
    return undefined
  }
}

/**
 * The decline card: the first in the table (4440000334480001) masks to the same first 6 / last 4 as
 * the success card 4440000112200001, so a recorded payment-page step could not tell which card the
 * buyer typed. The bad-CVV decline masks uniquely.
 */
const DECLINE = pivotTestCards.find((c) => c.number === '4440000334460003')

export const pivotConformance: ConformanceProfile = {
  ...(DECLINE ? { cards: { decline: DECLINE } } : {}),
  flows: {
    pay: [
      { flow: 'server_to_server_enabled', onPage: false, consent: 'merchant', faultOperation: 'createPaymentSession' },
      { flow: 'hosted_ask_consent', onPage: true, consent: 'page' },
    ],
    reuse: 'token_reuse_pay',
  },
  // Whole rupiah: Pivot's amounts are integer IDR.
  amount: { currency: 'IDR', value: '50000' },
  reuseCvv: 'required',
  testCard: { expiryMonth: '12', expiryYear: '30', cvv: '123' },
  credentials: (settings) => ({ merchantId: str(settings.merchantId), merchantSecret: str(settings.merchantSecret), callbackApiKey: str(settings.callbackApiKey) }),
  // The callback URL is a Dashboard setting, per merchant (Settings → Developer Settings → Callbacks).
  notificationSetup: (settings, notificationUrl) => ({ merchantId: str(settings.merchantId), callbackUrl: notificationUrl }),
  // The card JSON under the mock's card-encryption key (the same key every API-mode session answers
  // as `encryptionKey`): RSA-OAEP, SHA-256, base64 (NOTES.md, API mode and card encryption).
  seal: (content, settings) =>
    publicEncrypt({ key: str(settings.cardEncryptionKey), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(JSON.stringify(content), 'utf8')).toString('base64'),
  buyerStep(buyerActionUrl, choice) {
    let url: URL
    try {
      url = new URL(buyerActionUrl)
    } catch {
      return undefined
    }
    if (url.pathname.endsWith('/pivot/pay/detail')) {
      const paymentSessionId = sessionOfPageToken(url.searchParams.get('token') ?? '')
      if (paymentSessionId === undefined) return undefined
      // The payment page takes the card with a four-digit year and the CVC as `cvc`.
      const card = choice.card
        ? { card: { number: choice.card.number, expiryMonth: choice.card.expiryMonth, expiryYear: choice.card.expiryYear.length === 2 ? `20${choice.card.expiryYear}` : choice.card.expiryYear, cvc: choice.card.cvv } }
        : {}
      return { action: 'pay', body: { paymentSessionId, ...card, saveForFutureUse: choice.saveCard } }
    }
    if (url.pathname.endsWith('/pivot/3ds/authenticate')) {
      const paymentSessionId = url.searchParams.get('paymentSessionId')
      return paymentSessionId ? { action: 'authenticate', body: { paymentSessionId, passed: true } } : undefined
    }
    return undefined
  },
  // One Pivot payment is one Payment Session: its create carries the payment's identity
  // (clientReferenceId, Idempotency-Key) and, for a reuse (autoConfirm), the token and CVC. A
  // confirm is a later step of that same payment with no key of its own (a second one is refused
  // 403); counting it as another payment request would read every API-mode payment as a retry
  // under a new key with a new body (NOTES.md, Conformance profile).
  operations: { payment: ['createPaymentSession'], inquiry: ['getPaymentSession'] },
  faults: {
    nonRetryable: { type: 'resultCode', code: '400100001' },
    unknownOutcome: { type: 'httpStatus', status: 503 },
  },
  // One callback per payment (PAYMENT.PAID, FAILED or EXPIRED): nothing can overtake it.
  // The callback key is the merchant's own: only another amount can come validly signed.
  notifications: { result: 'paymentCallback', impostors: ['otherAmount'] },
  paymentFacts,
  citations: {
    'TP-SAVE-001': `${SAVE}; ${CONFIRM_SAVED}`,
    'TP-SAVE-002': `${SEED}, Redirection Mode, Simulate Payment: the buyer ticks "Save for future use" on the payment page; API Mode: saveForFuture true stores the card with no question, so it follows the buyer's choice`,
    'TP-SAVE-003': `${SEED}, Manage your Customer ID: "Stored Payment Method links to your customerId"; ${CONFIRM_SAVED}`,
    'TP-STATUS-001': STATUSES,
    'TP-STATUS-002': `${CALLBACK}; PAYMENT.FAILED and PAYMENT.EXPIRED assumed (contracts/pivot/NOTES.md, Callbacks)`,
    'TP-STATUS-003': STATUSES,
    'TP-REUSE-004': `${SEED}, Manage your Customer ID: a stored payment method belongs to one customerId; the merchant must only offer a customer their own`,
    'TP-RETRY-005': `${RESEARCH} 2.8: Pivot answers 408 only after 60 s, so a client that gives up sooner leaves a call it cannot tell`,
    'TP-RETRY-004': `${RESEARCH} 2.8: Pivot answers 408 after 60 s; a call without an answer is resolved with the same Idempotency-Key or GET /v2/payments/{id}`,
    'TP-NOTIFY-005': `${CALLBACK}: the callback carries the session's amount and clientReferenceId; one for another amount is not this order's`,
    'TP-ANSWER-001': `${RESEARCH} 2.2 and 2.8: Pivot's API answers are not signed, so this rule has nothing to check here`,
    'TP-REUSE-001': `${REUSE}; Pivot has no card-on-file flag: the stored token under customer.id is the whole of it`,
    'TP-REUSE-002': `${REUSE}; Pivot requires the CVC on every reuse, so the buyer types it again (it is not kept)`,
    'TP-REUSE-003': `${SEED}, Use Saved Payment: "Fill Customer ID", the stored payment method links to the customerId it was saved under`,
    'TP-RETRY-001': ERRORS,
    'TP-RETRY-002': IDEMPOTENCY,
    'TP-RETRY-003': `${ERRORS}; the session is read with GET /v2/payments/{id} (contracts/pivot/NOTES.md)`,
    'TP-NOTIFY-001': CALLBACK_KEY,
    'TP-NOTIFY-002': `${RESEARCH} 2.7: Pivot resends on 5xx, 408 and 429 at +5 min … +12 h, so one callback can arrive more than once`,
    'TP-NOTIFY-003': `${RESEARCH} 2.7: each retry is sent on its own schedule; callbacks can cross`,
    'TP-NOTIFY-004': `${RESEARCH} 2.7: any 2xx acknowledges; 5xx, 408 and 429 make Pivot resend (${DOCS}/api-references/api-information/callback)`,
    'TP-TOKEN-001': `${REUSE}; a token that is not the customer's active stored payment method is refused (NOTES.md, Saved cards)`,
    'TP-TOKEN-002': `${SAVE}; Pivot makes no single-use token: only the stored payment methods of the customer exist`,
    'TP-DATA-001': `${RESEARCH} 2.5: the card reaches Pivot only encrypted with the session's encryptionKey, or typed on Pivot's page`,
    'TP-DATA-002': `${RESEARCH} 2.3: customer.email is the customer's unique key and required for a new customer; a merchant without the buyer's consent to share it sends a pseudonymous address`,
  },
  gaps: {},
}

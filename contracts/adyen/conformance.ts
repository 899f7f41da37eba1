/**
 * What the conformance suites need to test an integration against Adyen: which flows play which
 * part, how the shopper acts in Drop-in (the mock's `pay` buyer action), the faults to inject and
 * how to read a /payments or /sessions request. Citations point into seed 003 ("Create and use
 * tokens with the Sessions flow") and the research notes (research/adyen-appota.md, part 1).
 * Choices where the docs are silent: NOTES.md, "Conformance profile".
 */
import { z } from 'zod'
import type { ConformanceProfile, PaymentFacts, WireRequest } from '../core/conformance.ts'
import { ADYEN_TEST_CVC, ADYEN_TEST_EXPIRY, adyenHolderNameTriggers, adyenTestCards } from './test-cards.ts'

const VISA = adyenTestCards[0]
const SEED = 'seed 003 "Create and use tokens with the Sessions flow"'
const RESEARCH = 'research/adyen-appota.md part 1'
const TOKEN_WEBHOOK = `${SEED}, Enable the webhook and Result codes: "Save the token from the RECURRING_CONTRACT webhook"; "Because the API response does not always include the token, we recommend always getting it from the RECURRING_CONTRACT webhook" (Authorised API response)`
const SET_PARAMETERS = `${SEED}, Set parameters to flag transactions: shopperInteraction ContAuth and recurringProcessingModel on every payment with a token`
const PAY_WITH_TOKEN = `${SEED}, Create a token ("use the /payments endpoint to make subsequent Subscription and UnscheduledCardOnFile payments with tokens") and Pay with a token`
const IDEMPOTENCY = `${RESEARCH} §1.3 (https://docs.adyen.com/development-resources/api-idempotency): the same Idempotency-Key returns the first answer without reprocessing; transient errors (5xx) are not stored, so the same key may be retried`
const ERRORS = `${RESEARCH} §1.6 (https://docs.adyen.com/development-resources/error-codes): a 4xx ServiceError (errorType validation, e.g. 422 101 Invalid card number) rejects the request as sent`
const WEBHOOKS = `${RESEARCH} §1.7 (https://docs.adyen.com/development-resources/webhooks)`

const PaymentMethod = z.looseObject({
  storedPaymentMethodId: z.string().optional(),
  // The legacy name of the token field (CardDetails.recurringDetailReference).
  recurringDetailReference: z.string().optional(),
  cvc: z.unknown().optional(),
  encryptedSecurityCode: z.unknown().optional(),
})
// Loose: the suites read a handful of fields of whatever the integration sent, valid or not.
const Request = z.looseObject({
  paymentMethod: PaymentMethod.optional(),
  shopperInteraction: z.string().optional(),
  recurringProcessingModel: z.string().optional(),
  shopperReference: z.string().optional(),
  storePaymentMethod: z.unknown().optional(),
  storePaymentMethodMode: z.string().optional(),
})

/** The models seed 003 sends to /payments for a payment the merchant makes without the shopper. */
const MERCHANT_INITIATED_MODELS: ReadonlySet<string> = new Set(['UnscheduledCardOnFile', 'Subscription'])

const header = (request: WireRequest, name: string): string | undefined => {
  const found = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)
  return found?.[1]
}

function paymentFacts(request: WireRequest): PaymentFacts {
  const idempotencyKey = header(request, 'idempotency-key')
  const parsed = Request.safeParse(request.body)
  if (!parsed.success) return { idempotencyKey, cardOnFile: false, cvvSent: false, saveWithoutAsking: false }
  const body = parsed.data
  const method = body.paymentMethod
  return {
    idempotencyKey,
    tokenUsed: method?.storedPaymentMethodId ?? method?.recurringDetailReference,
    // Both flags of seed 003's "Pay with a token", with the values of the reuse flow judged here
    // (merchant-initiated /payments): ContAuth and a merchant-initiated model. CardOnFile is the
    // shopper-present model: without a shopper no CVC comes, and Adyen refuses it (422 103).
    cardOnFile: body.shopperInteraction === 'ContAuth' && MERCHANT_INITIATED_MODELS.has(body.recurringProcessingModel ?? ''),
    cardOnFileFields: { shopperInteraction: body.shopperInteraction, recurringProcessingModel: body.recurringProcessingModel },
    // A recorded CVC keeps its key with the value "[removed]": the key alone says one was sent.
    cvvSent: method?.cvc !== undefined || method?.encryptedSecurityCode !== undefined,
    buyerRef: body.shopperReference,
    // `enabled` (and /payments' storePaymentMethod true) stores with no checkbox; askForConsent lets Drop-in ask.
    saveWithoutAsking: body.storePaymentMethod === true || body.storePaymentMethodMode === 'enabled',
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const record = (value: unknown): Readonly<Record<string, unknown>> => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {})

/** The mock's default merchant account: `defaults` of `GET /__tokenproof/providers/adyen`. */
const defaults = (settings: Readonly<Record<string, unknown>>) => {
  const d = record(settings.defaults)
  return { merchantAccount: str(d.merchantAccount), apiKey: str(d.apiKey), hmacKey: str(d.hmacKey) }
}

export const adyenConformance: ConformanceProfile = {
  // Adyen's test environment picks pending and refused by the holder name, not the card number.
  cards: {
    pendingSuccess: { ...VISA, holderName: 'PENDING', behaviour: { kind: 'pending', settleAfterMs: adyenHolderNameTriggers.PENDING.settles.afterMs, then: 'success' }, label: 'Visa, holder PENDING: Received, then authorised' },
    decline: { ...VISA, holderName: 'DECLINED', behaviour: { kind: 'decline', code: 'Refused' }, label: 'Visa, holder DECLINED: Refused' },
  },
  flows: {
    pay: [
      // /payments with the card: the merchant's request carries the holder name that picks decline and pending.
      { flow: 'server_to_server_enabled', onPage: false, consent: 'merchant', faultOperation: 'payments' },
      // Drop-in on the merchant's page: the shopper types the card (holder name included) and ticks "save".
      { flow: 'session_ask_consent', onPage: true, consent: 'page' },
      // Drop-in without a checkbox (storePaymentMethodMode enabled): the merchant asked the buyer before.
      { flow: 'sdk_session', onPage: true, consent: 'merchant' },
    ],
    zeroAmountSave: 'zero_amount_save',
    reuse: 'token_reuse_pay',
    // The subscription charge with the stored token is a /payments call the merchant makes (and retries).
    reuseFaultOperation: 'payments',
  },
  amount: { currency: 'EUR', value: '1000' },
  // Merchant-initiated UnscheduledCardOnFile on /payments: no shopper, so no CVC (and none may be kept).
  reuseCvv: 'forbidden',
  // Adyen's test cards take 03/2030 and CVC 737 (Amex 7373); other values are declined.
  testCard: { expiryMonth: ADYEN_TEST_EXPIRY.month, expiryYear: ADYEN_TEST_EXPIRY.year.slice(2), cvv: ADYEN_TEST_CVC.default },
  // The names the reference's Adyen adapter expects (credentialNames): the mock's default account.
  credentials: (settings) => defaults(settings),
  // Encrypted card fields take `test_` values in the test environment (the mock reads those only).
  cvvAsSent: (field, cvv) => (field.startsWith('encrypted') ? `test_${cvv}` : cvv),
  notificationSetup(settings, notificationUrl) {
    // The webhook URL is a Customer Area setting. "Recurring details" is switched on so that an
    // Authorised /payments answer names the token: the integration must still wait for the webhook.
    return { ...defaults(settings), webhookUrl: notificationUrl, recurringDetailsInResponse: true }
  },
  buyerStep(buyerActionUrl, choice) {
    // The merchant's own page that mounts Drop-in: <merchant>/pay/adyen/<sessionId>.
    let segments: string[]
    try {
      segments = new URL(buyerActionUrl).pathname.split('/').filter((s) => s !== '')
    } catch {
      return undefined
    }
    const [pay, provider, sessionId] = segments.slice(-3)
    if (pay !== 'pay' || provider !== 'adyen' || sessionId === undefined) return undefined
    const card = choice.card
    // Drop-in sends encrypted fields; in the test environment the `test_` values are the plain ones.
    const paymentMethod = card
      ? {
          type: 'scheme',
          encryptedCardNumber: `test_${card.number}`,
          encryptedExpiryMonth: `test_${card.expiryMonth}`,
          encryptedExpiryYear: `test_20${card.expiryYear}`,
          encryptedSecurityCode: `test_${card.cvv}`,
          // Drop-in's card component has a holder name field: Adyen's test environment picks
          // refused and pending by it, so the shopper types the one the scenario's card names.
          ...(card.holderName !== undefined ? { holderName: card.holderName } : {}),
        }
      : undefined
    return { action: 'pay', body: { sessionId: decodeURIComponent(sessionId), ...(paymentMethod ? { paymentMethod } : {}), storePaymentMethod: choice.saveCard } }
  },
  // Adyen has no lookup of a payment by merchant reference; a session's result (GET
  // /sessions/{id}?sessionResult=…) is the one read of Adyen's own record of a payment.
  operations: { payment: ['payments', 'sessions'], inquiry: ['getSessionResult'] },
  faults: {
    // 422 101 Invalid card number: a documented validation error, final for the request as sent.
    nonRetryable: { type: 'resultCode', code: '101' },
    // 500 99_500 Error processing request, in Adyen's ServiceError body, before processing.
    unknownOutcome: { type: 'resultCode', code: '99_500' },
  },
  notifications: {
    // AUTHORISATION is the only event that carries the payment's result; RECURRING_CONTRACT carries
    // the token and comes in no guaranteed order with it (NOTES.md, Webhooks): it is the one held back.
    result: 'AUTHORISATION',
    mayArriveLate: { kind: 'RECURRING_CONTRACT', card: 'success', description: 'RECURRING_CONTRACT (the token) after AUTHORISATION (the result)' },
    // A company-level webhook signs every account's events with one HMAC key (NOTES.md, Webhooks).
    impostors: ['otherMerchant', 'otherAmount'],
  },
  paymentFacts,
  citations: {
    'TP-SAVE-001': TOKEN_WEBHOOK,
    'TP-SAVE-002': `${SEED}, Set parameters to flag transactions: storePaymentMethodMode askForConsent shows the shopper a checkbox; enabled stores without asking`,
    'TP-SAVE-003': `${SEED}, Result codes: "When you get the token, store it with your shopper reference so that you and the shopper can use it for recurring payments"`,
    'TP-STATUS-001': `${SEED}, Result codes: Pending — "Wait for the RECURRING_CONTRACT webhook that you get when the payment reaches the Authorised status"; ${RESEARCH} §1.9 (holder name PENDING answers Received)`,
    'TP-STATUS-002': `${WEBHOOKS}: the AUTHORISATION webhook carries the payment's final result (success "true"/"false")`,
    'TP-STATUS-003': `${SEED}, Result codes: Received and Pending are not final — wait for the webhook before fulfilling; ${RESEARCH} §1.9 (holder name PENDING answers Received)`,
    'TP-REUSE-004': `${SEED}, Pay with a token: the token is stored under the shopperReference that saved it; the merchant must only offer a shopper their own stored payment methods`,
    'TP-RETRY-005': `${RESEARCH} §1.2: the official Node library waits 30 000 ms (DEFAULT_TIMEOUT) for an answer; a client that gives up sooner turns slow answers into unknown outcomes`,
    'TP-RETRY-004': `${IDEMPOTENCY}; the Node library's default client timeout is 30 000 ms (${RESEARCH} §1.2): a call past it is an unknown outcome, resent under the same key`,
    'TP-NOTIFY-005': `${WEBHOOKS}: the item names merchantAccountCode, merchantReference and amount, all covered by the HMAC; a company-level webhook delivers every merchant account's events under one HMAC key`,
    'TP-ANSWER-001': `${RESEARCH} §1.5 and §1.7: Adyen does not sign API answers (only webhooks), so this rule has nothing to check here`,
    'TP-REUSE-001': SET_PARAMETERS,
    'TP-REUSE-002': `${PAY_WITH_TOKEN}: the CVC is for shopper-present CardOnFile payments only; "Do not store the CVC. Storing it violates PCI compliance rules."`,
    'TP-REUSE-003': `${SEED}, Pay with a token: shopperReference "Must be the same one you included with the request to create the token"`,
    'TP-RETRY-001': ERRORS,
    'TP-RETRY-002': `${IDEMPOTENCY}; a different body under the same key answers 422 704 (contracts/adyen/NOTES.md, Idempotency)`,
    'TP-RETRY-003': `${IDEMPOTENCY}; an unknown outcome is settled by resending under the same key or by the AUTHORISATION webhook`,
    'TP-NOTIFY-001': `${WEBHOOKS}, HMAC signature: HMAC-SHA256 with the hex-decoded key in additionalData.hmacSignature, to verify before acting`,
    'TP-NOTIFY-002': `${WEBHOOKS}: failed deliveries are retried for up to 30 days, so the same webhook (pspReference + eventCode) can arrive more than once`,
    'TP-NOTIFY-003': `${WEBHOOKS}; NOTES.md (Webhooks): AUTHORISATION and RECURRING_CONTRACT arrive in no guaranteed order`,
    'TP-NOTIFY-004': `${WEBHOOKS}, Acknowledgement: any 2xx within 10 seconds (formerly "[accepted]"), else the webhook is retried`,
    'TP-TOKEN-001': `${SEED}, Pay with a token; an unknown or deleted token answers 422 800 Contract not found (contracts/adyen/NOTES.md, Tokens and reuse)`,
    'TP-TOKEN-002': `${SEED}, Create a token: Adyen's tokens are for recurring use; a payment without storePaymentMethod creates none`,
    'TP-DATA-001': `${SEED}, Pay with a token: "Do not store the CVC. Storing it violates PCI compliance rules."`,
    'TP-DATA-002': `${SEED}, Set parameters to flag transactions: shopperReference — "Do not include personally identifiable information (PII), such as name or email address"`,
  },
  gaps: {},
}

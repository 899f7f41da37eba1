/**
 * What the conformance suites need to test an integration against Antom: which flows play which
 * part, how the buyer acts on the mock's pages, the faults to inject and how to read a pay or
 * createPaymentSession request. Citations point into seed 000 ("Antom Tokenization").
 */
import { z } from 'zod'
import type { ConformanceProfile, PaymentFacts, WireRequest } from '../core/conformance.ts'

const SEED = 'seed 000 "Antom Tokenization"'
const NOTIFY = `${SEED}, How to enable, step 2: the cardToken comes in the notifyPayment notification (https://docs.antom.com/ac/ams/paymentrn_online.md)`
const REUSE = `${SEED}, Payment flow after card binding: paymentMethod.paymentMethodId = cardToken and paymentMethodMetaData.isCardOnFile = true (https://docs.antom.com/ac/pm/cof.md)`
const RESULTS = 'Antom API result handling: S success, F failure (do not retry), U unknown (retry with the same paymentRequestId or call inquiryPayment) — https://docs.antom.com/ac/ams/api_fund'
const SIGNING = 'Antom signature: every notification carries an RSA256 signature to verify with the Antom public key — https://docs.antom.com/ac/ams/digital_signature'

const MetaData = z.looseObject({
  isCardOnFile: z.unknown().optional(),
  cvv: z.unknown().optional(),
  tokenizeMode: z.string().optional(),
})
const PaymentMethod = z.looseObject({ paymentMethodId: z.string().optional(), paymentMethodMetaData: MetaData.optional() })
// Loose: the suites read a handful of fields of whatever the integration sent, valid or not.
const Request = z.looseObject({
  paymentRequestId: z.string().optional(),
  paymentMethod: PaymentMethod.optional(),
  savedPaymentMethods: z.array(PaymentMethod).optional(),
  availablePaymentMethod: z.looseObject({ paymentMethodMetaData: MetaData.optional() }).optional(),
  order: z.looseObject({ buyer: z.looseObject({ referenceBuyerId: z.string().optional() }).optional() }).optional(),
})

const truthy = (value: unknown): boolean => value === true || value === 'true'

function paymentFacts(request: WireRequest): PaymentFacts {
  const parsed = Request.safeParse(request.body)
  if (!parsed.success) return { cardOnFile: false, cvvSent: false, saveWithoutAsking: false }
  const body = parsed.data
  const meta = body.paymentMethod?.paymentMethodMetaData
  const sessionMeta = body.availablePaymentMethod?.paymentMethodMetaData
  return {
    idempotencyKey: body.paymentRequestId,
    tokenUsed: body.paymentMethod?.paymentMethodId ?? body.savedPaymentMethods?.[0]?.paymentMethodId,
    cardOnFile: truthy(meta?.isCardOnFile) || truthy(sessionMeta?.isCardOnFile),
    cardOnFileFields: { isCardOnFile: meta?.isCardOnFile ?? sessionMeta?.isCardOnFile },
    cvvSent: meta?.cvv !== undefined,
    buyerRef: body.order?.buyer?.referenceBuyerId,
    // ENABLED saves the card with no question to the buyer; ASKFORCONSENT lets Antom's page ask.
    saveWithoutAsking: meta?.tokenizeMode === 'ENABLED' || sessionMeta?.tokenizeMode === 'ENABLED',
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

export const antomConformance: ConformanceProfile = {
  flows: {
    pay: [
      { flow: 'server_to_server_enabled', onPage: false, consent: 'merchant', faultOperation: 'pay' },
      // Antom's checkout page asks the buyer (tokenizeMode ASKFORCONSENT) and makes the payment itself.
      { flow: 'session_ask_consent', onPage: true, consent: 'page' },
    ],
    reuse: 'token_reuse_pay',
  },
  amount: { currency: 'HKD', value: '1000' },
  reuseCvv: 'forbidden',
  testCard: { expiryMonth: '12', expiryYear: '30', cvv: '123' },
  credentials: (settings) => ({ clientId: str(settings.clientId), merchantPrivateKey: str(settings.merchantPrivateKey), antomPublicKey: str(settings.antomPublicKey) }),
  buyerStep(buyerActionUrl, choice) {
    const [kind, id] = new URL(buyerActionUrl).pathname.split('/').slice(-2)
    if (id === undefined) return undefined
    const card = choice.card ? { card: choice.card } : {}
    if (kind === 'checkout') return { action: 'pay', body: { paymentSessionId: id, ...card, saveCard: choice.saveCard } }
    if (kind === 'payments') return { action: 'pay', body: { paymentId: id, ...card, saveCard: choice.saveCard } }
    if (kind === 'challenge') return { action: 'authenticate', body: { paymentId: id } }
    return undefined
  },
  operations: { payment: ['pay', 'createPaymentSession'], inquiry: ['inquiryPayment'] },
  faults: {
    nonRetryable: { type: 'resultCode', code: 'PARAM_ILLEGAL' },
    unknownOutcome: { type: 'resultCode', code: 'UNKNOWN_EXCEPTION' },
  },
  notifications: {
    // PAYMENT_PENDING and PAYMENT_RESULT are both notifyPayment; a pending payment sends the first
    // before the second, and they can cross: the pending one is held back.
    result: 'notifyPayment',
    mayArriveLate: { kind: 'notifyPayment', card: 'pendingSuccess', description: 'PAYMENT_PENDING after PAYMENT_RESULT' },
    // Antom signs every notification with its one key over the Client-Id and the body.
    impostors: ['otherMerchant', 'otherAmount'],
  },
  // Every Antom answer carries a Signature header over the raw body (digital_signature).
  answersSigned: true,
  paymentFacts,
  citations: {
    'TP-SAVE-001': NOTIFY,
    'TP-SAVE-002': `${SEED}, After-payment card binding: tokenizeMode ASKFORCONSENT lets the buyer choose; ENABLED stores the card`,
    'TP-SAVE-003': NOTIFY,
    'TP-STATUS-001': `${RESULTS}; PAYMENT_IN_PROCESS is not a failure`,
    'TP-STATUS-002': NOTIFY,
    'TP-STATUS-003': `${RESULTS}; PAYMENT_IN_PROCESS (U) is not a success: only the notification or an inquiry says S`,
    'TP-REUSE-004': `${SEED}, How to enable, step 2: the cardToken is associated with the buyer (referenceBuyerId) who bound it`,
    'TP-RETRY-005': `${RESULTS}; Antom documents no answer time for its API, so this rule has nothing to check here`,
    'TP-RETRY-004': `${RESULTS}; a call without an answer is an unknown outcome, resolved with the same paymentRequestId or inquiryPayment`,
    'TP-NOTIFY-005': `${SIGNING}: the signature covers the Client-Id header with the body (paymentRequestId, paymentAmount), so a notification signed for another Client-Id or another amount verifies and is still not this order's`,
    'TP-ANSWER-001': 'Antom signature: every API answer carries Client-Id, Response-Time and Signature headers, verified with the Antom public key over the raw body — https://docs.antom.com/ac/ams/digital_signature',
    'TP-REUSE-001': REUSE,
    'TP-REUSE-002': `${REUSE}; the reuse request carries no cvv`,
    'TP-REUSE-003': `${SEED}, How to enable, step 2: associate the card token with the buyer (order.buyer.referenceBuyerId)`,
    'TP-RETRY-001': RESULTS,
    'TP-RETRY-002': `${RESULTS}; a different body under the same paymentRequestId answers REPEAT_REQ_INCONSISTENT`,
    'TP-RETRY-003': RESULTS,
    'TP-NOTIFY-001': SIGNING,
    'TP-NOTIFY-002': 'Antom notifyPayment: Antom resends a notification until it is acknowledged, so the same one can arrive more than once — https://docs.antom.com/ac/ams/paymentrn_online.md',
    'TP-NOTIFY-003': 'Antom notifyPayment: PAYMENT_PENDING and PAYMENT_RESULT are separate notifications (notifyType)',
    'TP-NOTIFY-004': 'Antom notifyPayment: acknowledge with {"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}, else Antom resends up to 8 times over 25 hours',
    'TP-TOKEN-001': `${SEED}, Payment flow after card binding; an invalid cardToken answers INVALID_PAYMENT_METHOD_META_DATA (contracts/antom/NOTES.md)`,
  },
  gaps: {},
}

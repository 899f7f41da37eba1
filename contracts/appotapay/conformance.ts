/**
 * What the conformance suites need to test an integration against AppotaPay's merchant-hosted card
 * API: Token Create (SINGLE or MULTIPLE), 3DS enrollment, then a charge by tokenId; Get Charge reads
 * a charge's outcome. AppotaPay sends no notifications on this API, so the notification scenarios
 * are gaps, and the save is confirmed by reading AppotaPay's own record (see NOTES.md, "Conformance
 * profile"). Citations point into seed 004 ("Token Create") and research/adyen-appota.md part 2.
 */
import { z } from 'zod'
import type { ConformanceProfile, PaymentFacts, WireRequest } from '../core/conformance.ts'

const SEED = 'seed 004 "Token Create"'
const DOCS = 'https://docs.appotapay.com/en/cc-merchant-host'
const RESEARCH = 'research/adyen-appota.md part 2'
const TOKEN_TYPE = `${SEED}, Request Params: tokenType SINGLE "token can only be paid once", MULTIPLE "token can be paid many times"`
const CHARGE = `Charge Create (${DOCS}/charge-create): tokenId and authenticationId, capture; the answer's status AUTHORIZED or CAPTURED (${RESEARCH} §2.3)`
const GET_CHARGE = `Get Charge (${DOCS}/charge-get): GET /credit-card/charge/:merchantRefId?referenceType=MERCHANT_REFERENCE_ID reads AppotaPay's record of a charge (${RESEARCH} §2.3)`
const ERRORS = `error answers: non-200 with {errorCode, message, errors[]}; 1 Missing or Invalid Params, 99 Undefined error, 500 Server error, 3002 Duplicate reference code of partner (${DOCS}/error-code-api; ${RESEARCH} §2.4–2.5)`
const NO_IPN = `AppotaPay documents no IPN for the merchant-hosted card API: results are synchronous, plus the 3DS return redirect (${RESEARCH} §2.6)`

// Loose: the suites read a handful of fields of whatever the integration sent, valid or not.
const Request = z.looseObject({
  merchantRefId: z.string().optional(),
  tokenId: z.string().optional(),
  tokenType: z.string().optional(),
  cvv: z.unknown().optional(),
  card: z.looseObject({ cvv: z.unknown().optional() }).optional(),
})

function paymentFacts(request: WireRequest): PaymentFacts {
  const parsed = Request.safeParse(request.body)
  // AppotaPay has no card-on-file / stored-credential flag: a charge by tokenId is all there is.
  if (!parsed.success) return { cardOnFile: true, cvvSent: false, saveWithoutAsking: false }
  const body = parsed.data
  return {
    // AppotaPay refuses a reused merchantRefId (3002): it is what makes a retry safe.
    idempotencyKey: body.merchantRefId,
    tokenUsed: body.tokenId,
    cardOnFile: true,
    // Recorded exchanges keep a CVV's key with the value "[removed]".
    cvvSent: body.cvv !== undefined || body.card?.cvv !== undefined,
    // AppotaPay's card API has no buyer / customer reference field.
    buyerRef: undefined,
    // A MULTIPLE token is a card kept for later payments; a Token Create request is the only place it is asked for.
    saveWithoutAsking: body.tokenType === 'MULTIPLE',
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

export const appotapayConformance: ConformanceProfile = {
  flows: { pay: [{ flow: 'vaulting_direct', onPage: false, consent: 'merchant', faultOperation: 'charge' }], reuse: 'token_reuse_pay' },
  // VND has no minor unit: 50 000 VND (the capture minimum is 1 000 VND).
  amount: { currency: 'VND', value: '50000' },
  reuseCvv: 'forbidden',
  testCard: { expiryMonth: '12', expiryYear: '30', cvv: '123' },
  credentials: (settings) => ({ partnerCode: str(settings.partnerCode), apiKey: str(settings.apiKey), secretKey: str(settings.secretKey) }),
  buyerStep(buyerActionUrl) {
    // The enrollment's deviceDataCollectionUrl: <base>/acpg/credit-card/authenticate?id=<authenticationId>&signature=…
    if (!URL.canParse(buyerActionUrl)) return undefined
    const url = new URL(buyerActionUrl)
    const id = url.searchParams.get('id')
    if (!url.pathname.endsWith('/credit-card/authenticate') || id === null || id === '') return undefined
    return { action: 'authenticate', body: { authenticationId: id, passed: true } }
  },
  // Only a charge moves money: Token Create and the 3DS enrollment do not.
  operations: { payment: ['charge'], inquiry: ['getCharge'] },
  faults: {
    nonRetryable: { type: 'resultCode', code: '1' },
    unknownOutcome: { type: 'httpStatus', status: 503 },
  },
  // No paymentNotification: AppotaPay sends none; the suites skip the notification scenarios.
  paymentFacts,
  citations: {
    'TP-SAVE-001': `${NO_IPN}; so a MULTIPLE token counts as saved only once AppotaPay's own record confirms a successful charge with it: ${GET_CHARGE}`,
    'TP-SAVE-002': `${TOKEN_TYPE}; a MULTIPLE token is a card kept for later payments, so it needs the buyer's consent`,
    'TP-SAVE-003': `${SEED}: "You can use the tokenId in Authentication API and Charge API"; ${GET_CHARGE}`,
    'TP-STATUS-001': `${ERRORS}; 99 and 500 leave the outcome unknown, to be read with Get Charge`,
    'TP-STATUS-002': `${CHARGE}; ${GET_CHARGE}`,
    'TP-STATUS-003': `${CHARGE}: only AUTHORIZED or CAPTURED is a success (${RESEARCH} §2.3)`,
    'TP-REUSE-004': `${SEED}: a tokenId is the merchant's reference to one cardholder's card; AppotaPay's card API carries no buyer reference, so the merchant alone keeps whose card it is (${RESEARCH} §2.3)`,
    'TP-RETRY-005': `${RESEARCH} §2.3: AppotaPay documents no answer time, so this rule has nothing to check here`,
    'TP-RETRY-004': `${ERRORS}; a charge without an answer is resolved with Get Charge by merchantRefId (${RESEARCH} §2.3)`,
    'TP-NOTIFY-005': NO_IPN,
    'TP-ANSWER-001': `${RESEARCH} §2.4: AppotaPay's card API answers are not signed, so this rule has nothing to check here`,
    'TP-REUSE-001': `${CHARGE}; chargeType BY_MULTIPLE_TOKEN. AppotaPay has no card-on-file / stored-credential flag: the tokenId is the whole of it`,
    'TP-REUSE-002': `${SEED}: the CVV is a Token Create field only; Charge Create has none (${DOCS}/charge-create)`,
    'TP-REUSE-003': `${SEED}: tokenId identifies the card; AppotaPay's card API has no buyer reference to bind it to`,
    'TP-RETRY-001': `${ERRORS}; errorCode 1 and the card refusals (3012, 3033, 3034) are decisions, not outages`,
    'TP-RETRY-002': `${SEED}, merchantRefId "Reference ID you can use to identify the transaction"; a second charge under the same merchantRefId answers 3002 (${ERRORS})`,
    'TP-RETRY-003': `${ERRORS}; ${GET_CHARGE}`,
    'TP-NOTIFY-001': NO_IPN,
    'TP-NOTIFY-002': NO_IPN,
    'TP-NOTIFY-003': NO_IPN,
    'TP-NOTIFY-004': NO_IPN,
    'TP-TOKEN-001': `Token Delete (${DOCS}/token-delete); a deleted or unknown tokenId answers 3004 Payment method not exist (${RESEARCH} §2.5; contracts/appotapay/NOTES.md)`,
    'TP-TOKEN-002': `${TOKEN_TYPE}; a used SINGLE token answers 3012 Payment method is invalid (contracts/appotapay/NOTES.md)`,
    'TP-DATA-001': `${SEED}: the card number and CVV go to Token Create only; the merchant keeps the tokenId and the masked number`,
    'TP-DATA-002': `${SEED}: customer and billing are cardholder data for 3DS, not a reference; AppotaPay's card API has no buyer reference`,
  },
  gaps: {},
}

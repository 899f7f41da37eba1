import { z } from 'zod'
import { ADYEN_IGNORED_FIELDS } from '../../contracts/adyen/generated/ignored-fields.ts'
import { adyenContract } from '../../contracts/adyen/index.ts'
import { adyenErrorCodes, adyenResultCodes, type AdyenErrorCodeId, type AdyenResultCode } from '../../contracts/adyen/result-codes.ts'
import {
  CardDetails,
  type DeleteStoredPaymentMethodQuery,
  type ListStoredPaymentMethodsQuery,
  type SessionResultQuery,
  type CreateCheckoutSessionRequest,
  type ListStoredPaymentMethodsResponse,
  type PaymentDetailsRequest,
  type PaymentMethodsRequest,
  type PaymentRequest,
  type DisableRequest,
  type NotifyShopperRequest,
  type RecurringDetailsRequest,
  type ScheduleAccountUpdaterRequest,
} from '../../contracts/adyen/schemas.ts'
import { fingerprintOf } from '../engine/idempotency.ts'
import type { JsonParse } from '../engine/json-limits.ts'
import type { BuyerAction, HttpMethod, ProviderMock, ProviderMockFactory, MockRequest, RouteCall, RouteSpec } from '../engine/provider-mock.ts'
import { shopperTokens, storedResourceOf, usableToken } from './cards.ts'
import { PROVIDER_ID, type AdyenContext, type AdyenPayment } from './context.ts'
import { AdyenMerchantInput, AdyenMerchants, DEFAULT_API_KEY, DEFAULT_HMAC_KEY, DEFAULT_MERCHANT_ACCOUNT, type AdyenMerchant } from './merchants.ts'
import { disable, listRecurringDetails, notifyShopper, scheduleAccountUpdater } from './recurring.ts'
import { adyenPageLinks, adyenPages } from './pages.ts'
import { createSession, paymentMethods, payments, paymentsDetails, sessionResult, shopperAuthenticates, shopperPays, shopperSubmitsDetails } from './payments.ts'
import { adyenResponse, authenticate, checkAccount, parseInput, serviceError, type Answer } from './wire.ts'

type OperationName = keyof typeof adyenContract.operations

/**
 * Checkout API versions served. The library v32 calls v72 and v71 is still in wide use; older
 * versions share these paths. Each is a literal prefix (`/v72/…` on the test host, `/checkout/v72/…`
 * on live hosts) so no other provider's `/v1/`, `/v2/` paths are claimed (NOTES.md).
 */
export const ADYEN_API_VERSIONS = Array.from({ length: 72 - 64 + 1 }, (_, i) => 64 + i)
const CHECKOUT_PREFIXES = ADYEN_API_VERSIONS.flatMap((v) => [`/v${v}/`, `/checkout/v${v}/`])
/** Recurring API versions Adyen published from v25 to v68; every one shares v68's paths for these operations. */
export const ADYEN_RECURRING_VERSIONS = [25, 30, 40, 49, 67, 68] as const
/** The pal host (`pal-test.adyen.com`, live `…-pal-live.adyenpayments.com`) and the tokenization host (`paltokenization-test.adyen.com`). */
const RECURRING_ROOTS = ['/pal/servlet/Recurring', '/paltokenization/servlet/Recurring'] as const
const RECURRING_PREFIXES = RECURRING_ROOTS.flatMap((root) => ADYEN_RECURRING_VERSIONS.map((v) => `${root}/v${v}/`))
/** Everything under the servlet roots is Adyen's: an unknown servlet or version is answered in Adyen's shape. */
const PREFIXES = [...CHECKOUT_PREFIXES, '/pal/servlet/', '/paltokenization/servlet/']
const RECURRING_PATH = /^\/pal\/servlet\/Recurring\/v68/
const pathsOf = (name: OperationName): string[] => {
  const path = adyenContract.operations[name].path
  if (RECURRING_PATH.test(path)) {
    const tail = path.replace(RECURRING_PATH, '')
    return RECURRING_PREFIXES.map((prefix) => `${prefix.slice(0, -1)}${tail}`)
  }
  const tail = path.replace(/^\/v72/, '')
  return CHECKOUT_PREFIXES.map((prefix) => `${prefix.slice(0, -1)}${tail}`)
}

/** Idempotency-Key is at most 64 characters (api-idempotency). */
const IDEMPOTENCY_KEY_MAX = 64

const asResultCode = (code: string | undefined): AdyenResultCode | undefined => (code !== undefined && code in adyenResultCodes ? (code as AdyenResultCode) : undefined)
const asErrorCode = (code: string | undefined): AdyenErrorCodeId | undefined => (code !== undefined && code in adyenErrorCodes ? (code as AdyenErrorCodeId) : undefined)

const get = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((current, key) => (current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined), value)

/** The card number a call is about (raw or `test_`), for scenario rules. */
const cardOfBody = (body: unknown): string | undefined => {
  const raw = get(body, ['paymentMethod', 'number']) ?? get(body, ['paymentMethod', 'encryptedCardNumber'])
  return typeof raw === 'string' ? raw.replace(/^test_/, '') : undefined
}

const DropInPay = z.object({
  sessionId: z.string().min(1),
  paymentMethod: CardDetails.optional(),
  storePaymentMethod: z.boolean().optional(),
})

/** The Adyen mock: Checkout API (sessions, payments, stored payment methods), Recurring API and HMAC-signed standard webhooks. */
const ShopperAuthentication = z.object({ pspReference: z.string().min(1), passed: z.boolean() })
const DropInDetails = z.object({ sessionId: z.string().min(1), redirectResult: z.string().min(1) })

export const adyenMock: ProviderMockFactory = ({ engine, baseUrl }) => {
  const merchants = new AdyenMerchants()
  // The redirect keys of a payment (its 3DS MD and redirectResult) go with it: left behind, they would
  // outlive it until the table's own bound pushed them out.
  const forgetRedirects = (payment: AdyenPayment): void => {
    for (const key of [payment.redirect?.md, payment.redirect?.redirectResult]) if (key !== undefined && context.redirects.get(key) === payment.pspReference) context.redirects.delete(key)
  }
  // Bounded like the store's payments and tokens they hang off (mocks/engine/retention.ts).
  const context: AdyenContext = {
    engine,
    merchants,
    sessions: engine.sideTable('adyen.sessions', 'payments'),
    payments: engine.sideTable<string, AdyenPayment>('adyen.payments', 'payments', (_, payment) => forgetRedirects(payment)),
    contracts: engine.sideTable('adyen.contracts', 'tokens'),
    // Two keys per payment (the 3DS MD and the redirectResult), both naming its pspReference.
    redirects: engine.sideTable('adyen.redirects', 'payments', undefined, 2),
    baseUrl,
  }
  // Sessions, payments and recurring contracts go with the store's records of the same id.
  engine.onEvict((id) => {
    context.sessions.delete(id)
    const payment = context.payments.get(id)
    if (payment) forgetRedirects(payment)
    context.payments.delete(id)
    context.contracts.delete(id)
  })

  interface Operation<Req> {
    readonly name: OperationName
    readonly method: HttpMethod
    /** Reads the request: the JSON body, or the path and query for GET and DELETE. */
    readonly input: (call: RouteCall) => JsonParse
    /** The merchant account the request names; undefined where the API takes the key's own. */
    readonly merchantAccountOf: (request: Req) => string | undefined
    readonly idempotent: boolean
    readonly cardOf?: (body: unknown) => string | undefined
    run(merchant: AdyenMerchant, request: Req, forced: AdyenResultCode | undefined): Answer
  }

  const route = <Req>(op: Operation<Req>): RouteSpec => {
    const schema = adyenContract.operations[op.name].request as z.ZodType<Req>
    return {
      method: op.method,
      paths: pathsOf(op.name),
      operation: op.name,
      ...(op.cardOf ? { cardOf: op.cardOf } : {}),
      async handle(call) {
        const key = op.idempotent ? call.request.headers.get('idempotency-key') : null
        const answer = async (): Promise<Answer> => {
          const auth = authenticate(call.request, merchants)
          if (!auth.ok) return auth.answer
          const forcedError = asErrorCode(call.forcedCode)
          if (forcedError) return serviceError(forcedError)
          if (call.forcedCode !== undefined && !asResultCode(call.forcedCode)) return serviceError('99_500', `${call.forcedCode} (injected by a Tokenproof scenario)`)
          if (key !== null && key.length > IDEMPOTENCY_KEY_MAX) return serviceError('701', `Idempotency-Key is longer than ${IDEMPOTENCY_KEY_MAX} characters.`)
          const parsed = parseInput(op.input(call), schema)
          if (!parsed.ok) return parsed.answer
          const account = op.merchantAccountOf(parsed.value)
          const wrongAccount = account === undefined ? undefined : checkAccount(auth.merchant, account)
          if (wrongAccount) return wrongAccount
          const run = (): Answer => op.run(auth.merchant, parsed.value, asResultCode(call.forcedCode))
          if (key === null) return run()
          const outcome = await engine.idempotency.run(`${PROVIDER_ID}:${auth.merchant.merchantAccount}`, key, fingerprintOf({ operation: op.name, body: parsed.json }), async () => {
            const value = run()
            // Only processed requests are kept: an error answer may be retried with the same key.
            return { value, keep: value.status < 400 }
          })
          return outcome.kind === 'conflict' ? serviceError('704', `Request already processed or in progress: Idempotency-Key ${key} was used with a different request.`) : outcome.value
        }
        return adyenResponse(await answer(), key)
      },
    }
  }

  const jsonBody = (call: RouteCall): JsonParse => call.json()
  const queryOf = (call: RouteCall): JsonParse => ({ ok: true, value: { ...Object.fromEntries(call.url.searchParams), ...call.params } })

  const routes: RouteSpec[] = [
    route<CreateCheckoutSessionRequest>({
      name: 'sessions',
      method: 'POST',
      input: jsonBody,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: true,
      run: (merchant, r) => createSession(context, merchant, r),
    }),
    route<SessionResultQuery>({
      name: 'getSessionResult',
      method: 'GET',
      input: queryOf,
      merchantAccountOf: () => undefined,
      idempotent: false,
      run: (merchant, r) => sessionResult(context, merchant, r.sessionId),
    }),
    route<PaymentRequest>({
      name: 'payments',
      method: 'POST',
      input: jsonBody,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: true,
      cardOf: cardOfBody,
      run: (merchant, r, forced) => payments(context, merchant, r, forced),
    }),
    route<PaymentDetailsRequest>({
      name: 'paymentsDetails',
      method: 'POST',
      input: jsonBody,
      merchantAccountOf: () => undefined,
      idempotent: true,
      run: (merchant, r) => paymentsDetails(context, merchant, r),
    }),
    route<PaymentMethodsRequest>({
      name: 'paymentMethods',
      method: 'POST',
      input: jsonBody,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: true,
      run: (merchant, r) => paymentMethods(context, merchant, r),
    }),
    route<ListStoredPaymentMethodsQuery>({
      name: 'listStoredPaymentMethods',
      method: 'GET',
      input: queryOf,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: false,
      run: (merchant, r) => {
        const body: ListStoredPaymentMethodsResponse = {
          merchantAccount: merchant.merchantAccount,
          shopperReference: r.shopperReference,
          storedPaymentMethods: shopperTokens(context, merchant.merchantAccount, r.shopperReference).map((t) => storedResourceOf(context, t)),
        }
        return { status: 200, body }
      },
    }),
    route<DeleteStoredPaymentMethodQuery>({
      name: 'deleteStoredPaymentMethod',
      method: 'DELETE',
      input: queryOf,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: false,
      run: (merchant, r) => {
        const token = usableToken(context, merchant.merchantAccount, r.shopperReference, r.storedPaymentMethodId)
        if (!token) return serviceError('803', `PaymentDetail not found: no stored payment method ${r.storedPaymentMethodId} for this shopperReference.`)
        token.status = 'deleted'
        return { status: 204, body: undefined }
      },
    }),
    route<RecurringDetailsRequest>({
      name: 'listRecurringDetails',
      method: 'POST',
      input: jsonBody,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: true,
      run: (merchant, r) => listRecurringDetails(context, merchant, r),
    }),
    route<DisableRequest>({
      name: 'disable',
      method: 'POST',
      input: jsonBody,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: true,
      run: (merchant, r) => disable(context, merchant, r),
    }),
    route<NotifyShopperRequest>({
      name: 'notifyShopper',
      method: 'POST',
      input: jsonBody,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: true,
      run: (merchant, r) => notifyShopper(context, merchant, r),
    }),
    route<ScheduleAccountUpdaterRequest>({
      name: 'scheduleAccountUpdater',
      method: 'POST',
      input: jsonBody,
      merchantAccountOf: (r) => r.merchantAccount,
      idempotent: true,
      run: (merchant, r) => scheduleAccountUpdater(context, merchant, r),
    }),
  ]
  const buyerActions: Record<string, BuyerAction> = {
    pay: {
      description:
        'The shopper pays in Drop-in for a session (sessionId): a new card in paymentMethod (raw or test_ encrypted fields) with the "save" checkbox in storePaymentMethod, or a stored card (paymentMethod.storedPaymentMethodId with encryptedSecurityCode). Returns resultCode and sessionResult.',
      input: DropInPay,
      run: async (input) => {
        const v = DropInPay.parse(input)
        const rule = engine.scenarios.isEmpty() ? undefined : engine.scenarios.take({ provider: PROVIDER_ID, operation: 'payments', card: cardOfBody(v) })
        const forced = rule?.effect.type === 'resultCode' ? asResultCode(rule.effect.code) : undefined
        return shopperPays(context, v, forced)
      },
    },
    authenticate: {
      description:
        'The shopper answers the 3D Secure challenge of the redirect page a RedirectShopper action.url opens (pspReference, passed). Returns redirectUrl: the returnUrl with redirectResult (and sessionId for a session payment), which /payments/details then completes.',
      input: ShopperAuthentication,
      run: (input) => Promise.resolve(shopperAuthenticates(context, ShopperAuthentication.parse(input))),
    },
    details: {
      description:
        "Drop-in's submitDetails for a session payment back from its redirect (sessionId, redirectResult from the returnUrl): completes the payment as /payments/details does and returns resultCode and sessionResult.",
      input: DropInDetails,
      run: (input) => Promise.resolve(shopperSubmitsDetails(context, DropInDetails.parse(input))),
    },
  }

  const wireError = (request: MockRequest, code: AdyenErrorCodeId, detail?: string): Response => adyenResponse(serviceError(code, detail), request.headers.get('idempotency-key'))

  const mock: ProviderMock = {
    id: PROVIDER_ID,
    contract: adyenContract,
    prefixes: PREFIXES,
    routes,
    ignoredFields: ADYEN_IGNORED_FIELDS,
    buyerActions,
    pages: adyenPages(context),
    pageLinks: adyenPageLinks(context),
    wireErrors: {
      bodyTooLarge: (request) => wireError(request, '00_413', `The request body is larger than ${engine.maxBodyBytes} bytes.`),
      noRoute: (request, reason) =>
        reason === 'unknown_path' ? wireError(request, '00_404', `Not Found: ${new URL(request.url).pathname}`) : wireError(request, '00_405', `Method ${request.method} is not allowed here.`),
      malformed: (request, reason) => wireError(request, '702', `Unable to parse the request: ${reason}`),
      resultCode: (request, code) => wireError(request, asErrorCode(code) ?? '99_500'),
    },
    describe: (base) => ({
      baseUrls: { test: `${base}/v72`, testV71: `${base}/v71`, live: `${base}/checkout/v72`, recurring: `${base}/pal/servlet/Recurring/v68`, recurringTokenization: `${base}/paltokenization/servlet/Recurring/v68` },
      versions: ADYEN_API_VERSIONS.map((v) => `v${v}`),
      recurringVersions: ADYEN_RECURRING_VERSIONS.map((v) => `v${v}`),
      apiKeyHeader: 'X-API-Key',
      merchants: merchants.list().map((m) => describeMerchant(m)),
      defaults: { merchantAccount: DEFAULT_MERCHANT_ACCOUNT, apiKey: DEFAULT_API_KEY, hmacKey: DEFAULT_HMAC_KEY },
      webhooks: {
        format: 'standard webhook: {live, notificationItems[].NotificationRequestItem}, HMAC-SHA256 (hex key) in additionalData.hmacSignature',
        acknowledgement: 'any 2xx within 10 s',
        retryScheduleMs: adyenContract.retrySchedule.delaysMs,
      },
    }),
    merchantInput: AdyenMerchantInput,
    registerMerchant: (input) => describeMerchant(merchants.register(AdyenMerchantInput.parse(input))),
  }
  return mock
}

/** A merchant as the control API shows it: the HMAC key is a test key, the API key is not echoed. */
function describeMerchant(m: AdyenMerchant): Record<string, unknown> {
  return {
    merchantAccount: m.merchantAccount,
    hmacKey: m.hmacKey,
    webhookUrl: m.webhookUrl ?? null,
    webhookBasicAuth: m.webhookBasicAuth ? { username: m.webhookBasicAuth.username } : null,
    skipCvcForOneClick: m.skipCvcForOneClick,
    recurringDetailsInResponse: m.recurringDetailsInResponse,
    requireAcceptedBody: m.requireAcceptedBody,
  }
}

export { DEFAULT_API_KEY, DEFAULT_HMAC_KEY, DEFAULT_MERCHANT_ACCOUNT } from './merchants.ts'

import { z } from 'zod'
import { pivotContract } from '../../contracts/pivot/index.ts'
import { AccessTokenRequest, ConfirmPaymentSessionRequest, CreatePaymentSessionRequest } from '../../contracts/pivot/schemas.ts'
import { Hs256Verifier } from '../engine/hs256.ts'
import { fingerprintOf } from '../engine/idempotency.ts'
import type { BuyerAction, HttpMethod, ProviderMock, ProviderMockFactory, RouteCall, RouteSpec } from '../engine/provider-mock.ts'
import { pivotPageLinks, pivotPages } from './pages.ts'
import { DEFAULT_MERCHANT, PivotMerchantInput, PivotMerchants, type PivotMerchant } from './merchants.ts'
import { buyerAuthenticates, buyerPaysOnPage, confirmPaymentSession, createPaymentSession, getPaymentSession, PivotState, PROVIDER_ID, retrieveCustomer, type Answer } from './sessions.ts'
import { ACCESS_TOKEN_TTL_S, authenticate, cardEncryptionKey, detailsOf, errorResponse, isErrorCode, issueAccessToken, okResponse, unsealCards } from './wire.ts'
import { jsonProblemOf } from '../engine/json-limits.ts'

type OperationName = keyof typeof pivotContract.operations

const PayOnPage = z
  .object({
    paymentSessionId: z.string().min(1),
    card: z
      .object({
        number: z.string().regex(/^\d{13,19}$/),
        expiryMonth: z.string().regex(/^(0[1-9]|1[0-2])$/),
        expiryYear: z.string().regex(/^\d{4}$/),
        cvc: z.string().regex(/^\d{3,4}$/),
        cardholderName: z.string().max(100).optional(),
      })
      .optional(),
    /** A stored payment method's token, shown because the session has showSavedPayment. */
    savedToken: z.string().optional(),
    cvc: z.string().regex(/^\d{3,4}$/).optional(),
    /** The "Save for future use" box. */
    saveForFutureUse: z.boolean().default(false),
    /** Whether the buyer passes the 3DS challenge, when the card asks for one. */
    passThreeDs: z.boolean().default(true),
  })
  .refine((v) => (v.card === undefined) !== (v.savedToken === undefined), 'give either card or savedToken')

const Authenticate = z.object({ paymentSessionId: z.string().min(1), passed: z.boolean().default(true) })

function get(value: unknown, path: readonly string[]): unknown {
  let current = value
  for (const key of path) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined
  return current
}

/** The Pivot mock: access tokens, Payment Sessions, customers and callbacks over the shared engine. */
export const pivotMock: ProviderMockFactory = ({ engine, baseUrl }) => {
  const merchants = new PivotMerchants()
  const state = new PivotState(engine, baseUrl)
  // Signatures already checked, per mock: bounded like the exchanges that carried them.
  const tokens = new Hs256Verifier(engine.sideTable('pivot.verifiedTokens', 'exchanges'))
  const now = () => engine.clock.now()
  const trace = () => `trace-${engine.nextId('').slice(-8)}`
  const fail = (code: Parameters<typeof errorResponse>[0], field: string, message: string) => errorResponse(code, [{ field, message }], trace())
  const answer = (result: Answer<unknown>): Response => (result.ok ? okResponse(result.data) : errorResponse(result.code, result.details, trace()))

  /** Reads a JSON body with a schema; the error answer when it is not one. */
  const readBody = <T>(call: RouteCall, schema: z.ZodType<T>): { ok: true; value: T; json: unknown } | { ok: false; response: Response } => {
    if (!/^application\/json\b/i.test(call.request.headers.get('content-type')?.trim() ?? '')) return { ok: false, response: fail('400100001', 'Content-Type', 'must be application/json') }
    const json = call.json()
    if (!json.ok) return { ok: false, response: fail('400100001', '(body)', jsonProblemOf(json.error, 'the body is not valid JSON')) }
    const parsed = schema.safeParse(json.value)
    if (!parsed.success) return { ok: false, response: errorResponse('400100001', detailsOf(parsed.error), trace()) }
    return { ok: true, value: parsed.data, json: json.value }
  }

  const route = (name: OperationName, handle: (call: RouteCall, merchant: PivotMerchant) => Promise<Response> | Response, cardOf?: RouteSpec['cardOf']): RouteSpec => {
    const operation = pivotContract.operations[name]
    return {
      method: operation.method as HttpMethod,
      paths: [operation.path],
      operation: name,
      ...(cardOf ? { cardOf } : {}),
      async handle(call) {
        const auth = await authenticate(call.request, merchants, tokens, now())
        if (!auth.ok) return fail('401100001', 'Authorization', auth.reason)
        if (call.forcedCode !== undefined) return isErrorCode(call.forcedCode) ? fail(call.forcedCode, '(scenario)', 'forced by a Tokenproof scenario') : fail('500100001', '(scenario)', `${call.forcedCode} forced by a Tokenproof scenario`)
        return handle(call, auth.merchant)
      },
    }
  }

  const tokenCard = (body: unknown): string | undefined => {
    const token = get(body, ['paymentMethod', 'card', 'token'])
    return typeof token === 'string' ? engine.store.cardOf(token)?.number : undefined
  }

  const routes: RouteSpec[] = [
    {
      method: 'POST',
      paths: [pivotContract.operations.accessToken.path],
      operation: 'accessToken',
      async handle(call) {
        const id = call.request.headers.get('x-merchant-id')
        const secret = call.request.headers.get('x-merchant-secret')
        const merchant = id ? merchants.get(id) : undefined
        if (!merchant || secret !== merchant.merchantSecret) return fail('401100001', id ? 'X-MERCHANT-SECRET' : 'X-MERCHANT-ID', 'the merchant id or secret is missing or invalid')
        const body = readBody(call, AccessTokenRequest)
        if (!body.ok) return body.response
        return okResponse({ accessToken: issueAccessToken(merchant.merchantId, now()), expiresIn: String(ACCESS_TOKEN_TTL_S), tokenType: 'Bearer' })
      },
    },
    route(
      'createPaymentSession',
      async (call, merchant) => {
        const body = readBody(call, CreatePaymentSessionRequest)
        if (!body.ok) return body.response
        const key = call.request.headers.get('idempotency-key')
        if (key === null) return answer(await createPaymentSession(state, merchant, body.value))
        const outcome = await engine.idempotency.run(`${PROVIDER_ID}:${merchant.merchantId}:createPaymentSession`, key, fingerprintOf(body.json), async () => {
          const result = await createPaymentSession(state, merchant, body.value)
          return { value: result, keep: result.ok }
        })
        if (outcome.kind === 'conflict') return fail('409100002', 'Idempotency-Key', 'the same Idempotency-key was provided with a different payload')
        return answer(outcome.value)
      },
      tokenCard,
    ),
    route('getPaymentSession', (call, merchant) => answer(getPaymentSession(state, merchant, call.params.id ?? ''))),
    route(
      'confirmPaymentSession',
      (call, merchant) => {
        const body = readBody(call, ConfirmPaymentSessionRequest)
        if (!body.ok) return body.response
        return answer(confirmPaymentSession(state, merchant, call.params.id ?? '', body.value))
      },
      tokenCard,
    ),
    route('retrieveCustomer', (call, merchant) => answer(retrieveCustomer(state, merchant, call.params.id ?? ''))),
  ]

  const buyerActions: Record<string, BuyerAction> = {
    pay: {
      description:
        'The buyer on the payment page of a REDIRECT session: a new card (saveForFutureUse = the "Save for future use" box) or a saved one (savedToken + cvc), then 3DS when the card asks (passThreeDs). Returns the session status and the URL the browser is sent back to.',
      input: PayOnPage,
      example: { paymentSessionId: '…', card: { number: '4440000112200001', expiryMonth: '12', expiryYear: '2030', cvc: '123' }, saveForFutureUse: true },
      run: async (input) => {
        const v = PayOnPage.parse(input)
        return buyerPaysOnPage(state, {
          paymentSessionId: v.paymentSessionId,
          card: v.card ? { number: v.card.number, expiryMonth: v.card.expiryMonth, expiryYear: v.card.expiryYear, cvv: v.card.cvc, holderName: v.card.cardholderName } : undefined,
          savedToken: v.savedToken,
          cvc: v.cvc,
          saveForFutureUse: v.saveForFutureUse,
          passThreeDs: v.passThreeDs,
        })
      },
    },
    authenticate: {
      description: 'The buyer on the 3DS page (nextAction.url) of an API-mode session: passes (passed: true) or fails. Returns the session status and the redirect URL.',
      input: Authenticate,
      run: async (input) => {
        const v = Authenticate.parse(input)
        return buyerAuthenticates(state, v.paymentSessionId, v.passed)
      },
    },
  }

  const mock: ProviderMock = {
    id: PROVIDER_ID,
    contract: pivotContract,
    // Narrow prefixes: a catch-all on a bare `/v1/` would also answer other services' paths.
    prefixes: ['/v1/access-token', '/v1/customers', '/v2/'],
    routes,
    buyerActions,
    pages: pivotPages(state),
    pageLinks: pivotPageLinks(state),
    // The card comes encrypted with this process's key: the recording keeps it unsealed (masked) too.
    unseal: (body) => unsealCards(body, pivotContract.testCards),
    wireErrors: {
      bodyTooLarge: () => fail('413100001', '(body)', `larger than ${engine.maxBodyBytes} bytes`),
      noRoute: (_request, reason) => (reason === 'unknown_path' ? fail('404100001', '(path)', 'no such API') : fail('405100001', '(method)', 'the API does not take this method')),
      malformed: (_request, reason) => fail('400100001', '(request)', reason),
      resultCode: (_request, code) => (isErrorCode(code) ? fail(code, '(scenario)', 'forced') : fail('500100001', '(server)', 'an unexpected error occurred')),
    },
    describe: (base) => ({
      baseUrl: base,
      endpoints: Object.fromEntries(Object.entries(pivotContract.operations).map(([name, op]) => [name, `${op.method} ${base}${op.path}`])),
      merchantId: DEFAULT_MERCHANT.merchantId,
      merchantSecret: DEFAULT_MERCHANT.merchantSecret,
      callbackApiKey: DEFAULT_MERCHANT.callbackApiKey,
      auth: `POST /v1/access-token with X-MERCHANT-ID and X-MERCHANT-SECRET, body {"grantType":"client_credentials"} → Bearer token valid ${ACCESS_TOKEN_TTL_S} s`,
      cardEncryption: 'RSA-OAEP with SHA-256 (2048-bit key, SPKI PEM in the session encryptionKey) over JSON {number, expiryMonth (MM), expiryYear (YYYY), cvc, cardholderName?}, base64',
      cardEncryptionKey: cardEncryptionKey().publicKeyPem,
      merchants: merchants.list().map((m) => ({ merchantId: m.merchantId, callbackUrl: m.callbackUrl ?? null })),
      callbacks: { header: 'X-API-Key: <callbackApiKey>', ack: 'any 2xx', retriedOn: '5xx, 408, 429 or no answer', retryScheduleMs: pivotContract.retrySchedule.delaysMs },
    }),
    merchantInput: PivotMerchantInput,
    registerMerchant: (input) => {
      const merchant = merchants.register(PivotMerchantInput.parse(input))
      return { merchantId: merchant.merchantId, callbackUrl: merchant.callbackUrl ?? null }
    },
  }
  return mock
}

export { DEFAULT_MERCHANT } from './merchants.ts'

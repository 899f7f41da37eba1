import { z } from 'zod'
import { appotapayContract } from '../../contracts/appotapay/index.ts'
import { CaptureRequest, ChargeRequest, EnrollmentRequest, GetChargeRequest, TokenCreateRequest, TokenDeleteRequest } from '../../contracts/appotapay/schemas.ts'
import { Hs256Verifier } from '../engine/hs256.ts'
import type { BuyerAction, HttpMethod, ProviderMock, ProviderMockFactory, RouteCall, RouteSpec } from '../engine/provider-mock.ts'
import { AppotapayState, buyerAuthenticates, capture, charge, enrollment, enrollmentValidate, getCharge, PROVIDER_ID, tokenCreate, tokenDelete, type Answer } from './operations.ts'
import { appotapayPageLinks, appotapayPages } from './pages.ts'
import { AppotapayPartnerInput, AppotapayPartners, DEFAULT_PARTNER } from './partners.ts'
import { authenticate, checkHeaders, errorResponse, forcedResponse, okResponse, parseInput } from './wire.ts'
import { jsonProblemOf } from '../engine/json-limits.ts'

type OperationName = keyof typeof appotapayContract.operations

interface Input<T> {
  readonly value: T
  readonly partner: string
  readonly call: RouteCall
}

interface OperationSpec<T> {
  readonly name: OperationName
  /** Where the input is read: the JSON body, the query string (GET and DELETE), or nowhere (the path says it all). */
  readonly from: 'body' | 'query' | 'none'
  readonly schema: z.ZodType<T>
  readonly cardOf?: (body: unknown) => string | undefined
  run(input: Input<T>): Answer<object>
}

const Authenticate = z.object({ authenticationId: z.string().min(1), passed: z.boolean().default(true) })

function get(value: unknown, path: readonly string[]): unknown {
  let current = value
  for (const key of path) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined
  return current
}
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** The AppotaPay mock: JWT-authenticated `/credit-card/...` endpoints over the shared engine. */
export const appotapayMock: ProviderMockFactory = ({ engine, baseUrl }) => {
  const partners = new AppotapayPartners()
  const state = new AppotapayState(engine, baseUrl)
  // Signatures already checked, per mock: bounded like the exchanges that carried them.
  const tokens = new Hs256Verifier(engine.sideTable('appotapay.verifiedTokens', 'exchanges'))
  const cardOfBody = (body: unknown): string | undefined => {
    const tokenId = asString(get(body, ['tokenId']))
    return asString(get(body, ['card', 'number'])) ?? (tokenId ? engine.store.cardOf(tokenId)?.number : undefined)
  }

  const route = <T>(spec: OperationSpec<T>): RouteSpec => {
    const operation = appotapayContract.operations[spec.name]
    return {
      method: operation.method as HttpMethod,
      paths: [operation.path],
      operation: spec.name,
      ...(spec.cardOf ? { cardOf: spec.cardOf } : {}),
      async handle(call) {
        const { request } = call
        const auth = await authenticate(request, partners, tokens, Math.min(engine.clock.now(), engine.clock.wall()))
        if (!auth.ok) return auth.response
        const headerProblems = checkHeaders(request, spec.from === 'body')
        if (headerProblems.length > 0) return errorResponse(request, '1', headerProblems)
        let raw: unknown
        if (spec.from === 'body') {
          const json = call.json()
          if (!json.ok) return errorResponse(request, '1', [{ field: '(body)', reason: jsonProblemOf(json.error, 'not valid JSON') }])
          raw = json.value
        } else if (spec.from === 'query') {
          raw = Object.fromEntries(call.url.searchParams)
        }
        const parsed = parseInput(raw, spec.schema)
        if (!parsed.ok) return errorResponse(request, '1', parsed.errors)
        // Charges apply a forced code themselves, after their own checks; other operations answer it at once.
        if (call.forcedCode !== undefined && spec.name !== 'charge') return forcedResponse(request, call.forcedCode)
        const answer = spec.run({ value: parsed.value, partner: auth.partner.partnerCode, call })
        return answer.ok ? okResponse(answer.body) : errorResponse(request, answer.code, answer.errors)
      },
    }
  }

  const param = (call: RouteCall, name: string): string => call.params[name] ?? ''

  const routes: RouteSpec[] = [
    route({ name: 'tokenCreate', from: 'body', schema: TokenCreateRequest, cardOf: cardOfBody, run: ({ value, partner }) => tokenCreate(state, partner, value) }),
    route({ name: 'tokenDelete', from: 'query', schema: TokenDeleteRequest, run: ({ value, partner, call }) => tokenDelete(state, partner, param(call, 'tokenId'), value.merchantRefId) }),
    route({ name: 'enrollment', from: 'body', schema: EnrollmentRequest, cardOf: cardOfBody, run: ({ value, partner }) => enrollment(state, partner, value) }),
    route({ name: 'enrollmentValidate', from: 'none', schema: z.unknown(), run: ({ partner, call }) => enrollmentValidate(state, partner, param(call, 'authenticationId')) }),
    route({ name: 'charge', from: 'body', schema: ChargeRequest, cardOf: cardOfBody, run: ({ value, partner, call }) => charge(state, partner, value, call.forcedCode) }),
    route({ name: 'capture', from: 'body', schema: CaptureRequest, run: ({ value, partner, call }) => capture(state, partner, param(call, 'authorizationId'), value.amount) }),
    route({ name: 'getCharge', from: 'query', schema: GetChargeRequest, run: ({ value, partner, call }) => getCharge(state, partner, param(call, 'creditCardRefId'), value.referenceType) }),
  ]

  const buyerActions: Record<string, BuyerAction> = {
    authenticate: {
      description: 'The buyer completes (passed: true) or fails the 3DS challenge of an enrollment (authenticationId); returns the redirect to the returnUrl with authenticationId and status.',
      input: Authenticate,
      run: async (input) => {
        const v = Authenticate.parse(input)
        return buyerAuthenticates(state, v.authenticationId, v.passed)
      },
    },
  }

  const mock: ProviderMock = {
    id: PROVIDER_ID,
    contract: appotapayContract,
    prefixes: ['/credit-card/'],
    routes,
    buyerActions,
    pages: appotapayPages(state),
    pageLinks: appotapayPageLinks(),
    wireErrors: {
      bodyTooLarge: (request) => errorResponse(request, '413', [{ field: '(body)', reason: `larger than ${engine.maxBodyBytes} bytes` }]),
      noRoute: (request, reason) => errorResponse(request, reason === 'unknown_path' ? '404' : '405'),
      malformed: (request, reason) => errorResponse(request, '1', [{ field: '(request)', reason }]),
      resultCode: (request, code) => forcedResponse(request, code),
    },
    describe: (base) => ({
      baseUrl: base,
      endpoints: Object.fromEntries(Object.entries(appotapayContract.operations).map(([name, op]) => [name, `${op.method} ${base}${op.path}`])),
      partnerCode: DEFAULT_PARTNER.partnerCode,
      apiKey: DEFAULT_PARTNER.apiKey,
      secretKey: DEFAULT_PARTNER.secretKey,
      auth: 'X-APPOTAPAY-AUTH: <JWT> (Bearer prefix optional); HS256 with secretKey; header {"typ":"JWT","alg":"HS256","cty":"appotapay-api;v=1"}; claims {iss: partnerCode, jti: apiKey-<unix s>, api_key: apiKey, exp: <unix s>}',
      partners: partners.list().map((p) => p.partnerCode),
      notifications: 'none: results are synchronous, 3DS returns to returnUrl?authenticationId=…&status=…',
    }),
    merchantInput: AppotapayPartnerInput,
    registerMerchant: (input) => {
      const partner = partners.register(AppotapayPartnerInput.parse(input))
      return { partnerCode: partner.partnerCode, apiKey: partner.apiKey }
    },
  }
  return mock
}

export { DEFAULT_PARTNER } from './partners.ts'

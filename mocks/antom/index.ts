import { z } from 'zod'
import { antomContract } from '../../contracts/antom/index.ts'
import type { CreatePaymentSessionRequest, CreateVaultingSessionRequest, InquireVaultingRequest, InquiryPaymentRequest, PayRequest, VaultPaymentMethodRequest } from '../../contracts/antom/schemas.ts'
import { fingerprintOf } from '../engine/idempotency.ts'
import type { BuyerAction, ProviderMock, ProviderMockFactory, RouteCall, RouteSpec } from '../engine/provider-mock.ts'
import type { CardData, PaymentRecord } from '../engine/store.ts'
import type { AntomContext } from './context.ts'
import { PROVIDER_ID } from './context.ts'
import { AntomMerchantInput, AntomMerchants, DEFAULT_CLIENT_ID, type AntomMerchant } from './merchants.ts'
import { buyerAuthenticatesPayment, buyerPays, createPaymentSession, inquiryPayment, pageUrl, pay, type OperationAnswer } from './payments.ts'
import { antomPages } from './pages.ts'
import { antomTestKeys } from './test-keys.ts'
import type { AntomResultCode } from '../../contracts/antom/result-codes.ts'
import { antomResponse, authenticate, CARD_FIELD_CODES, parseRequest, resultOf, resultOfAny } from './wire.ts'
import { responseText } from '../engine/responses.ts'
import { buyerAuthenticatesVaulting, buyerVaults, createVaultingSession, inquireVaulting, vaultPaymentMethod } from './vaulting.ts'

type Operations = typeof antomContract.operations
type OperationName = keyof Operations

/** Live and sandbox prefixes: the SDKs rewrite `/ams/api` to `/ams/sandbox/api` for SANDBOX_ client ids. */
const PREFIXES = ['/ams/api/', '/ams/sandbox/api/'] as const
const pathsOf = (name: OperationName): string[] => {
  const live = antomContract.operations[name].path
  return [live, live.replace('/ams/api/', '/ams/sandbox/api/')]
}

interface OperationSpec<Req> {
  readonly name: OperationName
  /** The idempotency key of a request, where the operation has one. */
  readonly key?: (request: Req) => string
  readonly cardOf?: (body: unknown) => string | undefined
  /** Fields whose invalid values get a card result code instead of PARAM_ILLEGAL. */
  readonly fieldCodes?: Readonly<Record<string, AntomResultCode>>
  run(merchant: AntomMerchant, request: Req, forcedCode: string | undefined): OperationAnswer<object>
}

const BuyerCard = z.object({
  number: z.string().regex(/^\d{12,19}$/),
  expiryMonth: z.string().regex(/^(0[1-9]|1[0-2])$/),
  expiryYear: z.string().regex(/^\d{2}$/),
  cvv: z.string().regex(/^\d{3,4}$/).optional(),
  holderName: z.string().max(64).optional(),
})

const PayOnPage = z
  .object({
    paymentSessionId: z.string().optional(),
    paymentId: z.string().optional(),
    card: BuyerCard.optional(),
    savedPaymentMethodId: z.string().optional(),
    /** The "save this card" checkbox. */
    saveCard: z.boolean().optional(),
  })
  .refine((v) => v.paymentSessionId !== undefined || v.paymentId !== undefined, 'give paymentSessionId or paymentId')
  .refine((v) => (v.card === undefined) !== (v.savedPaymentMethodId === undefined), 'give either card or savedPaymentMethodId')

const Authenticate = z
  .object({ paymentId: z.string().optional(), vaultingId: z.string().optional(), passed: z.boolean().default(true) })
  .refine((v) => (v.paymentId === undefined) !== (v.vaultingId === undefined), 'give paymentId or vaultingId')

const VaultOnPage = z.object({ vaultingSessionId: z.string(), card: BuyerCard })

const toCard = (card: z.infer<typeof BuyerCard>): CardData => ({ number: card.number, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, cvv: card.cvv, holderName: card.holderName })

function get(value: unknown, path: readonly string[]): unknown {
  let current = value
  for (const key of path) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined
  return current
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** The Antom mock: RSA256-signed `/ams/api/v1` endpoints over the shared engine. */
export const antomMock: ProviderMockFactory = ({ engine, baseUrl }) => {
  const merchants = new AntomMerchants()
  // Bounded by count and age like the payments and vaultings they hang off (mocks/engine/retention.ts).
  const context: AntomContext = {
    engine,
    merchants,
    baseUrl,
    // Entries of payments and of vaultings, each kind kept to the payments' count: twice that here.
    challenges: engine.sideTable('antom.challenges', 'payments', undefined, 2),
    forcedOnPage: engine.sideTable('antom.forcedOnPage', 'payments', undefined, 2),
    returnUrls: engine.sideTable('antom.returnUrls', 'payments', undefined, 2),
  }
  // What hangs off a payment or vaulting goes with it when retention evicts it.
  engine.onEvict((id) => {
    context.challenges.delete(id)
    context.forcedOnPage.delete(id)
    context.returnUrls.delete(id)
  })
  // Only for the times signed on the wire (Response-Time): the wall clock, so that a merchant checking
  // their freshness is not misled by advances of the engine clock (docs/conformance.md, Time).
  const now = () => engine.clock.wall()
  const notifyUrl = (merchant: AntomMerchant, url: string | undefined) => url ?? merchant.notifyUrl
  const tokenCard = (body: unknown, path: readonly string[]): string | undefined => {
    const tokenId = asString(get(body, path))
    const clientTokens = tokenId ? engine.store.tokens.get(tokenId) : undefined
    return clientTokens ? engine.store.cardOf(clientTokens.id)?.number : undefined
  }

  const route = <Req>(spec: OperationSpec<Req>): RouteSpec => {
    const schema = antomContract.operations[spec.name].request as z.ZodType<Req>
    return {
      method: 'POST',
      paths: pathsOf(spec.name),
      operation: spec.name,
      ...(spec.cardOf ? { cardOf: spec.cardOf } : {}),
      async handle(call: RouteCall) {
        const auth = await authenticate(call.request, call.rawBody, merchants, now())
        if (!auth.ok) return auth.response
        const { clientId } = auth.merchant
        const parsed = parseRequest(call.json(), schema, spec.fieldCodes)
        if (!parsed.ok) return antomResponse(call.request, clientId, { result: parsed.result }, now())
        const key = spec.key?.(parsed.value)
        if (key === undefined) return antomResponse(call.request, clientId, spec.run(auth.merchant, parsed.value, call.forcedCode).body, now())
        const outcome = await engine.idempotency.run(`${PROVIDER_ID}:${clientId}:${spec.name}`, key, fingerprintOf(parsed.json), async () => {
          const answer = spec.run(auth.merchant, parsed.value, call.forcedCode)
          return { value: answer.body, keep: answer.keep }
        })
        const body = outcome.kind === 'conflict' ? { result: resultOf('REPEAT_REQ_INCONSISTENT', `The request id ${key} was used before with a different request.`) } : outcome.value
        return antomResponse(call.request, clientId, body, now())
      },
    }
  }

  const routes: RouteSpec[] = [
    route<PayRequest>({
      name: 'pay',
      key: (r) => r.paymentRequestId,
      fieldCodes: CARD_FIELD_CODES,
      cardOf: (body) => asString(get(body, ['paymentMethod', 'paymentMethodMetaData', 'cardNo'])) ?? tokenCard(body, ['paymentMethod', 'paymentMethodId']),
      run: (merchant, r, forced) => pay(context, merchant.clientId, r, forced, notifyUrl(merchant, r.paymentNotifyUrl)),
    }),
    route<CreatePaymentSessionRequest>({
      name: 'createPaymentSession',
      key: (r) => r.paymentRequestId,
      run: (merchant, r, forced) => createPaymentSession(context, merchant.clientId, r, forced, notifyUrl(merchant, r.paymentNotifyUrl)),
    }),
    route<InquiryPaymentRequest>({
      name: 'inquiryPayment',
      run: (merchant, r, forced) => ({ body: forced !== undefined ? { result: resultOfAny(forced) } : inquiryPayment(context, merchant.clientId, r), keep: false }),
    }),
    route<CreateVaultingSessionRequest>({
      name: 'createVaultingSession',
      key: (r) => r.vaultingRequestId,
      run: (merchant, r, forced) => createVaultingSession(context, merchant.clientId, r, forced, notifyUrl(merchant, r.vaultingNotificationUrl)),
    }),
    route<VaultPaymentMethodRequest>({
      name: 'vaultPaymentMethod',
      key: (r) => r.vaultingRequestId,
      cardOf: (body) => asString(get(body, ['paymentMethodDetail', 'card', 'cardNo'])),
      run: (merchant, r, forced) => vaultPaymentMethod(context, merchant.clientId, r, forced, notifyUrl(merchant, r.vaultingNotificationUrl)),
    }),
    route<InquireVaultingRequest>({
      name: 'inquireVaulting',
      run: (merchant, r, forced) => ({ body: forced !== undefined ? { result: resultOfAny(forced) } : inquireVaulting(context, merchant.clientId, r), keep: false }),
    }),
  ]

  const summary = (record: { id: string; status: string; resultCode: string; tokenId?: string | undefined }) => ({
    id: record.id,
    status: record.status,
    resultCode: record.resultCode,
    ...(record.tokenId ? { cardToken: record.tokenId } : {}),
  })
  // Where Antom's page sends the browser next: its 3DS challenge, else the merchant's paymentRedirectUrl.
  const paymentSummary = (payment: PaymentRecord) => {
    const next = context.challenges.has(payment.id) ? pageUrl(context, 'challenge', payment.id) : payment.status === 'awaiting_buyer' ? undefined : context.returnUrls.get(payment.id)
    return { ...summary(payment), ...(next === undefined ? {} : { redirectUrl: next }) }
  }

  const buyerActions: Record<string, BuyerAction> = {
    pay: {
      description: 'The buyer pays on the Checkout Page / Payment Element (paymentSessionId) or the hosted card page of a pay (paymentId), with a new card (saveCard = the "save" checkbox) or a saved one.',
      input: PayOnPage,
      example: { paymentSessionId: 'ps_…', card: { number: '4054695723100768', expiryMonth: '12', expiryYear: '30', cvv: '123' }, saveCard: true },
      run: async (input) => {
        const v = PayOnPage.parse(input)
        return paymentSummary(buyerPays(context, { ...v, card: v.card ? toCard(v.card) : undefined }))
      },
    },
    authenticate: {
      description: 'The buyer completes (passed: true) or fails the 3DS challenge of a payment (paymentId) or a vaulting (vaultingId).',
      input: Authenticate,
      example: { paymentId: '…', passed: true },
      run: async (input) => {
        const v = Authenticate.parse(input)
        return v.paymentId !== undefined ? paymentSummary(buyerAuthenticatesPayment(context, v.paymentId, v.passed)) : summary(buyerAuthenticatesVaulting(context, v.vaultingId ?? '', v.passed))
      },
    },
    vault: {
      description: 'The buyer enters a card in the vaulting SDK of a vaulting session.',
      input: VaultOnPage,
      run: async (input) => {
        const v = VaultOnPage.parse(input)
        return summary(buyerVaults(context, v.vaultingSessionId, toCard(v.card)))
      },
    },
  }

  const mock: ProviderMock = {
    id: PROVIDER_ID,
    contract: antomContract,
    prefixes: PREFIXES,
    routes,
    buyerActions,
    alterAnswer: claimSuccess,
    pages: antomPages(context),
    wireErrors: {
      bodyTooLarge: (request) => antomResponse(request, request.headers.get('client-id') ?? undefined, { result: resultOf('PARAM_ILLEGAL', `The request body is larger than ${engine.maxBodyBytes} bytes.`) }, now()),
      noRoute: (request, reason) =>
        antomResponse(request, request.headers.get('client-id') ?? undefined, { result: reason === 'unknown_path' ? resultOf('NO_INTERFACE_DEF') : resultOf('METHOD_NOT_SUPPORTED') }, now()),
      malformed: (request, reason) => antomResponse(request, request.headers.get('client-id') ?? undefined, { result: resultOf('PARAM_ILLEGAL', reason) }, now()),
      resultCode: (request, code) => antomResponse(request, request.headers.get('client-id') ?? undefined, { result: resultOfAny(code) }, now()),
    },
    describe: (base) => ({
      baseUrls: { live: `${base}/ams/api/v1`, sandbox: `${base}/ams/sandbox/api/v1` },
      gatewayUrl: base,
      clientId: DEFAULT_CLIENT_ID,
      signing: 'RSA256 (SHA256withRSA) over "POST <path>\\n<Client-Id>.<Request-Time>.<body>", header Signature: algorithm=RSA256,keyVersion=1,signature=<url-encoded base64>',
      merchantPrivateKey: antomTestKeys.merchantPrivateKey,
      merchantPublicKey: antomTestKeys.merchantPublicKey,
      antomPublicKey: antomTestKeys.providerPublicKey,
      merchants: merchants.list().map((m) => ({ clientId: m.clientId, notifyUrl: m.notifyUrl ?? null })),
      notificationAck: { result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } },
      retryScheduleMs: antomContract.retrySchedule.delaysMs,
    }),
    merchantInput: AntomMerchantInput,
    registerMerchant: (input) => {
      const merchant = merchants.register(AntomMerchantInput.parse(input))
      return { clientId: merchant.clientId, notifyUrl: merchant.notifyUrl ?? null }
    },
  }
  return mock
}

/**
 * An answer altered to claim success, as a man in the middle would: the body's result turned to
 * SUCCESS, the signature Antom made over the real body kept (`tampered`, it no longer verifies) or
 * taken out (`unsigned`). A merchant that verifies answers treats it as unknown.
 */
async function claimSuccess(response: Response, how: 'tampered' | 'unsigned'): Promise<Response> {
  const text = await responseText(response)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return new Response(text, { status: response.status, headers: response.headers })
  }
  const altered = body !== null && typeof body === 'object' ? { ...body, result: resultOf('SUCCESS') } : body
  const headers = new Headers(response.headers)
  if (how === 'unsigned') headers.delete('signature')
  return new Response(JSON.stringify(altered), { status: response.status, headers })
}

/**
 * Pivot behind the provider-neutral WireClient (mocks/test-support/wire-client.ts): the access-token
 * call authenticates with the merchant id and secret headers, the others with its Bearer token; an
 * answer is read by its `code` against Pivot's table.
 */
import { pivotContract } from '../../../contracts/pivot/index.ts'
import { pivotResultCodes } from '../../../contracts/pivot/result-codes.ts'
import { contentTypeOf, readAnswer, targetOf, type WireClient, type WireClientFactory, type WireRequest } from '../../test-support/wire-client.ts'
import { DEFAULT_MERCHANT } from '../merchants.ts'

// The JSON POSTs on fixed paths; confirm and the GETs name a session or customer in the path.
const OPERATIONS = ['accessToken', 'createPaymentSession'] as const

/** How long before its expiry a cached access token is replaced: a request in flight must not carry it past its end. */
export const REFRESH_MARGIN_S = 60

export const pivotWireClient: WireClientFactory = (baseUrl, mock) => {
  // The mock checks `exp` on its own clock: the client judges the token's age on the same one.
  const now = (): number => mock.engine.clock.now()
  let session: { readonly token: Promise<string>; refreshAt: number } | undefined
  const login = async (): Promise<{ accessToken: string; expiresIn: number }> => {
    const response = await fetch(`${baseUrl}/v1/access-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': DEFAULT_MERCHANT.merchantSecret },
      body: JSON.stringify({ grantType: 'client_credentials' }),
    })
    const { body } = await readAnswer(response)
    const data = (body as { data?: { accessToken?: unknown; expiresIn?: unknown } } | undefined)?.data
    const accessToken = data?.accessToken
    const expiresIn = Number(data?.expiresIn)
    if (typeof accessToken !== 'string' || !Number.isFinite(expiresIn)) throw new Error(`pivot login failed: ${response.status}`)
    return { accessToken, expiresIn }
  }
  /**
   * The access token, logged in again once it is within REFRESH_MARGIN_S of its expiry: a client that
   * kept its first token would get nothing but 401s after 900 s of a long run. Concurrent requests
   * share one login; a failed login is forgotten, so the next request tries again.
   */
  const accessToken = (): Promise<string> => {
    if (session !== undefined && now() < session.refreshAt) return session.token
    const startedAt = now()
    const current: { readonly token: Promise<string>; refreshAt: number } = {
      // Until the login answers, the requests that arrive meanwhile wait for it instead of starting their own.
      refreshAt: Infinity,
      token: login().then(
        ({ accessToken: token, expiresIn }) => {
          current.refreshAt = startedAt + Math.max(0, expiresIn - REFRESH_MARGIN_S) * 1000
          return token
        },
        (error: unknown) => {
          if (session === current) session = undefined
          throw error
        },
      ),
    }
    session = current
    return current.token
  }
  const authHeaders = async (request: WireRequest): Promise<Record<string, string>> => {
    if (request.auth === 'missing') return {}
    if (request.operation === 'accessToken') return { 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': request.auth === 'bad' ? 'not-the-secret' : DEFAULT_MERCHANT.merchantSecret }
    if (request.auth === 'bad') return { authorization: 'Bearer abc.def.ghi' }
    return { authorization: `Bearer ${await accessToken()}` }
  }
  const client: WireClient = {
    operations: OPERATIONS,
    resourceOperations: ['getPaymentSession', 'confirmPaymentSession', 'retrieveCustomer'],
    // The merchant is the credential, not a body field.
    bind: (_operation, body) => body,
    idempotentOperations: ['createPaymentSession'],
    async send(request) {
      const operation = pivotContract.operations[request.operation as keyof typeof pivotContract.operations]
      const { path, body } = targetOf(operation, request)
      const headers: Record<string, string> = { ...(body === undefined ? {} : { 'content-type': contentTypeOf(request) }), ...(await authHeaders(request)) }
      if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey
      const response = await fetch(`${baseUrl}${path}`, { method: operation.method, headers, ...(body === undefined ? {} : { body }), ...(request.signal ? { signal: request.signal } : {}) })
      return readAnswer(response)
    },
    documented(_operation, answer) {
      const code = (answer.body as { code?: unknown } | undefined)?.code
      if (typeof code !== 'string' || !Object.hasOwn(pivotResultCodes, code)) return undefined
      return { code, httpStatus: pivotResultCodes[code as keyof typeof pivotResultCodes].httpStatus }
    },
  }
  return client
}

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

export const pivotWireClient: WireClientFactory = (baseUrl) => {
  let token: Promise<string> | undefined
  const login = async (): Promise<string> => {
    const response = await fetch(`${baseUrl}/v1/access-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': DEFAULT_MERCHANT.merchantSecret },
      body: JSON.stringify({ grantType: 'client_credentials' }),
    })
    const body = (await response.json()) as { data?: { accessToken?: string } }
    if (typeof body.data?.accessToken !== 'string') throw new Error(`pivot login failed: ${response.status}`)
    return body.data.accessToken
  }
  const authHeaders = async (request: WireRequest): Promise<Record<string, string>> => {
    if (request.auth === 'missing') return {}
    if (request.operation === 'accessToken') return { 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': request.auth === 'bad' ? 'not-the-secret' : DEFAULT_MERCHANT.merchantSecret }
    if (request.auth === 'bad') return { authorization: 'Bearer abc.def.ghi' }
    token ??= login()
    return { authorization: `Bearer ${await token}` }
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

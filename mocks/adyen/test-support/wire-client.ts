/**
 * Adyen behind the provider-neutral WireClient (mocks/test-support/wire-client.ts): the default
 * merchant's API key in `X-API-Key`, `Idempotency-Key` where Adyen takes one; a 2xx answer is read
 * by its `resultCode` (non-payment answers are `Success`), an error by the ServiceError `errorCode`.
 */
import { adyenContract } from '../../../contracts/adyen/index.ts'
import { adyenErrorCodes, adyenResultCodes } from '../../../contracts/adyen/result-codes.ts'
import { contentTypeOf, readAnswer, targetOf, type WireClient, type WireClientFactory } from '../../test-support/wire-client.ts'
import { DEFAULT_API_KEY, DEFAULT_MERCHANT_ACCOUNT } from '../merchants.ts'

// The JSON POSTs on fixed paths; the GET and DELETE operations take a query or a path id instead.
const OPERATIONS = ['sessions', 'payments', 'paymentsDetails', 'paymentMethods'] as const

const codeIn = <T extends object>(table: T, code: unknown): code is keyof T & string => typeof code === 'string' && Object.hasOwn(table, code)

export const adyenWireClient: WireClientFactory = (baseUrl) => {
  const client: WireClient = {
    operations: OPERATIONS,
    resourceOperations: ['getSessionResult', 'listStoredPaymentMethods', 'deleteStoredPaymentMethod'],
    // Adyen checks the body's merchantAccount against the API key's account.
    bind: (_operation, body) => (typeof body === 'object' && body !== null && 'merchantAccount' in body ? { ...body, merchantAccount: DEFAULT_MERCHANT_ACCOUNT } : body),
    idempotentOperations: ['sessions', 'payments', 'paymentsDetails', 'paymentMethods'],
    async send(request) {
      const operation = adyenContract.operations[request.operation as keyof typeof adyenContract.operations]
      const { path, body } = targetOf(operation, request)
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': contentTypeOf(request) }
      if (request.auth !== 'missing') headers['x-api-key'] = request.auth === 'bad' ? 'AQE_not_a_key_we_issued_000000' : DEFAULT_API_KEY
      if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey
      const response = await fetch(`${baseUrl}${path}`, { method: operation.method, headers, ...(body === undefined ? {} : { body }), ...(request.signal ? { signal: request.signal } : {}) })
      return readAnswer(response)
    },
    documented(operation, answer) {
      const body = (answer.body ?? {}) as { resultCode?: unknown; errorCode?: unknown }
      if (answer.status >= 400) return codeIn(adyenErrorCodes, body.errorCode) ? { code: body.errorCode, httpStatus: adyenErrorCodes[body.errorCode].httpStatus } : undefined
      const code = body.resultCode ?? 'Success'
      if (!codeIn(adyenResultCodes, code)) return undefined
      // POST /sessions creates a resource: Adyen documents 201 Created for it.
      return { code, httpStatus: operation === 'sessions' ? 201 : adyenResultCodes[code].httpStatus }
    },
  }
  return client
}

/**
 * AppotaPay behind the provider-neutral WireClient (mocks/test-support/wire-client.ts): a JWT in
 * `X-APPOTAPAY-AUTH` as the security page describes, on the mock's clock; an answer is read by its
 * `errorCode` (a 200 without one is `0`, success) against AppotaPay's table.
 */
import { appotapayContract } from '../../../contracts/appotapay/index.ts'
import { appotapayResultCodes } from '../../../contracts/appotapay/result-codes.ts'
import { contentTypeOf, readAnswer, targetOf, type WireClient, type WireClientFactory } from '../../test-support/wire-client.ts'
import { appotapayJwt } from './client.ts'

// The JSON POSTs on fixed paths; the others name a token or an authentication in the path.
const OPERATIONS = ['tokenCreate', 'enrollment', 'charge'] as const

export const appotapayWireClient: WireClientFactory = (baseUrl, mock) => {
  // One JWT per second of the mock's clock: signing per request would measure jose, not the mock.
  let cached: { second: number; jwt: Promise<string> } | undefined
  const jwt = (): Promise<string> => {
    const second = Math.floor(mock.engine.clock.now() / 1000)
    if (cached?.second !== second) cached = { second, jwt: appotapayJwt({ nowSeconds: second }) }
    return cached.jwt
  }
  const client: WireClient = {
    operations: OPERATIONS,
    resourceOperations: ['tokenDelete', 'enrollmentValidate', 'capture', 'getCharge'],
    // The partner is the JWT's issuer, not a body field.
    bind: (_operation, body) => body,
    // AppotaPay has no idempotency key: a repeated merchantRefId is a documented 3002, not a replay.
    idempotentOperations: [],
    async send(request) {
      const operation = appotapayContract.operations[request.operation as keyof typeof appotapayContract.operations]
      const { path, body } = targetOf(operation, request)
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': contentTypeOf(request) }
      if (request.auth === 'valid' || request.auth === undefined) headers['x-appotapay-auth'] = await jwt()
      else if (request.auth === 'bad') headers['x-appotapay-auth'] = await appotapayJwt({ nowSeconds: Math.floor(mock.engine.clock.now() / 1000), secret: 'not-the-partner-secret-key-at-all' })
      const response = await fetch(`${baseUrl}${path}`, { method: operation.method, headers, ...(body === undefined ? {} : { body }), ...(request.signal ? { signal: request.signal } : {}) })
      return readAnswer(response)
    },
    documented(_operation, answer) {
      const errorCode = (answer.body as { errorCode?: unknown } | undefined)?.errorCode
      const code = errorCode === undefined && answer.status === 200 ? '0' : typeof errorCode === 'number' ? String(errorCode) : undefined
      if (code === undefined || !Object.hasOwn(appotapayResultCodes, code)) return undefined
      return { code, httpStatus: appotapayResultCodes[code as keyof typeof appotapayResultCodes].httpStatus }
    },
  }
  return client
}

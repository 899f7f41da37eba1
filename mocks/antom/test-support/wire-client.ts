/**
 * Antom behind the provider-neutral WireClient (mocks/test-support/wire-client.ts): every request
 * signed with the default merchant's test key as the signing documentation says; the answer's
 * `result.resultCode` read against Antom's result-code table.
 */
import { antomContract } from '../../../contracts/antom/index.ts'
import { antomResultCodes } from '../../../contracts/antom/result-codes.ts'
import { bytesOf, contentTypeOf, readAnswer, type WireClient, type WireClientFactory } from '../../test-support/wire-client.ts'
import { DEFAULT_CLIENT_ID } from '../merchants.ts'
import { contentToSign, formatSignatureHeader, privateKeyFrom, signContentAsync } from '../signing.ts'
import { antomTestKeys } from '../test-keys.ts'

const merchantKey = privateKeyFrom(antomTestKeys.merchantPrivateKey)

export const antomWireClient: WireClientFactory = (baseUrl) => {
  const client: WireClient = {
    // Every Antom operation is a signed JSON POST on a fixed path.
    operations: Object.keys(antomContract.operations),
    // The merchant is the Client-Id header, not a body field.
    bind: (_operation, body) => body,
    // Antom is idempotent on the body's request id (paymentRequestId, vaultingRequestId).
    idempotentOperations: Object.keys(antomContract.operations),
    async send(request) {
      const { path } = antomContract.operations[request.operation as keyof typeof antomContract.operations]
      const raw = bytesOf(request)
      const requestTime = String(Date.now())
      const headers: Record<string, string> = { 'content-type': contentTypeOf(request), 'client-id': DEFAULT_CLIENT_ID, 'request-time': requestTime }
      if (request.auth !== 'missing') {
        // Signed on libuv's thread pool, as the mock signs: the ~1.3 ms RSA-2048 signature runs
        // beside the event loop instead of on it. A forged signature is a valid signature over
        // other bytes: only the verification can tell.
        const signed = request.auth === 'bad' ? `${raw} ` : raw
        headers.signature = formatSignatureHeader(await signContentAsync(contentToSign('POST', path, DEFAULT_CLIENT_ID, requestTime, signed), merchantKey))
      }
      const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: raw, ...(request.signal ? { signal: request.signal } : {}) })
      return readAnswer(response)
    },
    documented(_operation, answer) {
      const result = (answer.body as { result?: { resultCode?: unknown } } | undefined)?.result
      const code = typeof result?.resultCode === 'string' ? result.resultCode : undefined
      if (code === undefined || !Object.hasOwn(antomResultCodes, code)) return undefined
      return { code, httpStatus: antomResultCodes[code as keyof typeof antomResultCodes].httpStatus }
    },
  }
  return client
}

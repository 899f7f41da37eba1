/**
 * A signed Antom API call: signs the request, enforces a timeout, and verifies the answer's
 * signature before anyone reads it. Classifies what happened so the adapter can decide between
 * "use the answer", "send the same request again" and "ask with inquiryPayment".
 */
import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import { signatureHeader, verifySignature } from './antom-signature.ts'

export const AntomResult = z.object({ resultCode: z.string(), resultStatus: z.enum(['S', 'F', 'U']), resultMessage: z.string().optional() })
export type AntomResult = z.infer<typeof AntomResult>

export type AntomCallOutcome =
  /** A verified answer: the body is Antom's, `result` says S, F or U. */
  | { readonly kind: 'answer'; readonly body: Record<string, unknown>; readonly result: AntomResult }
  /** No usable answer; the request may or may not have been processed. */
  | { readonly kind: 'unknown'; readonly retryable: boolean; readonly reason: string }

/**
 * U codes that Antom documents as "not processed, send the same request again". Other U codes
 * (PAYMENT_IN_PROCESS…) mean the payment exists and is under way: resending would not help.
 */
const RETRY_SAME_REQUEST = new Set(['UNKNOWN_EXCEPTION', 'REQUEST_TRAFFIC_EXCEED_LIMIT'])

export function isRetryable(outcome: AntomCallOutcome): boolean {
  return outcome.kind === 'unknown' ? outcome.retryable : outcome.result.resultStatus === 'U' && RETRY_SAME_REQUEST.has(outcome.result.resultCode)
}

export interface AntomClientSettings {
  readonly baseUrl: string
  readonly clientId: string
  readonly merchantPrivateKey: KeyObject
  readonly antomPublicKey: KeyObject
  readonly timeoutMs: number
  readonly log: (line: string) => void
  /** The trust_unsigned_answers fault: the answer's signature is not checked. */
  readonly trustUnsignedAnswers?: boolean
}

/**
 * Antom's SDKs send SANDBOX_ client ids to the sandbox path; we do the same so that a sandbox
 * client id never reaches the live API.
 */
function apiPrefix(clientId: string): string {
  return clientId.startsWith('SANDBOX_') ? '/ams/sandbox/api' : '/ams/api'
}

export function createAntomClient(settings: AntomClientSettings) {
  const base = settings.baseUrl.replace(/\/$/, '')
  return async function call(operationPath: string, request: object): Promise<AntomCallOutcome> {
    const url = new URL(`${base}${apiPrefix(settings.clientId)}${operationPath}`)
    const path = `${url.pathname}${url.search}`
    // The body is serialised once: the signature covers these exact bytes.
    const body = JSON.stringify(request)
    const requestTime = String(Date.now())
    let response: Response
    let text: string
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=UTF-8',
          'client-id': settings.clientId,
          'request-time': requestTime,
          signature: signatureHeader(settings.merchantPrivateKey, path, settings.clientId, requestTime, body),
        },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : `transport error: ${error instanceof Error ? error.message : String(error)}`
      settings.log(`antom ${operationPath}: ${reason}`)
      return { kind: 'unknown', retryable: true, reason }
    }
    if (response.status !== 200) {
      // Antom answers every processed request with 200; a 5xx or 429 is the gateway in trouble.
      const retryable = response.status >= 500 || response.status === 429
      settings.log(`antom ${operationPath}: HTTP ${response.status}`)
      return { kind: 'unknown', retryable, reason: `HTTP ${response.status}` }
    }
    const signed = settings.trustUnsignedAnswers === true || verifySignature(settings.antomPublicKey, path, response.headers.get('client-id'), response.headers.get('response-time'), response.headers.get('signature'), text)
    if (!signed) {
      // Unsigned answers are what Antom gives to requests it could not authenticate; either way
      // nothing in an unverified body is trusted.
      settings.log(`antom ${operationPath}: answer signature missing or invalid; ignoring the answer`)
      return { kind: 'unknown', retryable: false, reason: 'unverified answer' }
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return { kind: 'unknown', retryable: false, reason: 'answer is not JSON' }
    }
    const result = z.object({ result: AntomResult }).safeParse(parsed)
    if (!result.success) return { kind: 'unknown', retryable: false, reason: 'answer without a result' }
    settings.log(`antom ${operationPath}: ${result.data.result.resultStatus} ${result.data.result.resultCode}`)
    return { kind: 'answer', body: parsed as Record<string, unknown>, result: result.data.result }
  }
}

export type AntomCall = ReturnType<typeof createAntomClient>

/**
 * An AppotaPay credit-card API call (docs: https://docs.appotapay.com/en/cc-merchant-host/…): a
 * fresh `X-APPOTAPAY-AUTH` JWT per call, a timeout, and a classification of what came back so the
 * adapter can decide between "use the answer", "a documented refusal" and "send the same request
 * again / ask with Get Charge".
 */
import { SignJWT } from 'jose'
import { z } from 'zod'

/** How long a JWT lives. AppotaPay's security page leaves it to the partner; five minutes is usual. */
const JWT_TTL_SECONDS = 300

/** Every non-200 AppotaPay answers: `{errorCode, message, errors[]}`. */
const ErrorAnswer = z.looseObject({ errorCode: z.number().int(), message: z.string().optional() })

/**
 * Error codes that say "the gateway failed, the request may or may not have been processed":
 * 99 (undefined error) and 500 (server error). Every other code is a decision on the request
 * (invalid params, a refusal, a duplicate reference) that sending it again cannot change.
 */
const SERVER_ERROR_CODES: ReadonlySet<number> = new Set([99, 500])

export type AppotapayOutcome =
  /** HTTP 200: the body, still to be parsed by the caller. */
  | { readonly kind: 'answer'; readonly body: unknown }
  /** A documented refusal: AppotaPay decided, and the same request would get the same answer. */
  | { readonly kind: 'refused'; readonly status: number; readonly errorCode: number }
  /** No usable answer (timeout, transport error, 5xx, 429): the request may have been processed. */
  | { readonly kind: 'unknown'; readonly retryable: boolean; readonly reason: string }

export interface AppotapayCredentials {
  readonly partnerCode: string
  readonly apiKey: string
  readonly secretKey: string
}

export interface AppotapayClientSettings {
  readonly baseUrl: string
  readonly credentials: AppotapayCredentials
  readonly timeoutMs: number
  readonly log: (line: string) => void
}

export interface AppotapayRequest {
  readonly method: 'GET' | 'POST'
  /** Path and query, e.g. `/credit-card/charge`. */
  readonly path: string
  readonly body?: object
  /** The operation name, for the log (the body is never logged: it may hold card data). */
  readonly operation: string
}

export type AppotapayCall = (request: AppotapayRequest) => Promise<AppotapayOutcome>

/** The JWT AppotaPay's security page describes: HS256 with the secret key, partner code as issuer. */
export function appotapayJwt(credentials: AppotapayCredentials, nowMs: number): Promise<string> {
  const now = Math.floor(nowMs / 1000)
  return new SignJWT({ api_key: credentials.apiKey })
    .setProtectedHeader({ typ: 'JWT', alg: 'HS256', cty: 'appotapay-api;v=1' })
    .setIssuer(credentials.partnerCode)
    .setJti(`${credentials.apiKey}-${now}`)
    .setExpirationTime(now + JWT_TTL_SECONDS)
    .sign(new TextEncoder().encode(credentials.secretKey))
}

export function createAppotapayClient(settings: AppotapayClientSettings): AppotapayCall {
  const base = settings.baseUrl.replace(/\/$/, '')
  return async function call(request: AppotapayRequest): Promise<AppotapayOutcome> {
    let response: Response
    let text: string
    try {
      response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: {
          // The credit-card pages send the bare JWT (no "Bearer ").
          'x-appotapay-auth': await appotapayJwt(settings.credentials, Date.now()),
          language: 'en',
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(settings.timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : `transport error: ${error instanceof Error ? error.message : String(error)}`
      settings.log(`appotapay ${request.operation}: ${reason}`)
      return { kind: 'unknown', retryable: true, reason }
    }
    return classify(request.operation, response.status, text, settings.log)
  }
}

function classify(operation: string, status: number, text: string, log: (line: string) => void): AppotapayOutcome {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  if (status === 200) {
    log(`appotapay ${operation}: 200`)
    // A 200 that is not JSON is no answer we can act on; the request may have been processed.
    return json === undefined ? { kind: 'unknown', retryable: false, reason: 'answer is not JSON' } : { kind: 'answer', body: json }
  }
  const error = ErrorAnswer.safeParse(json)
  const errorCode = error.success ? error.data.errorCode : undefined
  log(`appotapay ${operation}: HTTP ${status}${errorCode !== undefined ? ` errorCode ${errorCode}` : ''}`)
  if (status >= 500 || status === 429 || (errorCode !== undefined && SERVER_ERROR_CODES.has(errorCode))) {
    return { kind: 'unknown', retryable: true, reason: errorCode !== undefined ? `errorCode ${errorCode}` : `HTTP ${status}` }
  }
  if (errorCode === undefined) return { kind: 'unknown', retryable: false, reason: `HTTP ${status} without an AppotaPay error body` }
  return { kind: 'refused', status, errorCode }
}

/**
 * An Adyen Checkout API call, as Adyen documents it: `X-API-Key`, JSON, and an `Idempotency-Key`
 * on POSTs so that a resent request is never processed twice. Classifies what happened so the
 * adapter can decide between "use the answer", "send the same request again" and "give up".
 */
import { z } from 'zod'

/** Checkout API version the merchant was written against (seed 003; the Node library v32 calls v72). */
const API_VERSION = 'v72'

export type AdyenCallOutcome =
  /** A 2xx answer; the body is Adyen's JSON (the caller parses the fields it needs). */
  | { readonly kind: 'answer'; readonly status: number; readonly body: unknown }
  /** A 4xx ServiceError: Adyen refused the request as sent; sending it again cannot help. */
  | { readonly kind: 'rejected'; readonly status: number; readonly errorCode: string; readonly message: string }
  /** No usable answer (timeout, transport error, 5xx, 429): the request may or may not have been processed. */
  | { readonly kind: 'unknown'; readonly retryable: boolean; readonly reason: string }

// Adyen's error body. Loose: only errorCode and message are read, and a proxy's 4xx may have neither.
const ServiceError = z.looseObject({ errorCode: z.string().optional(), message: z.string().optional() })

export interface AdyenClientSettings {
  readonly baseUrl: string
  readonly apiKey: string
  readonly timeoutMs: number
  readonly log: (line: string) => void
}

export type AdyenCall = (path: string, body: object, idempotencyKey: string) => Promise<AdyenCallOutcome>

/** `https://checkout-test.adyen.com` (or the mock) → `…/v72`; a base that names a version already is kept. */
export function checkoutBase(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '')
  return /\/v\d+$/.test(base) ? base : `${base}/${API_VERSION}`
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function classify(status: number, text: string): AdyenCallOutcome {
  if (status >= 200 && status < 300) {
    const body = parseJson(text)
    // Processed, but we cannot read what Adyen decided: resending would return the same bytes.
    if (body === undefined) return { kind: 'unknown', retryable: false, reason: `HTTP ${status} with an unreadable body` }
    return { kind: 'answer', status, body }
  }
  // 429 (rate limit) and 5xx: Adyen did not (or may not have) processed it; its idempotency
  // guidance is to send the same request with the same key again.
  if (status === 429 || status >= 500) return { kind: 'unknown', retryable: true, reason: `HTTP ${status}` }
  const error = ServiceError.safeParse(parseJson(text))
  const errorCode = error.success ? (error.data.errorCode ?? String(status)) : String(status)
  const message = error.success ? (error.data.message ?? '') : ''
  return { kind: 'rejected', status, errorCode, message }
}

export function createAdyenClient(settings: AdyenClientSettings): AdyenCall {
  const base = checkoutBase(settings.baseUrl)
  return async function call(path, request, idempotencyKey) {
    let response: Response
    let text: string
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': settings.apiKey, 'idempotency-key': idempotencyKey },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(settings.timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : `transport error: ${error instanceof Error ? error.message : String(error)}`
      settings.log(`adyen POST ${path}: ${reason}`)
      return { kind: 'unknown', retryable: true, reason }
    }
    const outcome = classify(response.status, text)
    // Never the bodies: requests carry card data, and answers are not ours to copy into logs.
    settings.log(`adyen POST ${path}: HTTP ${response.status}${outcome.kind === 'rejected' ? ` errorCode ${outcome.errorCode}` : ''}`)
    return outcome
  }
}

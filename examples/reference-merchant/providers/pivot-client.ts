/**
 * A Pivot Payment API call, as Pivot documents authentication: an access token from
 * `POST /v1/access-token` (X-MERCHANT-ID / X-MERCHANT-SECRET, valid 900 s) sent as
 * `Authorization: Bearer` on every other call. The token is cached and shared, fetched once when
 * several calls need it at the same time, and fetched again when Pivot answers 401 (Pivot's clock,
 * not ours, decides when it expired). Classifies what happened so the adapter can decide between
 * "use the answer", "send the same request again" and "read the session's status".
 */
import { z } from 'zod'

export type PivotCallOutcome =
  /** Pivot processed the request: code "00" and the `data` it returned (parsed by the caller). */
  | { readonly kind: 'answer'; readonly data: unknown }
  /** Pivot refused the request (a 4xx with its error envelope): nothing was done. */
  | { readonly kind: 'refused'; readonly httpStatus: number; readonly code: string }
  /** No usable answer (5xx, 408, 429, a timeout, a broken connection): it may or may not have been processed. */
  | { readonly kind: 'unknown'; readonly retryable: boolean; readonly reason: string }

export interface PivotClientSettings {
  readonly baseUrl: string
  readonly merchantId: string
  readonly merchantSecret: string
  readonly timeoutMs: number
  readonly log: (line: string) => void
}

export interface PivotCallOptions {
  /** Sent as `Idempotency-Key`: the same key with the same body replays Pivot's first answer. */
  readonly idempotencyKey?: string
  /**
   * Fetch a new access token first instead of using the cached one. For the request that creates
   * a payment: our clock and Pivot's may disagree on when the cached token expires, and a 401
   * there would make the payment request go out twice (refused, then sent again).
   */
  readonly freshToken?: boolean
}

export type PivotCall = (method: 'GET' | 'POST', path: string, body?: object, options?: PivotCallOptions) => Promise<PivotCallOutcome>

// The envelope every Pivot answer has. Loose: Pivot adds fields over time.
const Envelope = z.looseObject({ code: z.string(), message: z.string().optional(), data: z.unknown().optional() })
const AccessToken = z.looseObject({ accessToken: z.string().min(1), expiresIn: z.coerce.number().int().positive(), tokenType: z.string() })

/** Refresh a little before Pivot's expiry so a token does not lapse between our check and Pivot's. */
const EXPIRY_MARGIN_MS = 60_000

/** Pivot's documented "try again later" answers; every other 4xx is a refusal that resending cannot fix. */
const isTransientStatus = (status: number): boolean => status >= 500 || status === 408 || status === 429

type Exchange = { readonly kind: 'http'; readonly status: number; readonly text: string } | { readonly kind: 'unknown'; readonly reason: string }

export function createPivotClient(settings: PivotClientSettings): PivotCall {
  const base = settings.baseUrl.replace(/\/$/, '')
  let cached: { token: string; expiresAt: number } | undefined
  let inFlight: Promise<string | PivotCallOutcome> | undefined

  async function exchange(method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<Exchange> {
    try {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(settings.timeoutMs),
      })
      return { kind: 'http', status: response.status, text: await response.text() }
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : `transport error: ${error instanceof Error ? error.message : String(error)}`
      return { kind: 'unknown', reason }
    }
  }

  /** Turns an HTTP exchange into an outcome. Only a 2xx with code "00" is an answer. */
  function classify(label: string, result: Exchange): PivotCallOutcome {
    if (result.kind === 'unknown') {
      settings.log(`pivot ${label}: ${result.reason}`)
      return { kind: 'unknown', retryable: true, reason: result.reason }
    }
    const envelope = parseEnvelope(result.text)
    settings.log(`pivot ${label}: HTTP ${result.status}${envelope ? ` code ${envelope.code}` : ''}`)
    if (isTransientStatus(result.status)) return { kind: 'unknown', retryable: true, reason: `HTTP ${result.status}` }
    if (result.status >= 400) return { kind: 'refused', httpStatus: result.status, code: envelope?.code ?? `HTTP ${result.status}` }
    // A 2xx we cannot read: Pivot may have acted on it, and sending it again would not help.
    if (!envelope || envelope.code !== '00') return { kind: 'unknown', retryable: false, reason: 'unreadable answer' }
    return { kind: 'answer', data: envelope.data }
  }

  async function fetchToken(): Promise<string | PivotCallOutcome> {
    const result = await exchange('POST', '/v1/access-token', { 'x-merchant-id': settings.merchantId, 'x-merchant-secret': settings.merchantSecret }, JSON.stringify({ grantType: 'client_credentials' }))
    const outcome = classify('POST /v1/access-token', result)
    if (outcome.kind !== 'answer') return outcome
    const token = AccessToken.safeParse(outcome.data)
    if (!token.success) return { kind: 'unknown', retryable: false, reason: 'access token answer without a token' }
    cached = { token: token.data.accessToken, expiresAt: Date.now() + token.data.expiresIn * 1000 - EXPIRY_MARGIN_MS }
    return cached.token
  }

  /** The cached token, or a new one; concurrent callers share one token request. */
  function accessToken(): Promise<string | PivotCallOutcome> {
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.token)
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined
    })
    return inFlight
  }

  return async function call(method, path, body, options = {}) {
    const text = body !== undefined ? JSON.stringify(body) : undefined
    const headers = (token: string): Record<string, string> => ({
      authorization: `Bearer ${token}`,
      ...(options.idempotencyKey !== undefined ? { 'idempotency-key': options.idempotencyKey } : {}),
    })
    if (options.freshToken === true && inFlight === undefined) cached = undefined
    let token = await accessToken()
    if (typeof token !== 'string') return token
    let result = await exchange(method, path, headers(token), text)
    if (result.kind === 'http' && result.status === 401) {
      // Pivot refused the token before looking at the request (expired on its clock, or revoked):
      // the request was not processed, so it is safe to send it once more with a fresh token.
      const stale = token
      if (cached?.token === stale) cached = undefined
      token = await accessToken()
      if (typeof token !== 'string') return token
      result = await exchange(method, path, headers(token), text)
    }
    return classify(`${method} ${path}`, result)
  }
}

function parseEnvelope(text: string): z.infer<typeof Envelope> | undefined {
  try {
    const parsed = Envelope.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

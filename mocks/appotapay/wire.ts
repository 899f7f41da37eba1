import type { MockRequest } from '../engine/provider-mock.ts'
import { isoSeconds } from '../engine/iso-seconds.ts'
import { sha256 } from '../engine/sha256.ts'
import type { JWTPayload } from 'jose'
import type { Hs256Verifier } from '../engine/hs256.ts'
import type { z } from 'zod'
import { appotapayMessages, appotapayResultCodes, type AppotapayLanguage, type AppotapayResultCode } from '../../contracts/appotapay/result-codes.ts'
import { JwtClaims } from '../../contracts/appotapay/schemas.ts'
import type { AppotapayPartner, AppotapayPartners } from './partners.ts'
import { textResponse } from '../engine/responses.ts'

export interface ErrorDetail {
  readonly field: string
  readonly reason: string
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }

/** The language the caller asked for; AppotaPay answers in Vietnamese unless told `en`. */
export const languageOf = (request: MockRequest): AppotapayLanguage => (request.headers.get('language')?.trim().toLowerCase() === 'en' ? 'en' : 'vi')

export const isResultCode = (code: string): code is AppotapayResultCode => Object.hasOwn(appotapayResultCodes, code)

/** A non-200 answer `{errorCode, message, errors[]}` with the table's HTTP status and message. */
export function errorResponse(request: MockRequest, code: AppotapayResultCode, errors: readonly ErrorDetail[] = []): Response {
  const body = { errorCode: Number(code), message: appotapayMessages[code][languageOf(request)], errors }
  return textResponse(JSON.stringify(body), { status: appotapayResultCodes[code].httpStatus, headers: JSON_HEADERS })
}

/** A code forced by a scenario; codes outside the table answer as the server error they stand for. */
export const forcedResponse = (request: MockRequest, code: string): Response => errorResponse(request, isResultCode(code) ? code : '500')

export const okResponse = (body: object): Response => textResponse(JSON.stringify(body), { status: 200, headers: JSON_HEADERS })

/** RFC 3339 at UTC+7, as every AppotaPay time is written (`2024-02-26T10:43:08+07:00`). */
export const vnTime = (ms: number): string => isoSeconds(ms, '+07:00')

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

/**
 * A ULID (26 characters, lower case like AppotaPay's token ids): 10 characters of the engine's time,
 * 16 derived from a per-engine counter so that two runs of the same conversation give the same ids.
 */
export function ulid(now: number, seed: string): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  const hash = sha256(seed)
  let rest = ''
  for (let i = 0; i < 16; i++) rest += CROCKFORD[(hash[i] ?? 0) % 32]
  return time + rest
}

/**
 * Longest a JWT may live, from its issue time to its `exp` (NOTES.md: the docs show `exp` a few
 * minutes ahead and say nothing of a bound; an hour is the usual ceiling for such partner JWTs).
 */
export const JWT_MAX_LIFETIME_S = 3600

/**
 * When the partner issued the JWT, in unix seconds: `iat` if present, else the documented
 * `jti` = `<apiKey>-<unix s>`. It is the partner's own clock, which may differ from the mock's (a
 * manual clock): measuring the lifetime from it keeps a correct merchant on any clock accepted.
 */
function issuedAtOf(iat: unknown, jti: string): number | undefined {
  if (typeof iat === 'number' && Number.isFinite(iat)) return iat
  const stamp = /-(\d{9,11})$/.exec(jti)?.[1]
  return stamp === undefined ? undefined : Number(stamp)
}

// Claims read once per token: the decoded payload is kept (Hs256Verifier), and so is what it says.
const claimsRead = new WeakMap<JWTPayload, { claims: z.infer<typeof JwtClaims>; issuedAt: number | undefined } | null>()

function claimsOf(payload: JWTPayload): { claims: z.infer<typeof JwtClaims>; issuedAt: number | undefined } | undefined {
  let read = claimsRead.get(payload)
  if (read === undefined) {
    const parsed = JwtClaims.safeParse(payload)
    read = parsed.success ? { claims: parsed.data, issuedAt: issuedAtOf(payload.iat, parsed.data.jti) } : null
    claimsRead.set(payload, read)
  }
  return read ?? undefined
}

export type Authenticated = { readonly ok: true; readonly partner: AppotapayPartner } | { readonly ok: false; readonly response: Response }

/**
 * Checks `X-APPOTAPAY-AUTH`: an HS256 JWT (with or without `Bearer `) whose `iss` is a partner code,
 * signed with that partner's secret key, carrying its API key and an `exp` still in the future of
 * `now`. The caller passes the earlier of the engine's clock and the real one: a merchant signs with
 * its own clock, which is the real one out of process (where clock advances, which simulate days of
 * a payment's life, cannot reach it) and may be the mock's in process; a JWT is expired only when
 * it is expired on both. `tokens` remembers the signatures already checked.
 */
export async function authenticate(request: MockRequest, partners: AppotapayPartners, tokens: Hs256Verifier, now: number): Promise<Authenticated> {
  const unauthorized = (code: AppotapayResultCode, reason: string): Authenticated => ({ ok: false, response: errorResponse(request, code, [{ field: 'X-APPOTAPAY-AUTH', reason }]) })
  const header = request.headers.get('x-appotapay-auth')?.trim()
  if (!header) return unauthorized('401', 'missing')
  const token = header.replace(/^Bearer\s+/i, '')
  const seen = tokens.decode(token)
  if (!seen) return unauthorized('401', 'not a JWT')
  if (seen.header.alg !== 'HS256') return unauthorized('401', 'alg must be HS256')
  const read = claimsOf(seen.payload)
  if (!read) return unauthorized('401', 'claims iss, jti, api_key and exp are required')
  const { claims, issuedAt } = read
  // A JWT that lives for years is a credential that leaked for years: refused however well signed.
  const lifetime = claims.exp - (issuedAt ?? Math.floor(now / 1000))
  if (lifetime > JWT_MAX_LIFETIME_S) return unauthorized('401', `exp is more than ${JWT_MAX_LIFETIME_S} s after the token was issued`)
  const partner = partners.get(claims.iss)
  if (!partner) return unauthorized('11', 'unknown partner code (iss)')
  const verified = await tokens.verify(token, partner.secretKey, now)
  if (!verified.ok) return unauthorized('401', verified.expired ? 'expired' : 'bad signature')
  if (claims.api_key !== partner.apiKey) return unauthorized('14', 'api_key does not match the partner')
  return { ok: true, partner }
}

/** Header rules of every call: JSON bodies, X-Request-ID up to 42 characters, Language vi or en. */
export function checkHeaders(request: MockRequest, hasBody: boolean): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  const contentType = request.headers.get('content-type') ?? ''
  if (hasBody && !/^application\/json\b/i.test(contentType.trim())) problems.push({ field: 'Content-Type', reason: 'must be application/json' })
  const requestId = request.headers.get('x-request-id')
  if (requestId !== null && requestId.length > 42) problems.push({ field: 'X-Request-ID', reason: 'max 42 characters' })
  const language = request.headers.get('language')
  if (language !== null && !['vi', 'en'].includes(language.trim().toLowerCase())) problems.push({ field: 'Language', reason: 'in: vi, en' })
  return problems
}

/** Parses a JSON body (or a query) with a schema; every issue becomes an `errors[]` entry. */
export function parseInput<T>(value: unknown, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; errors: ErrorDetail[] } {
  const parsed = schema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', reason: issue.message })) }
}


import { createHash } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { Hs256Verifier } from '../engine/hs256.ts'
import type { z } from 'zod'
import { appotapayMessages, appotapayResultCodes, type AppotapayLanguage, type AppotapayResultCode } from '../../contracts/appotapay/result-codes.ts'
import { JwtClaims } from '../../contracts/appotapay/schemas.ts'
import type { AppotapayPartner, AppotapayPartners } from './partners.ts'

export interface ErrorDetail {
  readonly field: string
  readonly reason: string
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }

/** The language the caller asked for; AppotaPay answers in Vietnamese unless told `en`. */
export const languageOf = (request: Request): AppotapayLanguage => (request.headers.get('language')?.trim().toLowerCase() === 'en' ? 'en' : 'vi')

export const isResultCode = (code: string): code is AppotapayResultCode => Object.hasOwn(appotapayResultCodes, code)

/** A non-200 answer `{errorCode, message, errors[]}` with the table's HTTP status and message. */
export function errorResponse(request: Request, code: AppotapayResultCode, errors: readonly ErrorDetail[] = []): Response {
  const body = { errorCode: Number(code), message: appotapayMessages[code][languageOf(request)], errors }
  return new Response(JSON.stringify(body), { status: appotapayResultCodes[code].httpStatus, headers: JSON_HEADERS })
}

/** A code forced by a scenario; codes outside the table answer as the server error they stand for. */
export const forcedResponse = (request: Request, code: string): Response => errorResponse(request, isResultCode(code) ? code : '500')

export const okResponse = (body: object): Response => new Response(JSON.stringify(body), { status: 200, headers: JSON_HEADERS })

/** RFC 3339 at UTC+7, as every AppotaPay time is written (`2024-02-26T10:43:08+07:00`). */
export const vnTime = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00')

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
  const hash = createHash('sha256').update(seed).digest()
  let rest = ''
  for (let i = 0; i < 16; i++) rest += CROCKFORD[(hash[i] ?? 0) % 32]
  return time + rest
}

export type Authenticated = { readonly ok: true; readonly partner: AppotapayPartner } | { readonly ok: false; readonly response: Response }

const tokens = new Hs256Verifier()

/**
 * Checks `X-APPOTAPAY-AUTH`: an HS256 JWT (with or without `Bearer `) whose `iss` is a partner code,
 * signed with that partner's secret key, carrying its API key and an `exp` still in the future on the
 * engine's clock.
 */
export async function authenticate(request: Request, partners: AppotapayPartners, now: number): Promise<Authenticated> {
  const unauthorized = (code: AppotapayResultCode, reason: string): Authenticated => ({ ok: false, response: errorResponse(request, code, [{ field: 'X-APPOTAPAY-AUTH', reason }]) })
  const header = request.headers.get('x-appotapay-auth')?.trim()
  if (!header) return unauthorized('401', 'missing')
  const token = header.replace(/^Bearer\s+/i, '')
  let claims: z.infer<typeof JwtClaims>
  try {
    if (decodeProtectedHeader(token).alg !== 'HS256') return unauthorized('401', 'alg must be HS256')
    const parsed = JwtClaims.safeParse(decodeJwt(token))
    if (!parsed.success) return unauthorized('401', 'claims iss, jti, api_key and exp are required')
    claims = parsed.data
  } catch {
    return unauthorized('401', 'not a JWT')
  }
  const partner = partners.get(claims.iss)
  if (!partner) return unauthorized('11', 'unknown partner code (iss)')
  const verified = await tokens.verify(token, new TextEncoder().encode(partner.secretKey), now)
  if (!verified.ok) return unauthorized('401', verified.expired ? 'expired' : 'bad signature')
  if (claims.api_key !== partner.apiKey) return unauthorized('14', 'api_key does not match the partner')
  return { ok: true, partner }
}

/** Header rules of every call: JSON bodies, X-Request-ID up to 42 characters, Language vi or en. */
export function checkHeaders(request: Request, hasBody: boolean): ErrorDetail[] {
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

export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown }
  } catch {
    return { ok: false }
  }
}

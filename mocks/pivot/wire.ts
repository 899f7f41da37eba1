import type { MockRequest } from '../engine/provider-mock.ts'
import { constants, generateKeyPairSync, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto'
import { isoSeconds } from '../engine/iso-seconds.ts'
import { sha256 } from '../engine/sha256.ts'
import { jwtVerify } from 'jose'
import { signHs256, type Hs256Verifier } from '../engine/hs256.ts'
import { sealed, SEALED_TEST_CARD } from '../engine/sealed.ts'
import { jsonProblemOf, parseJsonLimited } from '../engine/json-limits.ts'
import type { z } from 'zod'
import { pivotResultCodes, type PivotResultCode } from '../../contracts/pivot/result-codes.ts'
import type { PivotMerchant, PivotMerchants } from './merchants.ts'
import { textResponse } from '../engine/responses.ts'

export interface ErrorDetail {
  readonly field: string
  readonly message: string
}

/** How long an access token lives (the authentication page: 900 s). */
export const ACCESS_TOKEN_TTL_S = 900

const JSON_HEADERS = { 'content-type': 'application/json' }

/** Pivot's answers are the same envelope with or without an error. */
export function errorResponse(code: PivotResultCode, details: readonly ErrorDetail[], traceId: string): Response {
  const entry = pivotResultCodes[code]
  const type = entry.httpStatus >= 500 ? 'GATEWAY_ERROR' : 'API_ERROR'
  return textResponse(JSON.stringify({ code, message: entry.message, error: { type, details, trace_id: traceId } }), { status: entry.httpStatus, headers: JSON_HEADERS })
}

export const isErrorCode = (code: string): code is PivotResultCode => Object.hasOwn(pivotResultCodes, code) && pivotResultCodes[code as PivotResultCode].httpStatus >= 400

export const okResponse = (data: unknown, status = 200): Response => textResponse(JSON.stringify({ code: '00', message: 'Success', data }), { status, headers: JSON_HEADERS })

/** Pivot's times: ISO 8601 in UTC to the second (`2026-12-07T04:05:06Z`). */
export const isoTime = (ms: number): string => isoSeconds(ms)

/** A UUID (version 4 layout) derived from a seed, so that one conversation always gives the same ids. */
export function uuidFrom(seed: string): string {
  const h = sha256(seed, 'hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

// Access tokens and payment-page tokens are signed with a key only the mock holds, made at start: a
// merchant cannot mint one, exactly as with the real service. Never a constant in the source (anyone
// reading it could mint tokens without the merchant secret), and not from `--seed` either: a seed is
// for repeatable ids, not for credentials. Tokens therefore do not outlive the process.
const TOKEN_KEY = new Uint8Array(randomBytes(32))

export function issueAccessToken(merchantId: string, now: number): string {
  const iat = Math.floor(now / 1000)
  return signHs256({ typ: 'access', sub: merchantId, iat, exp: iat + ACCESS_TOKEN_TTL_S }, TOKEN_KEY)
}

export function paymentPageToken(sessionId: string, expiresAt: number, now: number): string {
  return signHs256({ sid: sessionId, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000) }, TOKEN_KEY)
}

/** The payment session a payment-page token names, when the token is this process's and still valid at `now`. */
export async function sessionOfPageToken(token: string, now: number): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, TOKEN_KEY, { algorithms: ['HS256'], currentDate: new Date(now) })
    return typeof payload.sid === 'string' ? payload.sid : undefined
  } catch {
    return undefined
  }
}

export type Authenticated = { readonly ok: true; readonly merchant: PivotMerchant } | { readonly ok: false; readonly reason: string }

/** Checks `Authorization: Bearer <access token>` against the engine's clock; `tokens` remembers the signatures already checked. */
export async function authenticate(request: MockRequest, merchants: PivotMerchants, tokens: Hs256Verifier, now: number): Promise<Authenticated> {
  const header = request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim())
  if (!match?.[1]) return { ok: false, reason: 'Authorization: Bearer <access token> is missing' }
  const verified = await tokens.verify(match[1], TOKEN_KEY, now)
  if (!verified.ok) return { ok: false, reason: verified.expired ? 'the access token has expired' : 'the access token is invalid' }
  const { payload } = verified
  const merchant = typeof payload.sub === 'string' && payload.typ === 'access' ? merchants.get(payload.sub) : undefined
  return merchant ? { ok: true, merchant } : { ok: false, reason: 'the access token is invalid' }
}

/** Every zod issue as a `{field, message}` detail. */
export function detailsOf(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }))
}

export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: parseJsonLimited(raw) }
  } catch (error) {
    return { ok: false, reason: jsonProblemOf(error, 'the body is not valid JSON') }
  }
}

// ---------------------------------------------------------------------------------------------
// Card encryption: RSA-OAEP with SHA-256 over the card JSON, base64 (NOTES.md).

let keyPair: { publicKeyPem: string; privateKey: KeyObject } | undefined

/** The card-encryption key pair, made once per process (a 2048-bit key takes a moment). */
export function cardEncryptionKey(): { publicKeyPem: string; privateKey: KeyObject } {
  if (!keyPair) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    keyPair = { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey }
  }
  return keyPair
}

/** Decrypts `encryptedCard`; undefined when it is not base64 RSA-OAEP-SHA256 under the session key. */
export function decryptCard(encrypted: string): string | undefined {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(encrypted)) return undefined
  try {
    return privateDecrypt({ key: cardEncryptionKey().privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(encrypted, 'base64')).toString('utf8')
  } catch {
    return undefined
  }
}

/**
 * The body with every `encryptedCard` that decrypts under this process's key replaced by the card it
 * holds (named by its test card), for the recording (`ProviderMock.unseal`); undefined when the body
 * holds none. The engine redacts it before it is kept.
 */
export function unsealCards(body: unknown, testCards: readonly { readonly number: string; readonly label: string }[]): unknown {
  let found = false
  const walk = (value: unknown, key: string): unknown => {
    if (key === 'encryptedCard' && typeof value === 'string') {
      const plaintext = decryptCard(value)
      const parsed = plaintext === undefined ? undefined : parseJson(plaintext)
      const card = parsed?.ok ? parsed.value : undefined
      if (card === undefined || card === null || typeof card !== 'object' || Array.isArray(card)) return value
      found = true
      const number = (card as Record<string, unknown>).number
      const testCard = testCards.find((c) => c.number === number)
      return sealed({ ...(testCard ? { [SEALED_TEST_CARD]: testCard.label } : {}), ...(card as Record<string, unknown>) })
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key))
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]))
    return value
  }
  const out = walk(body, '')
  return found ? out : undefined
}

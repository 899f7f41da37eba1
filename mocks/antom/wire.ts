import type { MockRequest } from '../engine/provider-mock.ts'
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { z } from 'zod'
import { jsonProblemOf, type JsonParse } from '../engine/json-limits.ts'
import { antomResultCodes, type AntomResultCode } from '../../contracts/antom/result-codes.ts'
import type { AntomMerchant, AntomMerchants } from './merchants.ts'
import { textResponse } from '../engine/responses.ts'
import { antomTime, contentToSign, formatSignatureHeader, isValidRequestTime, parseSignatureHeader, signContentAsync, verifyContent } from './signing.ts'
import { antomTestKeys } from './test-keys.ts'

export const providerKey: KeyObject = createPrivateKey(antomTestKeys.providerPrivateKey)

// Forged notifications are signed with a key nobody holds, so only a real check rejects them.
let forgeryKey: KeyObject | undefined
export const forgedKey = (): KeyObject => (forgeryKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)

export interface AntomResult {
  readonly resultCode: string
  readonly resultStatus: 'S' | 'F' | 'U'
  readonly resultMessage: string
}

/** The `result` object of a code from the table, with an optional detail appended to the message. */
export function resultOf(code: AntomResultCode, detail?: string): AntomResult {
  const entry = antomResultCodes[code]
  return { resultCode: code, resultStatus: entry.status, resultMessage: detail ? `${entry.message} ${detail}` : entry.message }
}

/** Looks up a code forced by a scenario; codes outside the table are answered as F. */
export function resultOfAny(code: string): AntomResult {
  return code in antomResultCodes
    ? resultOf(code as AntomResultCode)
    : { resultCode: code, resultStatus: 'F', resultMessage: `${code} (injected by a Tokenproof scenario)` }
}

/**
 * An Antom response: HTTP 200 with the result in the body, signed with the provider key over
 * `POST <path>\n<client-id>.<response-time>.<body>` unless the request's own signature failed.
 */
export async function antomResponse(request: MockRequest, clientId: string | undefined, body: object, now: number, options: { signed?: boolean } = {}): Promise<Response> {
  const text = JSON.stringify(body)
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' }
  if (clientId !== undefined && options.signed !== false) {
    const url = new URL(request.url)
    const responseTime = antomTime(now)
    headers['client-id'] = clientId
    headers['response-time'] = responseTime
    headers.signature = formatSignatureHeader(await signContentAsync(contentToSign(request.method, url.pathname + url.search, clientId, responseTime, text), providerKey))
  }
  return textResponse(text, { status: 200, headers })
}

export type Authenticated = { readonly ok: true; readonly merchant: AntomMerchant } | { readonly ok: false; readonly response: Response }

/** Checks content type, Client-Id, Request-Time and the RSA256 signature, in that order. */
export async function authenticate(request: MockRequest, rawBody: string, merchants: AntomMerchants, now: number): Promise<Authenticated> {
  const fail = async (code: AntomResultCode, detail: string, clientId?: string, signed = true): Promise<Authenticated> => ({
    ok: false,
    response: await antomResponse(request, clientId, { result: resultOf(code, detail) }, now, { signed }),
  })
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^application\/json\b/i.test(contentType.trim())) return fail('MEDIA_TYPE_NOT_ACCEPTABLE', 'Content-Type must be application/json.')
  const clientId = request.headers.get('client-id')
  if (!clientId) return fail('PARAM_ILLEGAL', 'The Client-Id header is missing.')
  const merchant = merchants.get(clientId)
  if (!merchant) return fail('INVALID_CLIENT', `No merchant is registered with Client-Id ${clientId}.`, clientId)
  const requestTime = request.headers.get('request-time')
  if (!requestTime || !isValidRequestTime(requestTime)) return fail('PARAM_ILLEGAL', 'The Request-Time header is missing or is neither epoch milliseconds nor ISO 8601.', clientId)
  const header = request.headers.get('signature')
  if (!header) return fail('INVALID_SIGNATURE', 'The Signature header is missing.', clientId, false)
  const parsed = parseSignatureHeader(header)
  if (parsed.algorithm !== 'RSA256' || !parsed.signature) return fail('INVALID_SIGNATURE', 'The Signature header must be algorithm=RSA256,keyVersion=<n>,signature=<value>.', clientId, false)
  const url = new URL(request.url)
  const content = contentToSign(request.method, url.pathname + url.search, clientId, requestTime, rawBody)
  if (!verifyContent(content, parsed.signature, merchant.publicKey)) return fail('INVALID_SIGNATURE', 'The signature does not match the request.', clientId, false)
  return { ok: true, merchant }
}

/**
 * Card fields whose bad values the sandbox answers with a card result rather than PARAM_ILLEGAL
 * (the test-card page: month 13 → invalid expiry, a 2-digit CVV → invalid CVC).
 */
export const CARD_FIELD_CODES: Readonly<Record<string, AntomResultCode>> = {
  expiryMonth: 'INVALID_EXPIRATION_DATE',
  expiryYear: 'INVALID_EXPIRATION_DATE',
  cvv: 'INVALID_CVV',
}

/** Parses the JSON body with the operation's schema; PARAM_ILLEGAL names the first offending field. */
export function parseRequest<T>(
  body: JsonParse,
  schema: z.ZodType<T>,
  fieldCodes: Readonly<Record<string, AntomResultCode>> = {},
): { ok: true; value: T; json: unknown } | { ok: false; result: AntomResult } {
  if (!body.ok) return { ok: false, result: resultOf('PARAM_ILLEGAL', jsonProblemOf(body.error, 'The request body is not valid JSON.')) }
  const json = body.value
  const parsed = schema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data, json }
  const issue = parsed.error.issues[0]
  const path = issue?.path.join('.') || '(body)'
  const field = issue?.path.at(-1)
  const fieldCode = typeof field === 'string' ? fieldCodes[field] : undefined
  if (fieldCode) return { ok: false, result: resultOf(fieldCode, `${path}: ${issue?.message ?? 'invalid'}.`) }
  return { ok: false, result: resultOf('PARAM_ILLEGAL', `${path}: ${issue?.message ?? 'invalid'}.`) }
}

/**
 * Signed headers for a notification to the merchant (forged: signed with a key that is not
 * Antom's; unsigned: no Signature header at all).
 */
export async function notificationHeaders(url: string, clientId: string, body: string, now: number, forged: boolean, unsigned = false): Promise<Record<string, string>> {
  const target = new URL(url)
  const requestTime = antomTime(now)
  const headers = { 'content-type': 'application/json; charset=UTF-8', 'client-id': clientId, 'request-time': requestTime }
  if (unsigned) return headers
  const signature = await signContentAsync(contentToSign('POST', target.pathname + target.search, clientId, requestTime, body), forged ? forgedKey() : providerKey)
  return { ...headers, signature: formatSignatureHeader(signature) }
}

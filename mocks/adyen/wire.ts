import type { MockRequest } from '../engine/provider-mock.ts'
import { randomInt } from 'node:crypto'
import type { z } from 'zod'
import { jsonProblemOf, type JsonParse } from '../engine/json-limits.ts'
import { adyenErrorCodes, type AdyenErrorCodeId } from '../../contracts/adyen/result-codes.ts'
import type { ServiceError } from '../../contracts/adyen/schemas.ts'
import { isoSeconds } from '../engine/iso-seconds.ts'
import { textResponse } from '../engine/responses.ts'
import type { AdyenMerchant, AdyenMerchants } from './merchants.ts'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** A 16-character reference like Adyen's pspReference (and token ids, which share the format). */
export function newReference(): string {
  let out = ''
  for (let i = 0; i < 16; i++) out += ALPHABET[randomInt(ALPHABET.length)]
  return out
}

/** Adyen's times: `yyyy-MM-ddTHH:mm:ss+00:00`, the form of its samples (session expiry, webhook eventDate, contract creation). */
export const adyenTime = (ms: number): string => isoSeconds(ms, '+00:00')

export interface Answer {
  readonly status: number
  readonly body: object | undefined
}

/** The ServiceError body of a code from the table; `detail` replaces the generic message. */
export function serviceError(code: AdyenErrorCodeId, detail?: string): Answer {
  const entry = adyenErrorCodes[code]
  const body: ServiceError = { status: entry.httpStatus, errorCode: code, message: detail ?? entry.message, errorType: entry.errorType, pspReference: newReference() }
  return { status: entry.httpStatus, body }
}

/** An answer on the wire: JSON (or an empty 204), with the `pspreference` header and the echoed idempotency key. */
export function adyenResponse(answer: Answer, idempotencyKey?: string | null): Response {
  const headers: Record<string, string> = {}
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey
  const psp = answer.body && 'pspReference' in answer.body ? (answer.body as { pspReference?: unknown }).pspReference : undefined
  if (typeof psp === 'string') headers.pspreference = psp
  if (answer.body === undefined) return new Response(null, { status: answer.status, headers })
  headers['content-type'] = 'application/json;charset=UTF-8'
  return textResponse(JSON.stringify(answer.body), { status: answer.status, headers })
}

export type Authenticated = { readonly ok: true; readonly merchant: AdyenMerchant } | { readonly ok: false; readonly answer: Answer }

/** `X-API-Key` names the merchant; without a known key every call is 401. */
export function authenticate(request: MockRequest, merchants: AdyenMerchants): Authenticated {
  const key = request.headers.get('x-api-key')
  const merchant = key ? merchants.byKey(key) : undefined
  return merchant ? { ok: true, merchant } : { ok: false, answer: serviceError('000') }
}

/** A request naming a merchant account its API key does not belong to. */
export function checkAccount(merchant: AdyenMerchant, merchantAccount: string): Answer | undefined {
  return merchantAccount === merchant.merchantAccount ? undefined : serviceError('901', `Invalid Merchant Account: the API key does not belong to ${merchantAccount}`)
}

/** Required fields whose absence has a code of its own. */
const MISSING_FIELD_CODES: Readonly<Record<string, AdyenErrorCodeId>> = {
  reference: '130',
  amount: '100',
  returnUrl: '14_030',
}

/** Fields whose out-of-range value has a code of its own. */
const INVALID_FIELD_CODES: Readonly<Record<string, AdyenErrorCodeId>> = {
  'amount.value': '137',
}

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value
  for (const key of path) current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined
  return current
}

export type Parsed<T> = { readonly ok: true; readonly value: T; readonly json: unknown } | { readonly ok: false; readonly answer: Answer }

/**
 * Parses a JSON body (or a query object) with a schema. Unparsable JSON and values of the wrong JSON
 * type are 400/702; a missing or invalid field is 422 with the field's own code where one exists.
 */
export function parseInput<T>(input: JsonParse, schema: z.ZodType<T>): Parsed<T> {
  if (!input.ok) return { ok: false, answer: serviceError('702', `Unable to parse the request body: ${jsonProblemOf(input.error, 'it is not valid JSON.')}`) }
  const json = input.value
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, answer: serviceError('702', 'Unable to parse the request body: a JSON object is expected.') }
  const parsed = schema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data, json }
  const issue = parsed.error.issues[0]
  const path = issue?.path ?? []
  const field = path.map(String).join('.')
  const present = at(json, path) !== undefined
  if (!present) {
    const code = MISSING_FIELD_CODES[field] ?? '701'
    return { ok: false, answer: serviceError(code, `Required field '${field}' is not provided.`) }
  }
  if (issue?.code === 'invalid_type') return { ok: false, answer: serviceError('702', `Couldn't parse '${field}': ${issue.message}.`) }
  return { ok: false, answer: serviceError(INVALID_FIELD_CODES[field] ?? '701', `Field '${field}' is not valid: ${issue?.message ?? 'invalid'}.`) }
}

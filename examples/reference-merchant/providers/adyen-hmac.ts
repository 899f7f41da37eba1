/**
 * Verifying Adyen standard webhooks, as Adyen documents it ("Verify HMAC signatures"): the
 * signature is inside the body (`additionalData.hmacSignature`), HMAC-SHA256 with the hex-decoded
 * key from the Customer Area over eight values joined by ":", base64. Optionally the webhook also
 * carries the basic-auth credentials configured with it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** The fields of a NotificationRequestItem the HMAC covers. */
export interface SignedFields {
  readonly pspReference: string
  readonly originalReference?: string | undefined
  readonly merchantAccountCode: string
  readonly merchantReference: string
  readonly amount: { readonly value: number; readonly currency: string }
  readonly eventCode: string
  readonly success: string
}

/** A usable HMAC key: an even number of hex digits, as the Customer Area shows it. */
export function hmacKeyFrom(text: string): Buffer {
  const trimmed = text.trim()
  if (!/^([0-9A-Fa-f]{2})+$/.test(trimmed)) throw new Error('hmacKey must be the hex key from the Customer Area')
  return Buffer.from(trimmed, 'hex')
}

/** The string Adyen signs: a missing value is empty, nothing is escaped. */
function dataToSign(item: SignedFields): string {
  return [item.pspReference, item.originalReference ?? '', item.merchantAccountCode, item.merchantReference, item.amount.value, item.amount.currency, item.eventCode, item.success].join(':')
}

/** Whether `signature` (base64) is Adyen's HMAC of the item. Missing or malformed fails. */
export function verifyItemHmac(item: SignedFields, signature: string | undefined, key: Buffer): boolean {
  if (!signature) return false
  const expected = createHmac('sha256', key).update(dataToSign(item), 'utf8').digest()
  const given = Buffer.from(signature, 'base64')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Constant-time check of `Authorization: Basic …` against the configured webhook user. */
export function basicAuthMatches(header: string | null, username: string, password: string): boolean {
  if (!header?.startsWith('Basic ')) return false
  const given = Buffer.from(header.slice('Basic '.length).trim(), 'utf8')
  const expected = Buffer.from(Buffer.from(`${username}:${password}`, 'utf8').toString('base64'), 'utf8')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

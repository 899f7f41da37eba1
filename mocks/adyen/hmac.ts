import { createHmac, timingSafeEqual } from 'node:crypto'

/** The fields of a NotificationRequestItem the standard-webhook HMAC covers. */
export interface SignedItemFields {
  readonly pspReference: string
  readonly originalReference?: string | undefined
  readonly merchantAccountCode: string
  readonly merchantReference: string
  readonly amount: { readonly value: number; readonly currency: string }
  readonly eventCode: string
  readonly success: string
}

/**
 * Adyen's string to sign: the eight values joined by ":" in this order, a missing value as "",
 * nothing escaped (the Node library's hmacValidator does exactly this).
 */
export function hmacDataToSign(item: SignedItemFields): string {
  return [item.pspReference, item.originalReference ?? '', item.merchantAccountCode, item.merchantReference, item.amount.value, item.amount.currency, item.eventCode, item.success].join(':')
}

/** HMAC-SHA256 with the hex-decoded key, base64: the value of `additionalData.hmacSignature`. */
export function hmacSign(data: string, hexKey: string): string {
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(data, 'utf8').digest('base64')
}

export function hmacVerify(data: string, signature: string, hexKey: string): boolean {
  const expected = Buffer.from(hmacSign(data, hexKey), 'base64')
  const given = Buffer.from(signature, 'base64')
  return expected.length === given.length && timingSafeEqual(expected, given)
}

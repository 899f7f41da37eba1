/**
 * AppotaPay's merchant-hosted card API sends no notification (no IPN is documented for it): the
 * payment's outcome and the token are only ever in synchronous answers. The merchant's rule is
 * still "a card is saved only from a verified confirmation that the payment succeeded", and in
 * this codebase that confirmation enters through the notification endpoint (payments.ts saves
 * cards only in applyNotification).
 *
 * So once AppotaPay's own record (Get Charge, read back by us) confirms a successful charge with
 * the token, the adapter hands that confirmation to its own notification endpoint, signed with a
 * key only this connection knows. Nobody else can forge one; anything else posted to
 * /notify/appotapay is rejected. (A cleaner seam would let an adapter return a confirmed card with
 * its answer: see the report that came with this file.)
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

export const CONFIRMATION_HEADER = 'x-merchant-confirmation'

/** What a confirmation says: the charge AppotaPay confirmed, and the card to save, if any. */
export const Confirmation = z.object({
  merchantReference: z.string().min(1),
  chargeId: z.string().min(1),
  card: z
    .object({
      token: z.string().min(1),
      masked: z.string().min(1),
      brand: z.string().optional(),
      expiryMonth: z.string().optional(),
      expiryYear: z.string().optional(),
    })
    .optional(),
})
export type Confirmation = z.infer<typeof Confirmation>

export interface ConfirmationChannel {
  /** Delivers a confirmation to the merchant's notification endpoint; false when it was not accepted. */
  send(confirmation: Confirmation): Promise<boolean>
  /** The confirmation in a request to the notification endpoint, or undefined when it is not ours. */
  verify(headers: Headers, body: string): Confirmation | undefined
}

export function createConfirmationChannel(notificationUrl: string, timeoutMs: number, log: (line: string) => void): ConfirmationChannel {
  // A fresh key per connection: a confirmation is only ever produced and checked in this process.
  const key = randomBytes(32)
  const sign = (body: string): string => createHmac('sha256', key).update(body).digest('hex')
  return {
    async send(confirmation) {
      const body = JSON.stringify(confirmation)
      try {
        const response = await fetch(notificationUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CONFIRMATION_HEADER]: sign(body) },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        })
        await response.text()
        return response.status === 200
      } catch (error) {
        // Not saving the card is the safe failure: the payment itself is already booked.
        log(`appotapay confirmation for ${confirmation.merchantReference} not delivered: ${error instanceof Error ? error.message : String(error)}`)
        return false
      }
    },
    verify(headers, body) {
      const given = Buffer.from(headers.get(CONFIRMATION_HEADER) ?? '', 'hex')
      const expected = Buffer.from(sign(body), 'hex')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
      return readConfirmation(body)
    },
  }
}

/** Reads a confirmation's body, without checking who wrote it (verify does both). */
export function readConfirmation(body: string): Confirmation | undefined {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return undefined
  }
  const parsed = Confirmation.safeParse(json)
  return parsed.success ? parsed.data : undefined
}

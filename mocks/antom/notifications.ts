import { antomContract } from '../../contracts/antom/index.ts'
import { NotificationAck, type NotifyPayment, type NotifyVaulting } from '../../contracts/antom/schemas.ts'
import { parseJsonLimited } from '../engine/json-limits.ts'
import { otherAmountOf, type DeliveryAnswer } from '../engine/outbox.ts'
import { PROVIDER_ID, type AntomContext } from './context.ts'
import { notificationHeaders } from './wire.ts'

/** Antom's required answer: HTTP 200 and the fixed SUCCESS result (see NOTES.md). */
export function isAntomAck(answer: DeliveryAnswer): boolean {
  if (answer.status !== 200) return false
  try {
    return NotificationAck.safeParse(parseJsonLimited(answer.body)).success
  } catch {
    return false
  }
}

/** Queues a signed notification to the merchant through the engine's outbox. */
export function sendNotification(
  context: AntomContext,
  input: { kind: 'notifyPayment' | 'notifyVaulting'; clientId: string; url: string | undefined; subject: string; body: NotifyPayment | NotifyVaulting },
): void {
  const { engine } = context
  const body = JSON.stringify(input.body)
  const amount = 'paymentAmount' in input.body ? input.body.paymentAmount : undefined
  engine.outbox.enqueue({
    provider: PROVIDER_ID,
    kind: input.kind,
    subject: input.subject,
    url: input.url,
    body,
    schedule: antomContract.retrySchedule,
    // Request-Time is the send time on the wall clock: a retry the engine clock reached by an advance is
    // still fresh for a merchant with a replay window (docs/conformance.md, Time).
    sign: ({ url, body, forged, unsigned }) => notificationHeaders(url, input.clientId, body, engine.clock.wall(), forged, unsigned === true),
    impostors: {
      // The same notification as Antom signs it for another merchant (another Client-Id): what a
      // merchant that reuses this one's references would receive and could forward.
      otherMerchant: { body, sign: ({ url, body }) => notificationHeaders(url, otherClientId(input.clientId), body, engine.clock.wall(), false) },
      ...(amount ? { otherAmount: { body: JSON.stringify({ ...input.body, paymentAmount: { ...amount, value: String(otherAmountOf(Number(amount.value))) } }) } } : {}),
    },
    isAcknowledged: isAntomAck,
  })
}

/** A Client-Id that is not this merchant's. */
const otherClientId = (clientId: string): string => `${clientId.slice(0, -4)}${clientId.endsWith('OTHR') ? 'ELSE' : 'OTHR'}`

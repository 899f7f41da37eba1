import { antomContract } from '../../contracts/antom/index.ts'
import { NotificationAck, type NotifyPayment, type NotifyVaulting } from '../../contracts/antom/schemas.ts'
import type { DeliveryAnswer } from '../engine/outbox.ts'
import { PROVIDER_ID, type AntomContext } from './context.ts'
import { notificationHeaders } from './wire.ts'

/** Antom's required answer: HTTP 200 and the fixed SUCCESS result (see NOTES.md). */
export function isAntomAck(answer: DeliveryAnswer): boolean {
  if (answer.status !== 200) return false
  try {
    return NotificationAck.safeParse(JSON.parse(answer.body)).success
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
  engine.outbox.enqueue({
    provider: PROVIDER_ID,
    kind: input.kind,
    subject: input.subject,
    url: input.url,
    body: JSON.stringify(input.body),
    schedule: antomContract.retrySchedule,
    sign: ({ url, body, forged }) => notificationHeaders(url, input.clientId, body, engine.clock.now(), forged),
    isAcknowledged: isAntomAck,
  })
}

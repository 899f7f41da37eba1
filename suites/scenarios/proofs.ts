/**
 * Proofs of set-up: before a scenario judges the integration, the mock's own record must show that
 * the situation it judges really happened (the decline card was declined, the fault was hit, the
 * token is there). When it does not, the scenario ends as an `error` (SetupError), never a finding.
 */
import type { ScenarioCard } from '../../contracts/core/conformance.ts'
import type { MockPayment, NotificationRecord } from '../mock-control.ts'
import { describePayments, type ScenarioContext } from '../scenario.ts'

/** The payments the mock holds now, to tell the ones a step makes from those made before it. */
export async function paymentMark(ctx: ScenarioContext): Promise<ReadonlySet<string>> {
  return new Set((await ctx.mockPayments()).map((p) => p.id))
}

export async function paymentsSince(ctx: ScenarioContext, mark: ReadonlySet<string>): Promise<MockPayment[]> {
  return (await ctx.mockPayments()).filter((p) => !mark.has(p.id))
}

/** Where the provider picks a behaviour by the holder name, the likely reason a card did not play its part. */
export function cardHint(card: ScenarioCard | undefined): string {
  return card?.holderName === undefined ? '' : ` (this provider picks the card's behaviour by the holder name "${card.holderName}": does the integration pass on the holder name it was given?)`
}

/**
 * Proves the payments made since `mark` include one in a wanted status and, unless success is
 * wanted, none that succeeded. Returns them.
 */
export async function provePayment(ctx: ScenarioContext, mark: ReadonlySet<string>, wanted: readonly string[], what: string, card?: ScenarioCard): Promise<MockPayment[]> {
  const made = await paymentsSince(ctx, mark)
  const ok = made.some((p) => wanted.includes(p.status)) && (wanted.includes('succeeded') || !made.some((p) => p.status === 'succeeded'))
  ctx.proveSetup(ok, what, () => `${describePayments(made)}${cardHint(card)}`)
  return made
}

/** Proves every fault the scenario injected was hit by a call of the integration. */
export async function proveFaultHit(ctx: ScenarioContext, what: string): Promise<void> {
  const rules = await ctx.mock.rules()
  ctx.proveSetup(rules.length > 0 && rules.every((r) => r.used > 0), what, () =>
    rules.length === 0
      ? 'no fault was injected'
      : `the injected fault was never hit: no ${rules.map((r) => r.operation ?? 'call').join(', ')} call of the integration reached the mock after it was set`,
  )
}

/** Proves the mock sent (at least one attempt of) a notification matching `attempted`. */
export async function proveNotified(ctx: ScenarioContext, what: string, attempted: (n: NotificationRecord) => boolean): Promise<NotificationRecord[]> {
  const notifications = await ctx.mock.notifications(ctx.provider)
  ctx.proveSetup(notifications.some(attempted), what, () =>
    notifications.length === 0 ? 'the mock sent no notification at all' : `the mock's notifications: ${notifications.map((n) => `${n.kind} ${n.status}, ${n.attempts.length} attempt(s)`).join('; ')}`,
  )
  return notifications
}

/** Whether any attempt of any notification has been sent yet. */
export async function anyNotificationSent(ctx: ScenarioContext): Promise<boolean> {
  return (await ctx.mock.notifications(ctx.provider)).some((n) => n.attempts.length > 0)
}

/** Notifications as providers really deliver them: twice, forged, late and out of order. */
import { RULES } from '../rules.ts'
import { driverEvidence, evidenceOf, scenarioCard, type Scenario } from '../scenario.ts'
import type { NotificationRecord } from '../mock-control.ts'
import { paymentMark, provePayment, proveNotified } from './proofs.ts'
import { needsPayFlow, payWithNewCard, saveFlow, SETTLE_MS } from './steps.ts'

const needsSaveFlow: Scenario['unavailable'] = (subject, flow) => {
  if (subject.profile.notifications === undefined) return 'the provider sends no notifications'
  return needsPayFlow(subject, flow)
}

export const duplicateNotification: Scenario = {
  id: 'duplicate-notification',
  title: 'Every notification is delivered twice',
  given: 'every notification is delivered twice',
  rules: [RULES.NOTIFICATION_ONCE],
  per: 'payFlow',
  unavailable: needsSaveFlow,
  async run(ctx) {
    await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode: 'duplicate' } })
    const { input } = await payWithNewCard(ctx, { save: true })
    await ctx.advance(SETTLE_MS)
    // Delivered twice: the duplicate after an acknowledgement, or the provider's own retries of one
    // that was not acknowledged (the acknowledgement check, TP-NOTIFY-004, judges that part).
    await proveNotified(ctx, 'a notification delivered twice', (n) => n.attempts.filter((a) => a.status !== undefined).length >= 2)
    const cards = await ctx.savedCards()
    const order = await ctx.order(input.orderId)
    const evidence = [driverEvidence('saved-cards', cards), driverEvidence('order', order), ...(await ctx.notificationDeliveries()).map((e) => evidenceOf(e))]
    ctx.check(RULES.NOTIFICATION_ONCE, cards.length <= 1 && (order.captures ?? 0) <= 1, `a duplicate was applied again: ${cards.length} saved cards, ${order.captures ?? 0} captures for one payment`, evidence)
  },
}

export const forgedNotification: Scenario = {
  id: 'forged-notification',
  title: 'Notifications signed with the wrong key',
  given: 'notifications are signed with the wrong key',
  rules: [RULES.NOTIFICATION_VERIFIED, RULES.SAVE_ONLY_AFTER_NOTIFICATION],
  per: 'payFlow',
  unavailable: needsSaveFlow,
  async run(ctx) {
    await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode: 'forgedSignature' } })
    await payWithNewCard(ctx, { save: true })
    await ctx.mock.idle()
    await proveNotified(ctx, 'a notification signed with the wrong key', (n) => n.attempts.some((a) => a.forged === true))
    const deliveries = await ctx.notificationDeliveries()
    const notifications = await ctx.mock.notifications(ctx.provider)
    const acknowledged = notifications.flatMap((n) => n.attempts).filter((a) => a.forged === true && a.acknowledged)
    const cards = await ctx.savedCards()
    const evidence = [driverEvidence('saved-cards', cards), ...deliveries.map((e) => evidenceOf(e))]
    ctx.check(RULES.NOTIFICATION_VERIFIED, acknowledged.length === 0, `the integration acknowledged ${acknowledged.length} notification(s) whose signature does not verify`, evidence)
    // Forged ones rejected, yet a card saved: it came from somewhere the provider never confirmed.
    if (acknowledged.length > 0) ctx.check(RULES.NOTIFICATION_VERIFIED, cards.length === 0, 'the card token came only in forged notifications, yet the integration saved it', evidence)
    else ctx.check(RULES.SAVE_ONLY_AFTER_NOTIFICATION, cards.length === 0, 'every notification was forged (and rejected), yet the integration shows a saved card: it saved one the provider never confirmed', evidence)
  },
}

export const reorderedNotifications: Scenario = {
  id: 'reordered-notifications',
  title: 'A notification the provider may send late arrives after the others',
  given: 'notifications arrive out of order',
  rules: [RULES.NOTIFICATION_ORDER],
  per: 'payFlow',
  unavailable: (subject, flow) => {
    const semantics = subject.profile.notifications
    if (semantics === undefined) return 'the provider sends no notifications'
    const late = semantics.mayArriveLate
    if (!late) return 'the provider sends one notification per payment: none can arrive after another'
    if (!scenarioCard(subject, late.card, flow)) return `the provider declares no ${late.card} test card`
    return needsSaveFlow(subject, flow)
  },
  async run(ctx) {
    // What "arrives late" means is the provider's to declare: the notification it documents can
    // come after another of the same payment (never the only one that carries the result, which a
    // correct merchant rightly waits for).
    const late = ctx.profile.notifications?.mayArriveLate
    const card = late ? ctx.card(late.card) : undefined
    if (!late || !card || !saveFlow(ctx)) return
    const hold = ctx.settleTime(card) + SETTLE_MS
    await ctx.mock.chaos({ provider: ctx.provider, kind: late.kind, times: 1, chaos: { mode: 'late', delayMs: hold } })
    const mark = await paymentMark(ctx)
    const { input } = await payWithNewCard(ctx, { save: true, card })
    await ctx.advance(hold - 60_000)
    const isHeld = (n: NotificationRecord): boolean => n.chaos?.some((c) => c.mode === 'late') === true
    const before = await ctx.mock.notifications(ctx.provider)
    ctx.proveSetup(before.some((n) => isHeld(n) && n.attempts.length === 0) && before.some((n) => !isHeld(n) && n.attempts.length > 0), late.description, () =>
      `the mock's notifications before the held one was due: ${before.map((n) => `${n.kind}${isHeld(n) ? ' (held)' : ''} ${n.attempts.length} attempt(s)`).join('; ') || 'none'}`,
    )
    // The state once the others arrived, before the held notification does.
    const settled = await ctx.order(input.orderId)
    const settledCards = (await ctx.savedCards()).length
    await ctx.advance(SETTLE_MS)
    await proveNotified(ctx, `${late.description}: the held notification sent`, (n) => isHeld(n) && n.attempts.length > 0)
    await provePayment(ctx, mark, ['succeeded'], `${late.description}: a payment that succeeded`, card)
    const order = await ctx.order(input.orderId)
    const cards = await ctx.savedCards()
    // A final state must survive a late notification, and nothing learnt may be lost; a pending
    // order moving on when the held notification is the one that completes it is right.
    const final = settled.status === 'paid' || settled.status === 'failed'
    ctx.check(
      RULES.NOTIFICATION_ORDER,
      (!final || order.status === settled.status) && cards.length >= settledCards,
      `the late notification (${late.description}) changed the order from ${settled.status} to ${order.status} (saved cards ${settledCards} → ${cards.length})`,
      [driverEvidence('order before the late notification', settled), driverEvidence('order after', order), ...(await ctx.notificationDeliveries()).map((e) => evidenceOf(e))],
    )
  },
}

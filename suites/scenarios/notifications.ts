/** Notifications as providers really deliver them: twice, forged, late and out of order. */
import { RULES } from '../rules.ts'
import { driverEvidence, evidenceOf, scenarioCard, type Scenario } from '../scenario.ts'
import { proveNotified } from './proofs.ts'
import { payWithNewCard, saveFlow, SETTLE_MS } from './steps.ts'

const needsSaveFlow: Scenario['unavailable'] = (subject) => {
  if (subject.profile.paymentNotification === undefined) return 'the provider sends no notifications'
  const { saveOnCheckout, saveOnPage } = subject.profile.flows
  return [saveOnCheckout, saveOnPage].some((f) => f !== undefined && subject.integrationFlows.includes(f)) ? undefined : 'the integration offers no flow that saves a card'
}

export const duplicateNotification: Scenario = {
  id: 'duplicate-notification',
  title: 'Every notification is delivered twice',
  given: 'every notification is delivered twice',
  rules: [RULES.NOTIFICATION_ONCE],
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
  title: 'The first notification arrives after the later ones',
  given: 'notifications arrive out of order',
  rules: [RULES.NOTIFICATION_ORDER],
  unavailable: (subject) => {
    if (!scenarioCard(subject, 'pendingSuccess')) return 'the provider declares no pending test card'
    return needsSaveFlow(subject)
  },
  async run(ctx) {
    const card = ctx.card('pendingSuccess')
    if (!card || !saveFlow(ctx)) return
    // The first notification (the "pending" one, where the provider sends one) is held past the final result.
    const hold = ctx.settleTime(card) + SETTLE_MS
    await ctx.mock.chaos({ provider: ctx.provider, times: 1, chaos: { mode: 'late', delayMs: hold } })
    const { input } = await payWithNewCard(ctx, { save: true, card })
    await ctx.advance(hold - 60_000)
    // The state once the final result arrived, before the held notification does.
    const settled = await ctx.order(input.orderId)
    const settledCards = (await ctx.savedCards()).length
    await ctx.advance(SETTLE_MS)
    const order = await ctx.order(input.orderId)
    const cards = await ctx.savedCards()
    ctx.check(
      RULES.NOTIFICATION_ORDER,
      order.status === settled.status && cards.length === settledCards,
      `a late notification changed the order from ${settled.status} to ${order.status} (saved cards ${settledCards} → ${cards.length})`,
      [driverEvidence('order before the late notification', settled), driverEvidence('order after', order), ...(await ctx.notificationDeliveries()).map((e) => evidenceOf(e))],
    )
  },
}

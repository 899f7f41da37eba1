/** Notifications as providers really deliver them: twice, forged, late and out of order. */
import { RULES } from '../rules.ts'
import { driverEvidence, evidenceOf, scenarioCard, ScenarioNotApplicable, type Scenario } from '../scenario.ts'
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
  per: 'saveFlow',
  unavailable: needsSaveFlow,
  async run(ctx) {
    await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode: 'duplicate' } })
    const { input } = await payWithNewCard(ctx, { save: true })
    await ctx.advance(SETTLE_MS)
    // Delivered twice: the duplicate after an acknowledgement, or the provider's own retries of one
    // that was not acknowledged (the acknowledgement check, TP-NOTIFY-004, judges that part).
    await proveNotified(ctx, 'a notification delivered twice', (n) => n.attempts.filter((a) => a.status !== undefined).length >= 2)
    const cards = await ctx.savedCards()
    // A zero-amount save may leave no order: the saved cards still show a duplicate applied twice.
    const order = await ctx.orderIfKept(input.orderId)
    const evidence = [driverEvidence('saved-cards', cards), ...(order ? [driverEvidence('order', order)] : []), ...(await ctx.notificationDeliveries()).map((e) => evidenceOf(e))]
    ctx.check(RULES.NOTIFICATION_ONCE, cards.length <= 1 && (order?.captures ?? 0) <= 1, `a duplicate was applied again: ${cards.length} saved cards, ${order?.captures ?? 0} captures for one payment`, evidence)
  },
}

/** Every notification arrives so that it does not verify: signed with the wrong key, or not signed at all. */
function unverifiable(id: string, title: string, given: string, mode: 'forgedSignature' | 'unsigned', what: string, sent: (a: NotificationRecord['attempts'][number]) => boolean): Scenario {
  return {
    id,
    title,
    given,
    rules: [RULES.NOTIFICATION_VERIFIED, RULES.SAVE_ONLY_AFTER_NOTIFICATION],
    per: 'saveFlow',
    unavailable: needsSaveFlow,
    async run(ctx) {
      await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode } })
      await payWithNewCard(ctx, { save: true })
      await ctx.mock.idle()
      await proveNotified(ctx, `a notification ${what}`, (n) => n.attempts.some(sent))
      const deliveries = await ctx.notificationDeliveries()
      const notifications = await ctx.mock.notifications(ctx.provider)
      const acknowledged = notifications.flatMap((n) => n.attempts).filter((a) => sent(a) && a.acknowledged)
      const cards = await ctx.savedCards()
      const evidence = [driverEvidence('saved-cards', cards), ...deliveries.map((e) => evidenceOf(e))]
      ctx.check(RULES.NOTIFICATION_VERIFIED, acknowledged.length === 0, `the integration acknowledged ${acknowledged.length} notification(s) ${what}`, evidence)
      // Rejected, yet a card saved: it came from somewhere the provider never confirmed.
      if (acknowledged.length > 0) ctx.check(RULES.NOTIFICATION_VERIFIED, cards.length === 0, `the card token came only in notifications ${what}, yet the integration saved it`, evidence)
      else ctx.check(RULES.SAVE_ONLY_AFTER_NOTIFICATION, cards.length === 0, `every notification came ${what} (and was rejected), yet the integration shows a saved card: it saved one the provider never confirmed`, evidence)
    },
  }
}

export const forgedNotification = unverifiable(
  'forged-notification',
  'Notifications signed with the wrong key',
  'notifications are signed with the wrong key',
  'forgedSignature',
  'signed with the wrong key',
  (a) => a.forged === true,
)

export const unsignedNotification = unverifiable(
  'unsigned-notification',
  'Notifications with no signature at all',
  'notifications come without a signature',
  'unsigned',
  'with no signature at all',
  (a) => a.unsigned === true,
)

/** A notification validly signed, but for another merchant or another amount: genuine, and not this order's. */
function impostor(id: string, title: string, given: string, as: 'otherMerchant' | 'otherAmount', what: string): Scenario {
  return {
    id,
    title,
    given,
    rules: [RULES.NOTIFICATION_IS_OURS],
    per: 'saveFlow',
    unavailable: (subject, flow) =>
      subject.profile.notifications !== undefined && subject.profile.notifications.impostors?.includes(as) !== true
        ? `the provider's notifications cannot come validly signed ${what}`
        : needsSaveFlow(subject, flow),
    async run(ctx) {
      // A pending payment where the provider has one: only a notification (or an inquiry) can then
      // tell the integration the result, so what it does with the impostor shows.
      const card = ctx.card('pendingSuccess') ?? ctx.card('success')
      if (!card) return
      // Every notification is replaced by the impostor and held back, so the order is read first.
      await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode: 'impostor', as } })
      await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode: 'late', delayMs: 30 * 60_000 } })
      const mark = await paymentMark(ctx)
      const { input } = await payWithNewCard(ctx, { save: true, card })
      const before = await ctx.orderIfKept(input.orderId)
      // Without an order, only a saved card can show an impostor applied; an amount changes nothing else.
      if (before === undefined && as === 'otherAmount') throw new ScenarioNotApplicable(`the integration keeps no order record for this save in ${ctx.flow?.flow ?? 'this flow'}: a notification for another amount has nothing to change`)
      if (before?.status === 'paid' || before?.status === 'failed') {
        throw new ScenarioNotApplicable(`the integration knows the result from the provider's answer in ${ctx.flow?.flow ?? 'this flow'} (the order is ${before.status} before any notification): a notification cannot change it`)
      }
      await ctx.advance(ctx.settleTime(card) + SETTLE_MS)
      await proveNotified(ctx, `a notification ${what}`, (n) => n.attempts.some((a) => a.impostor === as && a.status !== undefined))
      await provePayment(ctx, mark, ['succeeded'], 'a payment that succeeded', card)
      const order = before === undefined ? undefined : await ctx.order(input.orderId)
      const cards = await ctx.savedCards()
      // The integration may have read the provider's own record (an inquiry): then it knows.
      const inquiries = (await ctx.inquiries()).filter((e) => 'status' in e.response && e.response.status === 200)
      const evidence = [...(order ? [driverEvidence('order', order)] : []), driverEvidence('saved-cards', cards), ...(await ctx.notificationDeliveries()).map((e) => evidenceOf(e, what))]
      const learnt = inquiries.length > 0
      if (order) ctx.check(RULES.NOTIFICATION_IS_OURS, order.status !== 'paid' || learnt, `every notification of the payment came ${what}, validly signed, and the integration marked the order paid on it`, evidence)
      if (as === 'otherMerchant') ctx.check(RULES.NOTIFICATION_IS_OURS, cards.length === 0 || learnt, `every notification came ${what}, and the integration saved the card token it named`, evidence)
    },
  }
}

export const otherMerchantNotification = impostor(
  'other-merchant-notification',
  'Notifications validly signed for another merchant',
  "notifications are about another merchant's account",
  'otherMerchant',
  'for another merchant (another client id or merchant account)',
)

export const otherAmountNotification = impostor('other-amount-notification', 'Notifications validly signed for another amount', 'notifications name another amount', 'otherAmount', 'for another amount')

export const reorderedNotifications: Scenario = {
  id: 'reordered-notifications',
  title: 'A notification the provider may send late arrives after the others',
  given: 'notifications arrive out of order',
  rules: [RULES.NOTIFICATION_ORDER],
  per: 'saveFlow',
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
    // The state once the others arrived, before the held notification does (the saved cards only,
    // where the integration keeps no order for the save).
    const settled = await ctx.orderIfKept(input.orderId)
    const settledCards = (await ctx.savedCards()).length
    await ctx.advance(SETTLE_MS)
    await proveNotified(ctx, `${late.description}: the held notification sent`, (n) => isHeld(n) && n.attempts.length > 0)
    await provePayment(ctx, mark, ['succeeded'], `${late.description}: a payment that succeeded`, card)
    const order = settled === undefined ? undefined : await ctx.order(input.orderId)
    const cards = await ctx.savedCards()
    // A final state must survive a late notification, and nothing learnt may be lost; a pending
    // order moving on when the held notification is the one that completes it is right.
    const final = settled?.status === 'paid' || settled?.status === 'failed'
    ctx.check(
      RULES.NOTIFICATION_ORDER,
      (!final || order?.status === settled?.status) && cards.length >= settledCards,
      `the late notification (${late.description}) ${settled ? `changed the order from ${settled.status} to ${order?.status ?? 'unknown'}` : 'lost what the integration had saved'} (saved cards ${settledCards} → ${cards.length})`,
      [...(settled ? [driverEvidence('order before the late notification', settled)] : []), ...(order ? [driverEvidence('order after', order)] : []), driverEvidence('saved cards after', cards), ...(await ctx.notificationDeliveries()).map((e) => evidenceOf(e))],
    )
  },
}

/** Saving a card on the first payment: only with consent, only once the provider confirmed it. */
import { RULES } from '../rules.ts'
import { driverEvidence, evidenceOf, type Scenario } from '../scenario.ts'
import { anyNotificationSent, paymentMark, provePayment } from './proofs.ts'
import { needsPayFlow, payWithNewCard, saveFlow, SETTLE_MS } from './steps.ts'

const needsSaveFlow: Scenario['unavailable'] = needsPayFlow

export const firstSaveWithConsent: Scenario = {
  id: 'first-save-consent',
  title: 'First payment, the buyer agrees to save the card',
  given: 'buyer is saving a card on the first payment',
  rules: [RULES.SAVE_ONLY_AFTER_NOTIFICATION, RULES.SAVED_CARD_USABLE, RULES.FINAL_RESULT_APPLIED],
  per: 'payFlow',
  unavailable: needsSaveFlow,
  async run(ctx) {
    // Every notification is held back: until one arrives, the provider has not confirmed the save.
    // (A provider that sends none confirms a save through its own record, read within the checkout.)
    const notifies = ctx.profile.notifications !== undefined
    if (notifies) await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode: 'late', delayMs: 30 * 60_000 } })
    const mark = await paymentMark(ctx)
    const { input, output } = await payWithNewCard(ctx, { save: true })
    await provePayment(ctx, mark, ['succeeded'], 'a successful first payment')
    if (notifies) ctx.proveSetup(!(await anyNotificationSent(ctx)), 'a first payment whose notifications are held back', () => 'a notification went out before the harness read the saved cards')
    const before = await ctx.savedCards()
    if (notifies) ctx.check(
      RULES.SAVE_ONLY_AFTER_NOTIFICATION,
      before.length === 0,
      `the integration shows ${before.length} saved card(s) before any notification reached it: the token was taken from a synchronous answer`,
      [driverEvidence('checkout', output), driverEvidence('saved-cards before any notification', before), ...(await ctx.paymentRequests()).map((p) => evidenceOf(p.exchange))],
    )
    await ctx.advance(SETTLE_MS)
    const after = await ctx.savedCards()
    ctx.check(RULES.SAVED_CARD_USABLE, after.length === 1, `after the provider confirmed the save, the integration shows ${after.length} saved cards, not 1`, [
      driverEvidence('saved-cards', after),
      ...(await ctx.notificationDeliveries()).map((e) => evidenceOf(e)),
    ])
    const order = await ctx.order(input.orderId)
    ctx.check(RULES.FINAL_RESULT_APPLIED, order.status === 'paid', `the payment succeeded but the order is ${order.status}`, [driverEvidence('order', order)])
  },
}

export const firstSaveWithoutConsent: Scenario = {
  id: 'first-save-no-consent',
  title: 'First payment, the buyer does not agree to save the card',
  given: 'buyer pays without saving the card',
  rules: [RULES.NO_SAVE_WITHOUT_CONSENT, RULES.SINGLE_USE_NOT_KEPT],
  per: 'payFlow',
  unavailable: needsSaveFlow,
  async run(ctx) {
    const flow = saveFlow(ctx)
    const mark = await paymentMark(ctx)
    await payWithNewCard(ctx, { save: false })
    await ctx.advance(SETTLE_MS)
    await provePayment(ctx, mark, ['succeeded'], 'a successful payment without saving the card')
    // Where the provider's page asks the buyer, the merchant's request may rightly offer saving.
    if (flow?.consent === 'merchant') {
      const asking = (await ctx.paymentRequests()).filter((p) => p.facts.saveWithoutAsking)
      ctx.check(
        RULES.NO_SAVE_WITHOUT_CONSENT,
        asking.length === 0,
        'the buyer did not agree to save the card, but the request asks the provider to save it',
        asking.map((p) => evidenceOf(p.exchange)),
      )
    }
    const cards = await ctx.savedCards()
    if (cards.length === 0) return
    // The provider made a token anyway (a single-use one, for this payment): keeping it is its own mistake.
    const tokens = (await ctx.mock.state()).tokens.filter((t) => t.provider === ctx.provider)
    const onlySingleUse = tokens.length > 0 && tokens.every((t) => t.usage === 'single')
    ctx.check(
      onlySingleUse ? RULES.SINGLE_USE_NOT_KEPT : RULES.NO_SAVE_WITHOUT_CONSENT,
      false,
      onlySingleUse ? `the integration keeps the single-use token of this payment as a saved card` : `the buyer did not agree, yet the integration shows ${cards.length} saved card(s)`,
      [driverEvidence('saved-cards', cards)],
    )
  },
}

export const zeroAmountSave: Scenario = {
  id: 'zero-amount-save',
  title: 'Saving a card with a zero-amount authorisation',
  given: 'buyer is saving a card without paying',
  rules: [RULES.SAVED_CARD_USABLE, RULES.SAVE_ONLY_AFTER_NOTIFICATION],
  per: 'once',
  unavailable: ({ profile, integrationFlows }) =>
    profile.flows.zeroAmountSave === undefined
      ? 'the provider has no zero-amount save'
      : integrationFlows.includes(profile.flows.zeroAmountSave)
        ? undefined
        : `the integration does not offer ${profile.flows.zeroAmountSave}`,
  async run(ctx) {
    const flow = ctx.profile.flows.zeroAmountSave
    const card = ctx.card('success')
    if (!flow || !card) return
    await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode: 'late', delayMs: 30 * 60_000 } })
    const mark = await paymentMark(ctx)
    await payWithNewCard(ctx, { save: true, card, flow, onPage: false, amount: { currency: ctx.profile.amount.currency, value: '0' } })
    await provePayment(ctx, mark, ['succeeded'], 'a successful zero-amount authorisation')
    ctx.proveSetup(!(await anyNotificationSent(ctx)), 'a zero-amount save whose notifications are held back', () => 'a notification went out before the harness read the saved cards')
    const before = await ctx.savedCards()
    ctx.check(RULES.SAVE_ONLY_AFTER_NOTIFICATION, before.length === 0, `the integration shows a saved card before the provider notified it`, [driverEvidence('saved-cards', before)])
    await ctx.advance(SETTLE_MS)
    const after = await ctx.savedCards()
    ctx.check(RULES.SAVED_CARD_USABLE, after.length === 1, `after a zero-amount save the integration shows ${after.length} saved cards, not 1`, [driverEvidence('saved-cards', after)])
  },
}

/** Pending, refused and settled payments: the order shows what the provider said, no sooner. */
import { RULES } from '../rules.ts'
import { driverEvidence, evidenceOf, scenarioCard, type Scenario } from '../scenario.ts'
import { paymentMark, provePayment } from './proofs.ts'
import { needsPayFlow, payWithNewCard, saveFlow, SETTLE_MS } from './steps.ts'

const needs =
  (kind: 'pendingSuccess' | 'pendingFailure' | 'decline'): Scenario['unavailable'] =>
  (subject, flow) => {
    if (!scenarioCard(subject, kind, flow)) return `the provider declares no ${kind} test card`
    return needsPayFlow(subject, flow)
  }

function pendingScenario(id: string, title: string, given: string, kind: 'pendingSuccess' | 'pendingFailure'): Scenario {
  return {
    id,
    title,
    given,
    rules: [RULES.PENDING_IS_NOT_FAILED, RULES.PENDING_IS_NOT_PAID, RULES.FINAL_RESULT_APPLIED, RULES.SAVE_ONLY_AFTER_NOTIFICATION],
    per: 'payFlow',
    unavailable: needs(kind),
    async run(ctx) {
      const card = ctx.card(kind)
      if (!card) return
      const mark = await paymentMark(ctx)
      const { input, output } = await payWithNewCard(ctx, { save: true, card })
      await provePayment(ctx, mark, ['pending'], 'a pending payment', card)
      const early = await ctx.order(input.orderId)
      const pendingKept = ctx.check(RULES.PENDING_IS_NOT_FAILED, early.status !== 'failed' && output.status !== 'failed', `the provider said pending, the integration says ${early.status}`, [
        driverEvidence('checkout', output),
        driverEvidence('order', early),
        ...(await ctx.paymentRequests()).map((p) => evidenceOf(p.exchange)),
      ])
      const notPaid = ctx.check(RULES.PENDING_IS_NOT_PAID, early.status !== 'paid' && output.status !== 'paid', `the provider holds the payment pending, the integration already shows it ${early.status}`, [
        driverEvidence('checkout', output),
        driverEvidence('order', early),
        await ctx.mockRecord("the mock's record while the payment is pending"),
      ])
      // A pending payment booked as failed or paid cannot end right: that is the finding above, not another one.
      if (!pendingKept || !notPaid) return
      await ctx.advance(ctx.settleTime(card) + SETTLE_MS)
      const expected = kind === 'pendingSuccess' ? 'paid' : 'failed'
      await provePayment(ctx, mark, [kind === 'pendingSuccess' ? 'succeeded' : 'failed'], `a pending payment that settles as ${expected}`, card)
      const final = await ctx.order(input.orderId)
      ctx.check(RULES.FINAL_RESULT_APPLIED, final.status === expected, `the provider settled the payment as ${expected}, the integration says ${final.status}`, [
        driverEvidence('order', final),
        ...(await ctx.notificationDeliveries()).map((e) => evidenceOf(e)),
      ])
      const cards = await ctx.savedCards()
      if (kind === 'pendingFailure') {
        ctx.check(RULES.SAVE_ONLY_AFTER_NOTIFICATION, cards.length === 0, `the payment failed, yet the integration shows ${cards.length} saved card(s)`, [driverEvidence('saved-cards', cards)])
      } else {
        ctx.check(RULES.SAVED_CARD_USABLE, cards.length === 1, `the payment succeeded with consent to save, yet the integration shows ${cards.length} saved cards`, [driverEvidence('saved-cards', cards)])
      }
    },
  }
}

export const pendingThenSuccess = pendingScenario('pending-then-success', 'A pending payment that later succeeds', 'a payment is pending and will succeed', 'pendingSuccess')
export const pendingThenFailure = pendingScenario('pending-then-failure', 'A pending payment that later fails', 'a payment is pending and will fail', 'pendingFailure')

export const refused: Scenario = {
  id: 'refused',
  title: 'A refused payment',
  given: "the buyer's card is refused",
  rules: [RULES.FINAL_RESULT_APPLIED, RULES.NO_RETRY_OF_FINAL_ERROR, RULES.SAVE_ONLY_AFTER_NOTIFICATION],
  per: 'payFlow',
  unavailable: needs('decline'),
  async run(ctx) {
    const card = ctx.card('decline')
    if (!card || !saveFlow(ctx)) return
    const mark = await paymentMark(ctx)
    const { input } = await payWithNewCard(ctx, { save: true, card })
    await provePayment(ctx, mark, ['failed'], 'a refused payment', card)
    await ctx.advance(SETTLE_MS)
    const order = await ctx.order(input.orderId)
    ctx.check(RULES.FINAL_RESULT_APPLIED, order.status === 'failed', `the issuer refused the payment, the integration says ${order.status}`, [driverEvidence('order', order)])
    const requests = await ctx.paymentRequests()
    ctx.check(RULES.NO_RETRY_OF_FINAL_ERROR, requests.length <= 1, `a refusal is final, yet the integration sent ${requests.length} payment requests`, requests.map((p) => evidenceOf(p.exchange)))
    const cards = await ctx.savedCards()
    ctx.check(RULES.SAVE_ONLY_AFTER_NOTIFICATION, cards.length === 0, `the payment was refused, yet the integration shows ${cards.length} saved card(s)`, [driverEvidence('saved-cards', cards)])
  },
}

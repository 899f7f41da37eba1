/**
 * Errors on the wire: a final error is not retried; an unknown outcome (a U status, HTTP 5xx, no
 * answer) is retried under the same idempotency key or inquired, and the buyer pays once.
 */
import type { InjectedFault } from '../../contracts/core/conformance.ts'
import { RULES } from '../rules.ts'
import { driverEvidence, evidenceOf, ScenarioAbort, scenarioCard, type PaymentRequestSeen, type Scenario, type ScenarioContext } from '../scenario.ts'
import type { CheckoutInput, CheckoutOutput } from '../driver.ts'
import { paymentMark, proveFaultHit, provePayment } from './proofs.ts'
import { needsAnySaveFlow, needsBuyer, needsPayFlow, payWithNewCard, savedCardChoice, savedCardFixture, saveFlow, SETTLE_MS, takeBuyerStep } from './steps.ts'

const needsCheckoutFlow: Scenario['unavailable'] = (subject, flow) => {
  if (flow?.faultOperation === undefined) return 'the provider has no card payment the merchant makes itself to inject a fault into'
  // The merchant-initiated payment needs a card saved first, in whatever way the integration saves.
  if (flow.role === 'reuse') return needsPayFlow(subject, flow) ?? (needsAnySaveFlow(subject) === undefined ? undefined : 'the integration offers no flow that saves a card first')
  return needsPayFlow(subject, flow)
}

/**
 * In the reuse flow, a card saved first (its payments and requests are the set-up's, left out of
 * what the scenario judges); in a pay flow, nothing to set up.
 */
interface ReuseSetup {
  readonly savedCardId: string
  readonly requestsBefore: number
  readonly inquiriesBefore: number
  readonly paymentsBefore: ReadonlySet<string>
}

async function reuseSetup(ctx: ScenarioContext): Promise<ReuseSetup | undefined> {
  if (ctx.flow?.role !== 'reuse') return undefined
  const savedCardId = await savedCardFixture(ctx)
  return { savedCardId, requestsBefore: (await ctx.paymentRequests()).length, inquiriesBefore: (await ctx.inquiries()).length, paymentsBefore: await paymentMark(ctx) }
}

/** The payment requests the scenario judges: those after the set-up. */
async function judgedRequests(ctx: ScenarioContext, setup: ReuseSetup | undefined): Promise<PaymentRequestSeen[]> {
  return (await ctx.paymentRequests()).slice(setup?.requestsBefore ?? 0)
}

/** Injects the fault on the payment call of this run's flow. */
async function injectOnPayment(ctx: ScenarioContext, effect: InjectedFault, afterProcessing = false): Promise<void> {
  const operation = ctx.flow?.faultOperation
  if (operation === undefined) throw new ScenarioAbort('the flow has no payment call to inject a fault into')
  await ctx.mock.inject({ provider: ctx.provider, operation, times: 1, effect, afterProcessing })
}

export const finalErrorNotRetried: Scenario = {
  id: 'final-error',
  title: 'A final error (validation) is not retried',
  given: 'the provider rejects the next payment with a final error',
  rules: [RULES.NO_RETRY_OF_FINAL_ERROR],
  per: 'faultFlow',
  unavailable: needsCheckoutFlow,
  async run(ctx) {
    const setup = await reuseSetup(ctx)
    await injectOnPayment(ctx, ctx.profile.faults.nonRetryable)
    // A merchant-initiated payment may answer the final error as an issue: that is its right.
    const output = setup ? (await ctx.checkout({ flow: ctx.flow?.flow ?? 'token_reuse_pay', card: savedCardChoice(ctx, setup.savedCardId) })).result : (await payWithNewCard(ctx, { save: false })).output
    await proveFaultHit(ctx, 'a final error on the payment request')
    const requests = await judgedRequests(ctx, setup)
    ctx.check(
      RULES.NO_RETRY_OF_FINAL_ERROR,
      requests.length === 1,
      `the provider answered a final error, and the integration sent the request ${requests.length} times`,
      [driverEvidence('checkout', output), ...requests.map((p) => evidenceOf(p.exchange))],
    )
  },
}

/** Checks that every attempt went under one key with one body, and that the buyer paid once. */
async function checkChargedOnce(ctx: ScenarioContext, orderId: string, requests: readonly PaymentRequestSeen[], setup: ReuseSetup | undefined): Promise<void> {
  const evidence = requests.map((p) => evidenceOf(p.exchange))
  // Per operation: a payment made of several calls (create, then confirm) has a key per call.
  for (const operation of new Set(requests.map((p) => p.exchange.operation))) {
    const attempts = requests.filter((p) => p.exchange.operation === operation)
    const keys = new Set(attempts.map((p) => p.facts.idempotencyKey ?? '(none)'))
    ctx.check(RULES.RETRY_SAME_KEY, keys.size <= 1, `the ${operation ?? ''} attempts went under ${keys.size} different idempotency keys (${[...keys].join(', ')})`, evidence)
    const bodies = new Set(attempts.map((p) => JSON.stringify(p.exchange.request.body)))
    ctx.check(RULES.RETRY_SAME_KEY, bodies.size <= 1, `a ${operation ?? ''} retry sent a different body under the same key (the provider answers REPEAT_REQ_INCONSISTENT or a conflict)`, evidence)
  }
  const order = await ctx.orderIfKept(orderId)
  // The mock was reset for this scenario: every payment it holds since the set-up is this order's.
  const charges = (await ctx.mockPayments()).filter((p) => p.status === 'succeeded' && !(setup?.paymentsBefore.has(p.id) ?? false)).length
  ctx.check(RULES.RETRY_SAME_KEY, charges <= 1 && (order?.captures ?? 0) <= 1, `the buyer was charged ${Math.max(charges, order?.captures ?? 0)} times for one order`, [...(order ? [driverEvidence('order', order)] : []), ...evidence])
}

/**
 * Pays with the success card on this run's flow, the checkout bounded by the answer budget. Late:
 * the integration was still waiting on a provider that does not answer.
 */
async function boundedCheckout(ctx: ScenarioContext, setup: ReuseSetup | undefined): Promise<{ readonly late: true; readonly settled: Promise<void> } | { readonly late: false; readonly input: CheckoutInput; readonly output: CheckoutOutput }> {
  if (setup && ctx.flow) {
    const input = ctx.checkoutInput({ flow: ctx.flow.flow, card: savedCardChoice(ctx, setup.savedCardId) })
    const answer = await ctx.checkoutWithin(input)
    if (answer.late) return answer
    // A merchant-initiated charge reported as an issue is one the integration counts as failed.
    const output: CheckoutOutput = answer.result.ok ? answer.result.value : { orderId: input.orderId, status: 'failed' }
    if (needsBuyer(ctx, output)) await takeBuyerStep(ctx, output, { saveCard: false })
    return { late: false, input, output }
  }
  const flow = saveFlow(ctx)
  const card = ctx.card('success')
  if (!flow || !card) throw new ScenarioAbort('no flow or no successful test card to pay with')
  const input = ctx.checkoutInput({ flow: flow.flow, card: ctx.newCard(card, false) })
  const answer = await ctx.checkoutWithin(input)
  if (answer.late) return answer
  if (!answer.result.ok) throw new ScenarioAbort(`checkout ${input.flow} answered ${answer.result.issue.code}: ${answer.result.issue.message}`)
  const output = answer.result.value
  if (flow.onPage || needsBuyer(ctx, output)) await takeBuyerStep(ctx, output, { card: ctx.buyerCard(card), saveCard: false })
  return { late: false, input, output }
}

function unknownOutcome(id: string, title: string, given: string, fault: (ctx: ScenarioContext) => { effect: InjectedFault; afterProcessing: boolean; answersEventually: boolean }): Scenario {
  return {
    id,
    title,
    given,
    rules: [RULES.RESOLVE_UNKNOWN, RULES.RETRY_SAME_KEY, RULES.PENDING_IS_NOT_FAILED, RULES.BOUNDED_WAIT],
    per: 'faultFlow',
    unavailable: needsCheckoutFlow,
    async run(ctx) {
      const { effect, afterProcessing, answersEventually } = fault(ctx)
      const setup = await reuseSetup(ctx)
      await injectOnPayment(ctx, effect, afterProcessing)
      const paid = await boundedCheckout(ctx, setup)
      await proveFaultHit(ctx, `"${given}"`)
      if (paid.late) {
        ctx.check(
          RULES.BOUNDED_WAIT,
          false,
          `the provider had not answered after ${ctx.answerBudgetMs / 1000} s, and the integration's checkout was still waiting: its call to the provider has no timeout, or one longer than a buyer can wait`,
          (await judgedRequests(ctx, setup)).map((p) => evidenceOf(p.exchange, 'the call the provider held')),
        )
        // A provider that answers in the end lets the call finish before the next scenario; one
        // that never answers holds it until the integration gives up, which it does not.
        if (answersEventually) await paid.settled
        return
      }
      const { input, output } = paid
      const requests = await judgedRequests(ctx, setup)
      const inquiries = (await ctx.inquiries()).slice(setup?.inquiriesBefore ?? 0)
      const evidence = [driverEvidence('checkout', output), ...requests.map((p) => evidenceOf(p.exchange)), ...inquiries.map((e) => evidenceOf(e))]
      const resolved = requests.length > 1 || inquiries.length > 0
      ctx.check(RULES.RESOLVE_UNKNOWN, resolved, 'the outcome was unknown, and the integration neither retried nor inquired', evidence)
      // Processed is not paid: a request the provider refused anyway (a reuse without its flags) did not go through.
      const wentThrough = afterProcessing && (await ctx.mockPayments()).some((p) => p.status === 'succeeded' && !(setup?.paymentsBefore.has(p.id) ?? false))
      if (resolved) ctx.check(RULES.PENDING_IS_NOT_FAILED, output.status !== 'failed' || !wentThrough, 'the payment went through, but the integration booked it as failed', evidence)
      await ctx.advance(SETTLE_MS)
      await checkChargedOnce(ctx, input.orderId, await judgedRequests(ctx, setup), setup)
    },
  }
}

export const unknownResult = unknownOutcome('unknown-result', 'An unknown result (U status or its equivalent) is retried or inquired', 'the result of a payment is unknown', (ctx) => ({
  effect: ctx.profile.faults.unknownOutcome,
  afterProcessing: false,
  answersEventually: true,
}))

export const lostAnswer = unknownOutcome('lost-answer', 'A processed payment whose answer never arrives (timeout)', 'a processed payment was never answered', () => ({
  effect: { type: 'noAnswer' },
  afterProcessing: true,
  answersEventually: false,
}))

export const serverError = unknownOutcome('server-error', 'A processed payment answered with HTTP 500', 'a processed payment was answered with a server error', () => ({
  effect: { type: 'httpStatus', status: 500 },
  afterProcessing: true,
  answersEventually: true,
}))

/**
 * The provider answers, but later than a checkout may keep the buyer waiting: the integration must
 * give up first (its outcome is then unknown: retried under the same key or inquired).
 */
export const slowAnswer = unknownOutcome('slow-answer', 'The provider answers slower than a checkout may wait', 'the provider answers slowly', (ctx) => ({
  effect: { type: 'delay', ms: ctx.answerBudgetMs + 1_000 },
  afterProcessing: false,
  answersEventually: true,
}))

export const tamperedAnswer: Scenario = {
  id: 'tampered-answer',
  title: "A declined payment's answer altered to say success, its signature no longer verifying",
  given: "the provider's answer is altered on the way",
  rules: [RULES.ANSWER_VERIFIED],
  per: 'faultFlow',
  unavailable: (subject, flow) => {
    if (subject.profile.answersSigned !== true) return 'the provider does not sign its answers'
    if (flow?.role === 'reuse') return 'a saved card cannot be declined by a test card'
    if (!scenarioCard(subject, 'decline', flow)) return 'the provider declares no decline test card'
    return needsCheckoutFlow(subject, flow)
  },
  async run(ctx) {
    const card = ctx.card('decline')
    if (!card) return
    await injectOnPayment(ctx, { type: 'tamperedAnswer', mode: 'tampered' })
    // The notification (with the real result) is held back: what the integration books before it
    // comes can only come from the altered answer or from its own inquiry.
    if (ctx.profile.notifications !== undefined) await ctx.mock.chaos({ provider: ctx.provider, times: 20, chaos: { mode: 'late', delayMs: 30 * 60_000 } })
    const mark = await paymentMark(ctx)
    const { input, output } = await payWithNewCard(ctx, { save: false, card })
    await proveFaultHit(ctx, 'an altered answer')
    await provePayment(ctx, mark, ['failed'], 'a declined payment', card)
    const order = await ctx.order(input.orderId)
    const altered = (await ctx.paymentRequests()).filter((p) => p.exchange.operation === ctx.flow?.faultOperation)
    ctx.check(
      RULES.ANSWER_VERIFIED,
      order.status !== 'paid' && output.status !== 'paid',
      `the provider declined the payment; its answer was altered to say success and no longer verified, and the integration booked the order ${order.status === 'paid' ? order.status : output.status}`,
      [driverEvidence('checkout', output), driverEvidence('order', order), ...altered.map((p) => evidenceOf(p.exchange))],
    )
  },
}

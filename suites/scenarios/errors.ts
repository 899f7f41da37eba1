/**
 * Errors on the wire: a final error is not retried; an unknown outcome (a U status, HTTP 5xx, no
 * answer) is retried under the same idempotency key or inquired, and the buyer pays once.
 */
import type { InjectedFault } from '../../contracts/core/conformance.ts'
import { RULES } from '../rules.ts'
import { driverEvidence, evidenceOf, ScenarioAbort, type PaymentRequestSeen, type Scenario, type ScenarioContext } from '../scenario.ts'
import { proveFaultHit } from './proofs.ts'
import { needsPayFlow, payWithNewCard, SETTLE_MS } from './steps.ts'

const needsCheckoutFlow: Scenario['unavailable'] = (subject, flow) => {
  if (flow?.faultOperation === undefined) return 'the provider has no card payment the merchant makes itself to inject a fault into'
  return needsPayFlow(subject, flow)
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
    await injectOnPayment(ctx, ctx.profile.faults.nonRetryable)
    const { output } = await payWithNewCard(ctx, { save: false })
    await proveFaultHit(ctx, 'a final error on the payment request')
    const requests = await ctx.paymentRequests()
    ctx.check(
      RULES.NO_RETRY_OF_FINAL_ERROR,
      requests.length === 1,
      `the provider answered a final error, and the integration sent the request ${requests.length} times`,
      [driverEvidence('checkout', output), ...requests.map((p) => evidenceOf(p.exchange))],
    )
  },
}

/** Checks that every attempt went under one key with one body, and that the buyer paid once. */
async function checkChargedOnce(ctx: ScenarioContext, orderId: string, requests: readonly PaymentRequestSeen[]): Promise<void> {
  const evidence = requests.map((p) => evidenceOf(p.exchange))
  // Per operation: a payment made of several calls (create, then confirm) has a key per call.
  for (const operation of new Set(requests.map((p) => p.exchange.operation))) {
    const attempts = requests.filter((p) => p.exchange.operation === operation)
    const keys = new Set(attempts.map((p) => p.facts.idempotencyKey ?? '(none)'))
    ctx.check(RULES.RETRY_SAME_KEY, keys.size <= 1, `the ${operation ?? ''} attempts went under ${keys.size} different idempotency keys (${[...keys].join(', ')})`, evidence)
    const bodies = new Set(attempts.map((p) => JSON.stringify(p.exchange.request.body)))
    ctx.check(RULES.RETRY_SAME_KEY, bodies.size <= 1, `a ${operation ?? ''} retry sent a different body under the same key (the provider answers REPEAT_REQ_INCONSISTENT or a conflict)`, evidence)
  }
  const order = await ctx.order(orderId)
  // The mock was reset for this scenario: every payment it holds is this order's.
  const charges = (await ctx.mock.state()).payments.filter((p) => p.provider === ctx.provider && p.status === 'succeeded').length
  ctx.check(RULES.RETRY_SAME_KEY, charges <= 1 && (order.captures ?? 0) <= 1, `the buyer was charged ${Math.max(charges, order.captures ?? 0)} times for one order`, [driverEvidence('order', order), ...evidence])
}

function unknownOutcome(id: string, title: string, given: string, fault: (ctx: ScenarioContext) => { effect: InjectedFault; afterProcessing: boolean }): Scenario {
  return {
    id,
    title,
    given,
    rules: [RULES.RESOLVE_UNKNOWN, RULES.RETRY_SAME_KEY, RULES.PENDING_IS_NOT_FAILED],
    per: 'faultFlow',
    unavailable: needsCheckoutFlow,
    async run(ctx) {
      const { effect, afterProcessing } = fault(ctx)
      await injectOnPayment(ctx, effect, afterProcessing)
      const { input, output } = await payWithNewCard(ctx, { save: false })
      await proveFaultHit(ctx, `"${given}"`)
      const requests = await ctx.paymentRequests()
      const inquiries = await ctx.inquiries()
      const evidence = [driverEvidence('checkout', output), ...requests.map((p) => evidenceOf(p.exchange)), ...inquiries.map((e) => evidenceOf(e))]
      const resolved = requests.length > 1 || inquiries.length > 0
      ctx.check(RULES.RESOLVE_UNKNOWN, resolved, 'the outcome was unknown, and the integration neither retried nor inquired', evidence)
      if (resolved) ctx.check(RULES.PENDING_IS_NOT_FAILED, output.status !== 'failed' || !afterProcessing, 'the payment went through, but the integration booked it as failed', evidence)
      await ctx.advance(SETTLE_MS)
      await checkChargedOnce(ctx, input.orderId, await ctx.paymentRequests())
    },
  }
}

export const unknownResult = unknownOutcome('unknown-result', 'An unknown result (U status or its equivalent) is retried or inquired', 'the result of a payment is unknown', (ctx) => ({
  effect: ctx.profile.faults.unknownOutcome,
  afterProcessing: false,
}))

export const lostAnswer = unknownOutcome('lost-answer', 'A processed payment whose answer never arrives (timeout)', 'a processed payment was never answered', () => ({ effect: { type: 'noAnswer' }, afterProcessing: true }))

export const serverError = unknownOutcome('server-error', 'A processed payment answered with HTTP 500', 'a processed payment was answered with a server error', () => ({
  effect: { type: 'httpStatus', status: 500 },
  afterProcessing: true,
}))

/** Paying again with a saved card: the right token, the card-on-file flags, no CVV. */
import { RULES } from '../rules.ts'
import { driverEvidence, evidenceOf, type Scenario, type ScenarioContext } from '../scenario.ts'
import { needsAnyPayFlow, needsBuyer, saveFlow, savedCardFixture, SETTLE_MS, takeBuyerStep } from './steps.ts'

const needsReuse: Scenario['unavailable'] = (subject) => {
  const { reuse } = subject.profile.flows
  if (reuse === undefined) return 'the provider has no merchant-initiated reuse flow'
  if (!subject.integrationFlows.includes(reuse)) return `the integration does not offer ${reuse}`
  return needsAnyPayFlow(subject) === undefined ? undefined : 'the integration offers no flow that saves a card first'
}

export const tokenReuse: Scenario = {
  id: 'token-reuse',
  title: 'A later payment with the saved card',
  given: 'buyer has a saved card',
  rules: [RULES.REUSE_CARD_ON_FILE, RULES.REUSE_NO_CVV, RULES.REUSE_SAME_BUYER, RULES.FINAL_RESULT_APPLIED],
  per: 'once',
  unavailable: needsReuse,
  async run(ctx) {
    const flow = ctx.profile.flows.reuse
    if (!flow || !saveFlow(ctx)) return
    const savedCardId = await savedCardFixture(ctx)
    await proveActiveToken(ctx)
    const before = (await ctx.paymentRequests()).length
    const cvv = ctx.profile.reuseCvv === 'required' ? { cvv: ctx.profile.testCard.cvv } : {}
    const paymentsBefore = (await ctx.mock.state()).payments.length
    const { input, result } = await ctx.checkout({ flow, card: { kind: 'saved', savedCardId, ...cvv } })
    if (result.ok && needsBuyer(ctx, result.value)) await takeBuyerStep(ctx, result.value, { saveCard: false })
    await ctx.advance(SETTLE_MS)
    const reuse = (await ctx.paymentRequests()).slice(before)
    const evidence = reuse.map((p) => evidenceOf(p.exchange))
    if (!ctx.check(RULES.REUSE_SAME_BUYER, reuse.length > 0 && reuse.every((p) => p.facts.tokenUsed !== undefined), 'the payment with the saved card did not send its token', [driverEvidence('checkout', result), ...evidence])) return
    ctx.check(RULES.REUSE_CARD_ON_FILE, reuse.every((p) => p.facts.cardOnFile), "the payment with the saved card lacks the provider's card-on-file flags", evidence)
    if (ctx.profile.reuseCvv === 'forbidden') ctx.check(RULES.REUSE_NO_CVV, reuse.every((p) => !p.facts.cvvSent), 'a CVV was sent with a merchant-initiated payment with a saved card', evidence)
    // The provider binds each token to the buyer it was saved for: the reuse must name that buyer.
    const tokens = new Map((await ctx.mock.state()).tokens.map((t) => [t.id, t]))
    ctx.check(
      RULES.REUSE_SAME_BUYER,
      reuse.every((p) => {
        const bound = p.facts.tokenUsed === undefined ? undefined : tokens.get(p.facts.tokenUsed)?.buyerRef
        return p.facts.buyerRef === undefined || bound === undefined || bound === p.facts.buyerRef
      }),
      'the saved card was charged under another buyer reference than the one it was saved under',
      evidence,
    )
    // The order must say what the provider did with the payment, whatever that was.
    const made = (await ctx.mock.state()).payments.slice(paymentsBefore)
    const expected = made.some((p) => p.status === 'succeeded') ? 'paid' : made.length > 0 && made.every((p) => p.status === 'failed') ? 'failed' : undefined
    const order = await ctx.order(input.orderId)
    if (expected !== undefined) ctx.check(RULES.FINAL_RESULT_APPLIED, order.status === expected, `the payment with the saved card ended ${expected} at the provider, the integration says ${order.status}`, [driverEvidence('order', order)])
  },
}

/** The card the integration saved must be a token the mock holds, for the reuse to mean anything. */
async function proveActiveToken(ctx: ScenarioContext): Promise<void> {
  const tokens = (await ctx.mock.state()).tokens.filter((t) => t.provider === ctx.provider)
  ctx.proveSetup(tokens.some((t) => t.status === 'active' && t.usage === 'multiple'), 'a saved card at the provider', () =>
    tokens.length === 0 ? 'the mock holds no token for this buyer' : `the mock's tokens: ${tokens.map((t) => `${t.id} ${t.status} (${t.usage} use)`).join(', ')}`,
  )
}

export const deadToken: Scenario = {
  id: 'deleted-token',
  title: 'A payment with a saved card whose token was deleted',
  given: "buyer's saved card was deleted",
  rules: [RULES.DEAD_TOKEN_GRACEFUL],
  per: 'once',
  unavailable: needsReuse,
  async run(ctx) {
    const flow = ctx.profile.flows.reuse
    if (!flow) return
    const savedCardId = await savedCardFixture(ctx)
    // The mock was reset for this scenario: every token it holds is this buyer's.
    const tokens = (await ctx.mock.state()).tokens.filter((t) => t.provider === ctx.provider && t.status === 'active')
    ctx.proveSetup(tokens.length > 0, 'a saved card to delete', () => 'the mock holds no active token for the card the integration shows')
    for (const token of tokens) await ctx.mock.deleteToken(token.id)
    const left = (await ctx.mock.state()).tokens.filter((t) => t.provider === ctx.provider && t.status === 'active')
    ctx.proveSetup(left.length === 0, 'a deleted token', () => `${left.length} token(s) still active at the mock`)
    const cvv = ctx.profile.reuseCvv === 'required' ? { cvv: ctx.profile.testCard.cvv } : {}
    let answered: unknown
    try {
      const { input, result } = await ctx.checkout({ flow, card: { kind: 'saved', savedCardId, ...cvv } })
      answered = result
      await ctx.advance(SETTLE_MS)
      const order = await ctx.order(input.orderId)
      ctx.check(
        RULES.DEAD_TOKEN_GRACEFUL,
        !result.ok || (result.value.status !== 'paid' && order.status !== 'paid' && (order.captures ?? 0) === 0),
        `the token was deleted, yet the integration reports the payment as ${order.status}`,
        [driverEvidence('checkout', result), driverEvidence('order', order)],
      )
    } catch (error) {
      ctx.check(RULES.DEAD_TOKEN_GRACEFUL, false, `the integration broke on a deleted token: ${error instanceof Error ? error.message : String(error)}`, [
        driverEvidence('checkout', answered),
        ...(await ctx.paymentRequests()).map((p) => evidenceOf(p.exchange)),
      ])
    }
  },
}

/** Paying again with a saved card: the right token, the card-on-file flags, no CVV. */
import { RULES } from '../rules.ts'
import type { Exchange } from '../mock-control.ts'
import { driverEvidence, evidenceOf, ScenarioNotApplicable, type PaymentRequestSeen, type Scenario, type ScenarioContext } from '../scenario.ts'
import { paymentMark, paymentsSince } from './proofs.ts'
import { needsAnySaveFlow, needsBuyer, saveFlow, savedCardFixture, SETTLE_MS, takeBuyerStep } from './steps.ts'

const needsReuse: Scenario['unavailable'] = (subject) => {
  const { reuse } = subject.profile.flows
  if (reuse === undefined) return 'the provider has no merchant-initiated reuse flow'
  if (!subject.integrationFlows.includes(reuse)) return `the integration does not offer ${reuse}`
  return needsAnySaveFlow(subject) === undefined ? undefined : 'the integration offers no flow that saves a card first'
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
    const flagless = reuse.find((p) => !p.facts.cardOnFile)
    ctx.check(RULES.REUSE_CARD_ON_FILE, flagless === undefined, flagless ? cardOnFileMessage(flagless) : '', evidence)
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
    // An app that keeps no order for a merchant-initiated charge is judged on the rest.
    const order = await ctx.orderIfKept(input.orderId)
    if (expected !== undefined && order) ctx.check(RULES.FINAL_RESULT_APPLIED, order.status === expected, `the payment with the saved card ended ${expected} at the provider, the integration says ${order.status}`, [driverEvidence('order', order)])
  },
}

/**
 * What is wrong with a reuse's card-on-file flags: missing, or present with values the provider
 * does not take for a merchant-initiated payment (named), and what the provider answered.
 */
function cardOnFileMessage(request: PaymentRequestSeen): string {
  const fields = Object.entries(request.facts.cardOnFileFields ?? {})
  const present = fields.filter(([, v]) => v !== undefined && v !== '')
  const status = 'status' in request.exchange.response ? request.exchange.response.status : undefined
  const refused = status !== undefined && status >= 400 ? `; the provider refused it (HTTP ${status}${refusalText(request.exchange.response)})` : ''
  if (present.length === 0) return `the payment with the saved card lacks the provider's card-on-file flags${fields.length > 0 ? ` (${fields.map(([k]) => k).join(', ')})` : ''}${refused}`
  return `the payment with the saved card carries the card-on-file flags with values the provider does not take for a merchant-initiated payment: ${fields.map(([k, v]) => `${k}=${v === undefined ? '(missing)' : JSON.stringify(v)}`).join(', ')}${refused}`
}

/** The provider's own words for a refusal, where its answer has them. */
function refusalText(response: Exchange['response']): string {
  const body = 'body' in response ? response.body : undefined
  if (body === null || typeof body !== 'object') return ''
  const words = ['errorCode', 'message', 'resultCode', 'resultMessage', 'refusalReason'].map((k) => (body as Record<string, unknown>)[k]).filter((v) => typeof v === 'string' || typeof v === 'number')
  return words.length > 0 ? ` ${words.join(' ').slice(0, 200)}` : ''
}

/** The card the integration saved must be a token the mock holds, for the reuse to mean anything. */
/** The tokens the mock holds active for this provider (the mock was reset for the scenario: all are its buyers'). */
async function activeTokens(ctx: ScenarioContext) {
  return (await ctx.mock.state()).tokens.filter((t) => t.provider === ctx.provider && t.status === 'active')
}

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
  rules: [RULES.DEAD_TOKEN_GRACEFUL, RULES.NO_RETRY_OF_FINAL_ERROR],
  per: 'once',
  unavailable: needsReuse,
  async run(ctx) {
    const flow = ctx.profile.flows.reuse
    if (!flow) return
    const savedCardId = await savedCardFixture(ctx)
    // The mock was reset for this scenario: every token it holds is this buyer's.
    const tokens = await activeTokens(ctx)
    ctx.proveSetup(tokens.length > 0, 'a saved card to delete', () => 'the mock holds no active token for the card the integration shows')
    for (const token of tokens) await ctx.mock.deleteToken(token.id)
    const left = await activeTokens(ctx)
    ctx.proveSetup(left.length === 0, 'a deleted token', () => `${left.length} token(s) still active at the mock`)
    const cvv = ctx.profile.reuseCvv === 'required' ? { cvv: ctx.profile.testCard.cvv } : {}
    const dead = new Set(tokens.map((t) => t.id))
    const before = (await ctx.paymentRequests()).length
    let answered: unknown
    try {
      const { input, result } = await ctx.checkout({ flow, card: { kind: 'saved', savedCardId, ...cvv } })
      answered = result
      await ctx.advance(SETTLE_MS)
      // The provider's refusal of a deleted token is final: sending it again (under any key) only repeats it.
      const retried = (await ctx.paymentRequests()).slice(before).filter((p) => p.facts.tokenUsed !== undefined && dead.has(p.facts.tokenUsed))
      ctx.check(
        RULES.NO_RETRY_OF_FINAL_ERROR,
        retried.length <= 1,
        `the provider refused the deleted token, a final answer, and the integration sent it ${retried.length} times${new Set(retried.map((p) => p.facts.idempotencyKey)).size > 1 ? ' under new idempotency keys' : ''}`,
        retried.map((p) => evidenceOf(p.exchange)),
      )
      const order = await ctx.orderIfKept(input.orderId)
      ctx.check(
        RULES.DEAD_TOKEN_GRACEFUL,
        !result.ok || (result.value.status !== 'paid' && order?.status !== 'paid' && (order?.captures ?? 0) === 0),
        `the token was deleted, yet the integration reports the payment as ${order?.status ?? (result.ok ? result.value.status : 'refused')}`,
        [driverEvidence('checkout', result), ...(order ? [driverEvidence('order', order)] : [])],
      )
    } catch (error) {
      if (error instanceof ScenarioNotApplicable) throw error
      ctx.check(RULES.DEAD_TOKEN_GRACEFUL, false, `the integration broke on a deleted token: ${error instanceof Error ? error.message : String(error)}`, [
        driverEvidence('checkout', answered),
        ...(await ctx.paymentRequests()).map((p) => evidenceOf(p.exchange)),
      ])
    }
  },
}

export const anotherBuyersCard: Scenario = {
  id: 'another-buyers-card',
  title: "Another buyer checks out with the first buyer's saved-card id",
  given: 'another buyer has a saved card',
  rules: [RULES.REUSE_OWN_CARDS_ONLY],
  per: 'once',
  unavailable: needsReuse,
  async run(ctx) {
    const flow = ctx.profile.flows.reuse
    if (!flow) return
    // Buyer A (the scenario's buyer) saves a card; buyer B then names its id at checkout.
    const savedCardId = await savedCardFixture(ctx)
    await proveActiveToken(ctx)
    const theirs = new Set((await activeTokens(ctx)).map((t) => t.id))
    const before = (await ctx.paymentRequests()).length
    const mark = await paymentMark(ctx)
    const cvv = ctx.profile.reuseCvv === 'required' ? { cvv: ctx.profile.testCard.cvv } : {}
    const { input, result } = await ctx.checkout({ flow, buyerRef: `${ctx.buyerRef.slice(0, 60)}-b`, card: { kind: 'saved', savedCardId, ...cvv } })
    if (result.ok && needsBuyer(ctx, result.value)) await takeBuyerStep(ctx, result.value, { saveCard: false })
    await ctx.advance(SETTLE_MS)
    const sent = (await ctx.paymentRequests()).slice(before).filter((p) => p.facts.tokenUsed !== undefined && theirs.has(p.facts.tokenUsed))
    const charged = (await paymentsSince(ctx, mark)).filter((p) => p.status === 'succeeded')
    const order = result.ok ? await ctx.orderIfKept(input.orderId) : undefined
    ctx.check(
      RULES.REUSE_OWN_CARDS_ONLY,
      sent.length === 0 && charged.length === 0 && order?.status !== 'paid',
      sent.length > 0
        ? `buyer B named buyer A's saved card, and the integration sent A's token to the provider for B's order${charged.length > 0 ? ', which charged it' : ''}`
        : `buyer B named buyer A's saved card, and the integration booked B's order as ${order?.status ?? 'unknown'}`,
      [driverEvidence("checkout by buyer B with buyer A's saved card", result), ...(order ? [driverEvidence('order', order)] : []), ...sent.map((p) => evidenceOf(p.exchange))],
    )
  },
}

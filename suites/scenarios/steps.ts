/**
 * Steps several scenarios share: saving a card the way the provider offers it, and settling
 * everything the mock has queued.
 */
import type { PayFlow, ScenarioCard } from '../../contracts/core/conformance.ts'
import type { FlowId } from '../../contracts/core/types.ts'
import type { CheckoutInput, CheckoutOutput } from '../driver.ts'
import { RULES } from '../rules.ts'
import { derivedFlows, driverEvidence, ScenarioAbort, SetupError, type ProviderUnderTest, type ScenarioContext } from '../scenario.ts'

/** Long enough for any test card to settle and for a held notification to go out. */
export const SETTLE_MS = 2 * 60 * 60_000

export interface Checkout {
  readonly input: CheckoutInput
  readonly output: CheckoutOutput
}

/**
 * The flow that pays with a new card: the run's own flow, or for a scenario that runs once, the
 * first pay flow the provider declares and the integration offers.
 */
export function saveFlow(ctx: ScenarioContext): PayFlow | undefined {
  // A run in the reuse flow saves its card the way any scenario that runs once does.
  if (ctx.flow && ctx.flow.role !== 'reuse') return ctx.subject.integrationFlows.includes(ctx.flow.flow) ? ctx.flow : undefined
  return anySaveFlow(ctx.subject)
}

/**
 * The first pay flow the provider declares and the integration offers, else the zero-amount save:
 * an app that only saves cards with a zero amount (and then charges them as the merchant) gets its
 * saved card for the reuse, error and notification scenarios that way.
 */
export function anySaveFlow(subject: ProviderUnderTest): PayFlow | undefined {
  const zero = derivedFlows(subject.profile).zeroAmountSave
  return subject.profile.flows.pay.find((f) => subject.integrationFlows.includes(f.flow)) ?? (zero && subject.integrationFlows.includes(zero.flow) ? zero : undefined)
}

/** Why a scenario run in `flow` cannot run, or undefined (the `unavailable` of a `payFlow` scenario). */
export const needsPayFlow = (subject: ProviderUnderTest, flow: PayFlow | undefined): string | undefined => {
  if (!flow) return 'the provider has no flow that pays with a new card'
  return subject.integrationFlows.includes(flow.flow) ? undefined : `the integration does not offer ${flow.flow}`
}

/** Why a scenario that needs some way to save a card (a pay flow, or the zero-amount save) cannot run, or undefined. */
export const needsAnySaveFlow = (subject: ProviderUnderTest): string | undefined => {
  const zero = derivedFlows(subject.profile).zeroAmountSave
  const flows = [...subject.profile.flows.pay, ...(zero ? [zero] : [])].map((f) => f.flow)
  if (flows.length === 0) return 'the provider has no flow that saves a new card'
  return anySaveFlow(subject) !== undefined ? undefined : `the integration offers none of ${flows.join(', ')}`
}

/** A checkout the integration must accept; a business failure here means the scenario cannot go on. */
export async function mustCheckout(ctx: ScenarioContext, input: Parameters<ScenarioContext['checkout']>[0]): Promise<Checkout> {
  const { input: full, result } = await ctx.checkout(input)
  if (!result.ok) throw new ScenarioAbort(`checkout ${full.flow} answered ${result.issue.code}: ${result.issue.message}`)
  return { input: full, output: result.value }
}

/**
 * Pays with a new card and the buyer's "save" choice, on checkout or on the page. The card is
 * `success` unless given.
 */
export async function payWithNewCard(ctx: ScenarioContext, options: { save: boolean; card?: ScenarioCard; flow?: FlowId; onPage?: boolean; amount?: CheckoutInput['amount'] }): Promise<Checkout> {
  const chosen = options.flow !== undefined ? { flow: options.flow, onPage: options.onPage === true } : saveFlow(ctx)
  if (!chosen) throw new ScenarioAbort('the integration offers no flow that saves a new card')
  const card = options.card ?? ctx.card('success')
  if (!card) throw new ScenarioAbort('the provider declares no successful test card')
  // A zero-amount save charges nothing, whatever the scenario pays otherwise.
  const amount = options.amount ?? ('role' in chosen && chosen.role === 'zeroAmountSave' ? { currency: ctx.profile.amount.currency, value: '0' } : undefined)
  const checkout = await mustCheckout(ctx, { flow: chosen.flow, card: ctx.newCard(card, options.save), ...(amount ? { amount } : {}) })
  // On a page flow the buyer always acts; on a checkout flow only when the integration sends them
  // to one of the provider's pages (a 3DS challenge).
  if (chosen.onPage || needsBuyer(ctx, checkout.output)) await takeBuyerStep(ctx, checkout.output, { card: ctx.buyerCard(card), saveCard: options.save })
  return checkout
}

/** Whether the checkout sent the buyer to a page of the provider (the mock) they must act on. */
export function needsBuyer(ctx: ScenarioContext, output: CheckoutOutput): boolean {
  return output.status === 'action_required' && output.buyerActionUrl !== undefined && ctx.profile.buyerStep(output.buyerActionUrl, { saveCard: false }) !== undefined
}

export async function takeBuyerStep(ctx: ScenarioContext, output: CheckoutOutput, choice: Parameters<ScenarioContext['buyerStep']>[1]): Promise<void> {
  const answer = await ctx.buyerStep(output, choice)
  if (answer.status >= 400) throw new ScenarioAbort(`the buyer's step on the page was refused: HTTP ${answer.status} ${JSON.stringify(answer.body)}`)
}

/** Saves a card for the scenario's buyer and returns its id at the merchant; checks it showed up. */
export async function savedCardFixture(ctx: ScenarioContext): Promise<string> {
  await payWithNewCard(ctx, { save: true })
  await ctx.advance(SETTLE_MS)
  const cards = await ctx.savedCards()
  const first = cards[0]
  if (!ctx.check(RULES.SAVED_CARD_USABLE, first !== undefined, 'the buyer agreed to save the card and the provider confirmed it, but the integration shows no saved card', [driverEvidence('saved-cards', cards)]) || !first) {
    // The finding above is the merchant's; what follows needs a saved card the run could not get.
    throw new SetupError('a saved card to continue with', 'the integration shows none')
  }
  return first.id
}

/** The saved card as a checkout pays with it (with the CVV where the provider asks the buyer for it again). */
export function savedCardChoice(ctx: ScenarioContext, savedCardId: string): CheckoutInput['card'] {
  return { kind: 'saved', savedCardId, ...(ctx.profile.reuseCvv === 'required' ? { cvv: ctx.profile.testCard.cvv } : {}) }
}

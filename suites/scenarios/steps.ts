/**
 * Steps several scenarios share: saving a card the way the provider offers it, and settling
 * everything the mock has queued.
 */
import type { ScenarioCard } from '../../contracts/core/conformance.ts'
import type { FlowId } from '../../contracts/core/types.ts'
import type { CheckoutInput, CheckoutOutput } from '../driver.ts'
import { RULES } from '../rules.ts'
import { driverEvidence, ScenarioAbort, type ScenarioContext } from '../scenario.ts'

/** Long enough for any test card to settle and for a held notification to go out. */
export const SETTLE_MS = 2 * 60 * 60_000

export interface Checkout {
  readonly input: CheckoutInput
  readonly output: CheckoutOutput
}

/** The flow that saves a new card: on checkout where the provider has it, else on the provider's page. */
export function saveFlow(ctx: ScenarioContext): { flow: FlowId; onPage: boolean } | undefined {
  const { saveOnCheckout, saveOnPage } = ctx.profile.flows
  if (saveOnCheckout && ctx.subject.integrationFlows.includes(saveOnCheckout)) return { flow: saveOnCheckout, onPage: false }
  if (saveOnPage && ctx.subject.integrationFlows.includes(saveOnPage)) return { flow: saveOnPage, onPage: true }
  return undefined
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
  const checkout = await mustCheckout(ctx, { flow: chosen.flow, card: ctx.newCard(card, options.save), ...(options.amount ? { amount: options.amount } : {}) })
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
    throw new ScenarioAbort('no saved card to continue with')
  }
  return first.id
}

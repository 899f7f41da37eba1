/**
 * A scenario: one situation an integration must handle, written once for every provider. It asks
 * the provider's profile which flow, card, fault and buyer step to use, drives the integration
 * through the driver, and records a finding for each rule the integration breaks.
 */
import type { BuyerChoice, CardRole, ConformanceProfile, PayFlow, PaymentFacts, ScenarioCard } from '../contracts/core/conformance.ts'
import type { ProviderContract } from '../contracts/core/provider-contract.ts'
import type { CardBehaviour } from '../contracts/core/types.ts'
import { redact } from '../mocks/engine/masking.ts'
import { NO_ORDER_RECORD, type CheckoutInput, type CheckoutOutput, type MerchantDriverV1, type OrderOutput, type SavedCard } from './driver.ts'
import type { Evidence, Finding } from './findings.ts'
import type { Exchange, MockControl, MockPayment, MockState, NotificationRecord } from './mock-control.ts'
import type { Rule } from './rules.ts'

export interface Scenario {
  readonly id: string
  readonly title: string
  /** The provider state the scenario sets up, as a Pact contract names it ("buyer has a saved card"). */
  readonly given: string
  /** The rules this scenario can break (checks of other rules may still run in passing). */
  readonly rules: readonly Rule[]
  /**
   * Which flows the scenario runs in, one run each: every pay flow the provider declares
   * (`payFlow`); those and the zero-amount save (`saveFlow`); those where the merchant makes the
   * payment call a fault is injected on, and the merchant-initiated payment with a saved card where
   * the provider names its operation (`faultFlow`); or a single run that picks its own flows (`once`).
   */
  readonly per: 'payFlow' | 'saveFlow' | 'faultFlow' | 'once'
  /** Why the scenario cannot run against this provider in this flow, or undefined when it can. */
  unavailable(provider: ProviderUnderTest, flow: PayFlow | undefined): string | undefined
  run(context: ScenarioContext): Promise<void>
}

/** The runs a scenario makes against a provider: one per flow, or one with no flow of its own. */
export function scenarioFlows(scenario: Scenario, profile: ConformanceProfile): readonly (PayFlow | undefined)[] {
  if (scenario.per === 'once') return [undefined]
  const { zeroAmountSave, reuse } = derivedFlows(profile)
  const flows =
    scenario.per === 'faultFlow'
      ? [...profile.flows.pay.filter((f) => f.faultOperation !== undefined), ...(reuse ? [reuse] : [])]
      : scenario.per === 'saveFlow'
        ? [...profile.flows.pay, ...(zeroAmountSave ? [zeroAmountSave] : [])]
        : profile.flows.pay
  // None declared: one run that reports why the scenario does not apply.
  return flows.length > 0 ? flows : [undefined]
}

const derived = new WeakMap<ConformanceProfile, { readonly zeroAmountSave?: PayFlow; readonly reuse?: PayFlow }>()

/**
 * The runs the suites make in a profile's zero-amount save and merchant-initiated reuse, as flows
 * (one object per profile: runs compare flows by identity).
 */
export function derivedFlows(profile: ConformanceProfile): { readonly zeroAmountSave?: PayFlow; readonly reuse?: PayFlow } {
  const known = derived.get(profile)
  if (known) return known
  const { zeroAmountSave, reuse, reuseFaultOperation } = profile.flows
  const flows = {
    // The card goes in the merchant's request or on a page the merchant's answer names (needsBuyer).
    ...(zeroAmountSave !== undefined ? { zeroAmountSave: { flow: zeroAmountSave, onPage: false, consent: 'merchant', role: 'zeroAmountSave' } satisfies PayFlow } : {}),
    ...(reuse !== undefined && reuseFaultOperation !== undefined ? { reuse: { flow: reuse, onPage: false, consent: 'merchant', faultOperation: reuseFaultOperation, role: 'reuse' } satisfies PayFlow } : {}),
  }
  derived.set(profile, flows)
  return flows
}

/** A short tag of a run's flow for ids (order ids and buyer references stay unique across the runs of one scenario). */
export function flowTag(profile: ConformanceProfile, flow: PayFlow | undefined): string {
  if (!flow) return ''
  if (flow.role === 'zeroAmountSave') return 'z'
  if (flow.role === 'reuse') return 'r'
  const index = profile.flows.pay.indexOf(flow)
  return index >= 0 ? `f${index}` : ''
}

export interface ProviderUnderTest {
  readonly contract: ProviderContract
  readonly profile: ConformanceProfile
  /** The flows the integration says it supports with this provider. */
  readonly integrationFlows: readonly string[]
  /** Whether the integration serves the optional `logs` operation (protocol 1.1). */
  readonly integrationLogs?: boolean
}

/**
 * How long a checkout may keep the buyer waiting on a silent provider before the run calls it a
 * hang: under the driver protocol's 30 s, so a call timeout up to about 25 s passes; a longer one
 * cannot be told from none.
 */
export const DEFAULT_ANSWER_BUDGET_MS = 25_000

/** A payment request as it crossed the wire, with the facts the rules read. */
export interface PaymentRequestSeen {
  readonly exchange: Exchange
  readonly facts: PaymentFacts
}

/** Thrown when the scenario cannot go on (the integration broke the protocol or a precondition failed). */
export class ScenarioAbort extends Error {
  override readonly name: string = 'ScenarioAbort'
}

/**
 * Thrown when the scenario turns out not to apply to this integration in this flow (it learns the
 * result before any notification could matter, it keeps no order record for the case): the
 * scenario is reported as skipped with the reason, not judged.
 */
export class ScenarioNotApplicable extends ScenarioAbort {
  override readonly name = 'ScenarioNotApplicable'
}

/**
 * Thrown when the mock's own record shows the harness did not put the provider in the state the
 * scenario needs (the decline card was authorised, the fault was never hit, the token is not
 * there). The scenario then ends as an `error`: judging the merchant on a situation that did not
 * happen would be a false finding.
 */
export class SetupError extends ScenarioAbort {
  override readonly name = 'SetupError'
  constructor(what: string, observed: string) {
    super(`the harness could not set up ${what}: ${observed}`)
  }
}

export class ScenarioContext {
  readonly findings: Finding[] = []
  /** Full card numbers used in this scenario: nothing the integration shows may contain one. */
  readonly cardsUsed = new Set<string>()
  /** Everything the integration answered through the driver, for the card-data check. */
  readonly driverOutputs: unknown[] = []
  /** Every saved card the integration listed. */
  readonly savedCardsSeen: SavedCard[] = []
  #orders = 0

  constructor(
    readonly provider: string,
    readonly scenario: Scenario,
    readonly subject: ProviderUnderTest,
    readonly driver: MerchantDriverV1,
    readonly mock: MockControl,
    /** A fresh pseudonymous buyer reference per scenario. */
    readonly buyerRef: string,
    private readonly runId: string,
    /** The flow this run of the scenario is about (undefined for a scenario that runs once). */
    readonly flow?: PayFlow,
    /** How long a checkout may wait on a provider that does not answer (TP-RETRY-004). */
    readonly answerBudgetMs: number = DEFAULT_ANSWER_BUDGET_MS,
  ) {}

  get profile(): ConformanceProfile {
    return this.subject.profile
  }

  /** Records a finding when `ok` is false. Returns `ok`, so a scenario can stop checking what follows from it. */
  check(rule: Rule, ok: boolean, message: string, evidence: readonly Evidence[] = []): boolean {
    if (ok) return true
    // One finding per rule and scenario: the first observation is the one that explains it.
    if (this.findings.some((f) => f.ruleId === rule.id)) return false
    this.findings.push({
      id: `${rule.id}/${this.provider}/${this.scenario.id}${this.flow ? `/${this.flow.flow}` : ''}`,
      ruleId: rule.id,
      severity: rule.severity,
      title: rule.title,
      provider: this.provider,
      scenario: this.scenario.id,
      ...(this.flow ? { flow: this.flow.flow } : {}),
      message: maskAll(message),
      citation: this.profile.citations[rule.id] ?? rule.source,
      evidence: evidence.slice(0, 6).map((e) => redact(e) as Evidence),
    })
    return false
  }

  /** Ends the scenario as an `error` when the mock's record does not show the set-up happened. */
  proveSetup(ok: boolean, what: string, observed: () => string): void {
    if (!ok) throw new SetupError(what, maskAll(observed()))
  }

  /** The payments the mock holds for this provider now (the mock was reset for the scenario). */
  async mockPayments(): Promise<MockPayment[]> {
    return (await this.mock.state()).payments.filter((p) => p.provider === this.provider)
  }

  /** The mock's own record, as evidence next to what the integration reported. */
  async mockRecord(note = "the mock's own record: payments, tokens, notifications"): Promise<Evidence> {
    return mockRecordEvidence(await this.mock.state(), await this.mock.notifications(this.provider), this.provider, note)
  }

  /** A short tag of the flow for ids (order ids stay unique across the runs of one scenario). */
  get flowTag(): string {
    const tag = flowTag(this.profile, this.flow)
    return tag === '' ? '' : `${tag}-`
  }

  newOrderId(): string {
    this.#orders += 1
    return `tp-${this.runId}-${this.scenario.id.slice(0, 12)}-${this.flowTag}${this.#orders}`.slice(0, 40)
  }

  /** The card for a role in this run's flow (see scenarioCard). */
  card(role: CardRole): ScenarioCard | undefined {
    return scenarioCard(this.subject, role, this.flow)
  }

  /** How long the provider takes to settle a pending card, on the mock's clock. */
  settleTime(card: ScenarioCard): number {
    return card.behaviour.kind === 'pending' ? card.behaviour.settleAfterMs : 0
  }

  newCard(card: ScenarioCard, save: boolean): CheckoutInput['card'] {
    return { kind: 'new', save, card: this.buyerCard(card) }
  }

  /** Starts a checkout; a business failure comes back as `{ ok: false }`, a protocol error aborts. */
  async checkout(input: Omit<CheckoutInput, 'provider' | 'buyerRef' | 'orderId' | 'amount'> & Partial<Pick<CheckoutInput, 'amount' | 'orderId' | 'buyerRef'>>) {
    const full = this.checkoutInput(input)
    const result = await this.driver.checkout(full)
    this.driverOutputs.push(result)
    await this.mock.idle()
    return { input: full, result }
  }

  /** The full checkout input, with this scenario's buyer, a new order id and the profile's amount unless given. */
  checkoutInput(input: Omit<CheckoutInput, 'provider' | 'buyerRef' | 'orderId' | 'amount'> & Partial<Pick<CheckoutInput, 'amount' | 'orderId' | 'buyerRef'>>): CheckoutInput {
    return { provider: this.provider, buyerRef: input.buyerRef ?? this.buyerRef, orderId: input.orderId ?? this.newOrderId(), amount: input.amount ?? this.profile.amount, flow: input.flow, card: input.card }
  }

  /**
   * A checkout that must answer within the answer budget: `late` when it did not (the call goes on
   * in the background; `settled` resolves when it ends, for the scenario to wait on).
   */
  async checkoutWithin(input: CheckoutInput): Promise<{ readonly late: false; readonly result: Awaited<ReturnType<MerchantDriverV1['checkout']>> } | { readonly late: true; readonly settled: Promise<void> }> {
    const call = this.driver.checkout(input).then((result) => {
      this.driverOutputs.push(result)
      return result
    })
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.answerBudgetMs)))
    const first = await Promise.race([call, late])
    clearTimeout(timer)
    if (first === 'late') return { late: true, settled: call.then(() => undefined, () => undefined) }
    await this.mock.idle()
    return { late: false, result: first }
  }

  /** Takes the buyer's step on the provider's page behind the checkout's buyer action URL. */
  async buyerStep(output: CheckoutOutput, choice: BuyerChoice): Promise<{ readonly status: number; readonly body: unknown }> {
    if (output.status !== 'action_required' || output.buyerActionUrl === undefined) throw new ScenarioAbort(`the checkout answered ${output.status}, not action_required with a buyerActionUrl`)
    const step = this.profile.buyerStep(output.buyerActionUrl, choice)
    if (!step) throw new ScenarioAbort(`the buyer action URL ${output.buyerActionUrl} is not a page of the mock`)
    if (choice.card) this.cardsUsed.add(choice.card.number)
    const answer = await this.mock.buyerAction(this.provider, step.action, step.body)
    await this.mock.idle()
    return answer
  }

  buyerCard(card: ScenarioCard): NonNullable<BuyerChoice['card']> {
    this.cardsUsed.add(card.number)
    const { expiryMonth, expiryYear, cvv } = this.profile.testCard
    return { number: card.number, expiryMonth, expiryYear, cvv, ...(card.holderName !== undefined ? { holderName: card.holderName } : {}) }
  }

  async savedCards(): Promise<SavedCard[]> {
    const result = await this.driver.savedCards({ provider: this.provider, buyerRef: this.buyerRef })
    this.driverOutputs.push(result)
    if (!result.ok) throw new ScenarioAbort(`saved-cards answered ${result.issue.code}: ${result.issue.message}`)
    this.savedCardsSeen.push(...result.value.cards)
    return result.value.cards
  }

  async order(orderId: string): Promise<OrderOutput> {
    const result = await this.driver.order({ provider: this.provider, orderId })
    this.driverOutputs.push(result)
    // The protocol's way to say "this integration keeps no order record for this case".
    if (!result.ok && result.issue.code === NO_ORDER_RECORD) throw new ScenarioNotApplicable(`the integration keeps no order record for this case (${result.issue.message}), so the order's state cannot be judged`)
    if (!result.ok) throw new ScenarioAbort(`order answered ${result.issue.code}: ${result.issue.message}`)
    return result.value
  }

  /**
   * The order as `order`, or undefined where the integration keeps no order record for it
   * (`no_order_record`): for checks that judge what else they can (saved cards, the mock's record).
   */
  async orderIfKept(orderId: string): Promise<OrderOutput | undefined> {
    try {
      return await this.order(orderId)
    } catch (error) {
      if (error instanceof ScenarioNotApplicable) return undefined
      throw error
    }
  }

  /** The integration's recent log lines, where it serves the optional `logs` operation. */
  async logs(): Promise<string[] | undefined> {
    if (this.subject.integrationLogs !== true || !this.driver.logs) return undefined
    const result = await this.driver.logs()
    return result.ok ? result.value.lines : undefined
  }

  /** Moves the mock's clock and waits for what falls due (settlements, notification retries). */
  async advance(ms: number): Promise<void> {
    await this.mock.advance(ms)
    await this.mock.idle()
  }

  /**
   * Every request the integration sent that could charge the buyer, with its facts. A request the
   * provider refused at authentication (HTTP 401) never reached a payment and is not counted.
   */
  async paymentRequests(): Promise<PaymentRequestSeen[]> {
    const operations = new Set(this.profile.operations.payment)
    const exchanges = await this.mock.exchanges(this.provider)
    return exchanges
      .filter((e) => e.direction === 'inbound' && e.operation !== undefined && operations.has(e.operation) && !('status' in e.response && e.response.status === 401))
      .map((exchange) => ({ exchange, facts: this.profile.paymentFacts(exchange.request) }))
  }

  async inquiries(): Promise<Exchange[]> {
    const operations = new Set(this.profile.operations.inquiry)
    return (await this.mock.exchanges(this.provider)).filter((e) => e.direction === 'inbound' && e.operation !== undefined && operations.has(e.operation))
  }

  async notificationDeliveries(): Promise<Exchange[]> {
    return (await this.mock.exchanges(this.provider)).filter((e) => e.direction === 'outbound')
  }
}

const PLAYS: Record<CardRole, (b: CardBehaviour) => boolean> = {
  success: (b) => b.kind === 'success',
  decline: (b) => b.kind === 'decline',
  pendingSuccess: (b) => b.kind === 'pending' && b.then === 'success',
  pendingFailure: (b) => b.kind === 'pending' && b.then !== 'success',
}

/**
 * The card for a role: the flow's own choice, else the profile's, else the test-card table's first
 * card with that behaviour (published cards before assumed ones).
 */
export function scenarioCard(subject: ProviderUnderTest, role: CardRole, flow?: PayFlow): ScenarioCard | undefined {
  const chosen = flow?.cards?.[role] ?? subject.profile.cards?.[role]
  if (chosen) return chosen
  const cards = subject.contract.testCards.filter((c) => PLAYS[role](c.behaviour))
  return cards.find((c) => !c.assumed) ?? cards[0]
}

/** An exchange as a finding's evidence. */
export function evidenceOf(exchange: Exchange, note?: string): Evidence {
  const response = 'error' in exchange.response ? { error: exchange.response.error } : exchange.response.body
  return {
    exchangeId: exchange.id,
    direction: exchange.direction,
    ...(exchange.operation !== undefined ? { operation: exchange.operation } : {}),
    method: exchange.request.method,
    url: exchange.request.url,
    ...('status' in exchange.response ? { status: exchange.response.status } : {}),
    request: exchange.request.body,
    response,
    ...(note !== undefined ? { note } : {}),
  }
}

/** A payment as the mock recorded it, in a few words: "pay_1 failed (Refused)". */
export function describePayments(payments: readonly MockPayment[]): string {
  if (payments.length === 0) return 'the mock recorded no payment'
  return `the mock recorded ${payments.map((p) => `payment ${p.id} ${p.status}${p.resultCode !== undefined ? ` (${p.resultCode})` : ''}`).join(', ')}`
}

/** The mock's state for one provider, trimmed to what a reader of a finding needs. */
export function mockRecordEvidence(state: MockState, notifications: readonly NotificationRecord[], provider: string, note: string): Evidence {
  const payments = state.payments
    .filter((p) => p.provider === provider)
    .map((p) => ({ id: p.id, status: p.status, resultCode: p.resultCode, amount: p.amount, buyerRef: p.buyerRef, tokenId: p.tokenId, usedTokenId: p.usedTokenId }))
  const tokens = state.tokens.filter((t) => t.provider === provider).map((t) => ({ id: t.id, status: t.status, usage: t.usage, buyerRef: t.buyerRef }))
  const sent = notifications.map((n) => ({
    kind: n.kind,
    subject: n.subject,
    status: n.status,
    attempts: n.attempts.map((a) => ({ status: a.status, acknowledged: a.acknowledged, ...(a.forged === true ? { forged: true } : {}), ...(a.duplicate === true ? { duplicate: true } : {}) })),
  }))
  return { direction: 'mock', note, response: redact({ payments, tokens, notifications: sent }) }
}

/** What the integration answered through the driver, as evidence. */
export function driverEvidence(note: string, value: unknown): Evidence {
  return { direction: 'driver', note, response: redact(value) }
}

function maskAll(text: string): string {
  return String(redact(text))
}

/**
 * The lifecycle commands: each acts on the mock through a LifecycleDriver or the control API,
 * updates the model with what should now be true, then compares (model.ts). None names a provider.
 */
import fc from 'fast-check'
import type { ChaosMode } from './control.ts'
import type { Consent, LifecycleDriver, PayAnswer, PayInput } from './driver.ts'
import { compare, ModelMismatch, type LifecycleModel, type LifecycleReal } from './model.ts'

type Command = fc.AsyncCommand<LifecycleModel, LifecycleReal>

const BUYERS = ['buyer-a', 'buyer-b'] as const

function fail(message: string): never {
  throw new ModelMismatch(message)
}

const nextRequestId = (model: LifecycleModel): string => `tp-model-${(model.nextRequest++).toString().padStart(3, '0')}`

/** Records an answer to a new payment in the model and checks the outcome the model predicts. */
function admit(model: LifecycleModel, input: PayInput, answer: PayAnswer, predicted: PayAnswer['outcome']): void {
  if (answer.outcome !== predicted) fail(`request ${input.requestId}: expected ${predicted}, got ${answer.outcome}: ${answer.raw.slice(0, 300)}`)
  model.payments.set(input.requestId, {
    input,
    paymentId: answer.paymentId,
    handle: answer.handle,
    status: answer.outcome === 'refused' ? 'failed' : answer.outcome,
    createdAt: model.now,
    saves: input.consent === 'always',
  })
}

class PayCommand implements Command {
  constructor(
    readonly buyer: string,
    readonly cardIndex: number,
    readonly consent: Consent,
    readonly hosted: boolean,
  ) {}
  check = (): boolean => true
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const input: PayInput = { requestId: nextRequestId(model), buyer: this.buyer, card: real.driver.cards[this.cardIndex % real.driver.cards.length]!, consent: this.consent, hosted: this.hosted }
    const answer = await real.driver.pay(real.env, input)
    admit(model, input, answer, this.hosted || this.consent === 'ask' ? 'awaiting_buyer' : 'succeeded')
    await compare(model, real)
  }
  toString = (): string => `pay(${this.buyer}, card ${this.cardIndex}, consent ${this.consent}, ${this.hosted ? 'hosted' : 'direct'})`
}

/** The buyer completes the n-th payment still waiting for them (or one that expired: then it must fail). */
class CompleteCommand implements Command {
  constructor(
    readonly pick: number,
    readonly save: boolean,
  ) {}
  check = (model: LifecycleModel): boolean => [...model.payments.values()].some((p) => p.status === 'awaiting_buyer' || p.status === 'expired')
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    await compare(model, real) // settles expiry in the model first
    const waiting = [...model.payments.values()].filter((p) => p.status === 'awaiting_buyer' || p.status === 'expired')
    const payment = waiting[this.pick % waiting.length]
    if (payment === undefined) return
    const answer = await real.driver.complete(real.env, payment.handle ?? '', payment.input.card, this.save)
    if (payment.status === 'expired') {
      if (answer.outcome === 'succeeded') fail(`request ${payment.input.requestId}: the buyer completed an expired payment`)
    } else if (payment.status === 'awaiting_buyer' && model.now - payment.createdAt < real.driver.buyerWindowMs) {
      if (answer.outcome !== 'succeeded') fail(`request ${payment.input.requestId}: the buyer's completion answered ${answer.outcome}: ${answer.raw.slice(0, 300)}`)
      payment.status = 'succeeded'
      payment.saves = payment.input.consent === 'always' || (payment.input.consent === 'ask' && this.save)
    } else return // at the deadline either answer is right; the comparison learns which
    await compare(model, real)
  }
  toString = (): string => `complete(#${this.pick}, save ${this.save})`
}

/** The same request again, after its answer: the provider must replay it, not pay twice. */
class ReplayCommand implements Command {
  constructor(readonly pick: number) {}
  check = (model: LifecycleModel): boolean => model.payments.size > 0
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const payments = [...model.payments.values()]
    const payment = payments[this.pick % payments.length]!
    const answer = payment.usedToken !== undefined ? await real.driver.payWithToken(real.env, { requestId: payment.input.requestId, buyer: payment.input.buyer, token: payment.usedToken }) : await real.driver.pay(real.env, payment.input)
    if (payment.paymentId !== undefined && answer.paymentId !== undefined && answer.paymentId !== payment.paymentId)
      fail(`request ${payment.input.requestId}: replayed as ${answer.paymentId}, first answered ${payment.paymentId}`)
    await compare(model, real)
  }
  toString = (): string => `replay(#${this.pick})`
}

/** Identical requests in flight together, started and answered in the scheduler's order: one payment. */
class RaceCommand implements Command {
  constructor(
    readonly copies: number,
    readonly buyer: string,
    readonly cardIndex: number,
    readonly scheduler: fc.Scheduler,
  ) {}
  check = (): boolean => true
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    // Direct and saving where the provider can, so the race also covers token creation.
    const hosted = !real.driver.flows.includes('direct')
    const consent: Consent = !hosted && real.driver.directConsents.includes('always') ? 'always' : 'none'
    const input: PayInput = { requestId: nextRequestId(model), buyer: this.buyer, card: real.driver.cards[this.cardIndex % real.driver.cards.length]!, consent, hosted }
    const s = this.scheduler
    const answers: PayAnswer[] = []
    // The scheduled values are only the payment ids, so the printed schedule stays readable.
    const calls = Array.from({ length: this.copies }, (_, i) =>
      s.schedule(Promise.resolve(i), `start #${i}`).then(() =>
        s.schedule(
          real.driver.pay(real.env, input).then((a) => {
            answers[i] = a
            return a.paymentId ?? a.handle ?? a.outcome
          }),
          `answer #${i}`,
        ),
      ),
    )
    await s.waitFor(Promise.all(calls))
    // Every copy that made or replayed a payment names the same one; a provider without replays
    // may refuse the later copies as duplicates instead, which is just as safe.
    const made = answers.filter((a) => a.outcome !== 'refused')
    const ids = new Set(made.map((a) => a.paymentId ?? a.handle))
    if (made.length === 0 || ids.size !== 1) fail(`request ${input.requestId}: ${this.copies} racing copies answered ${answers.map((a) => a.paymentId ?? a.handle ?? a.outcome).join(', ')}`)
    admit(model, input, made[0]!, hosted ? 'awaiting_buyer' : 'succeeded')
    await compare(model, real)
  }
  toString = (): string => `race(${this.copies} × ${this.buyer} card ${this.cardIndex}) ${String(this.scheduler)}`
}

/** A later payment with a saved token: succeeds while the token is active, never once it is deleted. */
class ReuseCommand implements Command {
  constructor(readonly pick: number) {}
  check = (model: LifecycleModel): boolean => model.tokens.length > 0
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const token = model.tokens[this.pick % model.tokens.length]!
    const input: PayInput = { requestId: nextRequestId(model), buyer: token.buyer, card: token.card, consent: 'none', hosted: false }
    const answer = await real.driver.payWithToken(real.env, { requestId: input.requestId, buyer: token.buyer, token: token.id })
    if (token.active) {
      if (answer.outcome !== 'succeeded') fail(`reuse of active token ${token.id}: ${answer.outcome}: ${answer.raw.slice(0, 300)}`)
    } else if (answer.outcome === 'succeeded') fail(`reuse of deleted token ${token.id} succeeded`)
    // A refused reuse makes nothing; a declined one is a failed payment the mock keeps; a hosted
    // reuse whose page refused the token still waits for the buyer.
    if (answer.outcome !== 'refused') model.payments.set(input.requestId, { input, paymentId: answer.paymentId, handle: answer.handle, status: answer.outcome, createdAt: model.now, saves: false, usedToken: token.id })
    await compare(model, real)
  }
  toString = (): string => `reuse(token #${this.pick})`
}

class DeleteTokenCommand implements Command {
  constructor(readonly pick: number) {}
  check = (model: LifecycleModel): boolean => model.tokens.some((t) => t.active)
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const active = model.tokens.filter((t) => t.active)
    const token = active[this.pick % active.length]!
    const status = await real.control.deleteToken(token.id)
    if (status !== 204) fail(`deleting token ${token.id} answered ${status}`)
    token.active = false
    await compare(model, real)
  }
  toString = (): string => `deleteToken(#${this.pick})`
}

/** The next notification misbehaves: duplicated, reordered or late; or the merchant drops the next attempts. */
class ChaosCommand implements Command {
  constructor(readonly mode: ChaosMode | 'drop') {}
  check = (): boolean => true
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    if (this.mode === 'drop') real.endpoint.drop += 1
    else await real.control.chaos(this.mode)
    await compare(model, real)
  }
  toString = (): string => `chaos(${this.mode})`
}

/** Time passes; after a whole day every notification must have been delivered despite drops and chaos. */
class AdvanceCommand implements Command {
  constructor(readonly ms: number) {}
  check = (): boolean => true
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    await real.control.advance(this.ms)
    const allDelivered = this.ms >= DAY && real.endpoint.drop === 0
    await compare(model, real, { allDelivered })
  }
  toString = (): string => `advance(${this.ms} ms)`
}

const DAY = 25 * 60 * 60 * 1000

/** The command arbitraries for a driver: only the flows and consents it supports. */
export function lifecycleCommands(driver: LifecycleDriver): fc.Arbitrary<Command>[] {
  const buyer = fc.constantFrom(...BUYERS)
  const cardIndex = fc.nat({ max: driver.cards.length - 1 })
  const pays: fc.Arbitrary<Command>[] = []
  if (driver.flows.includes('direct')) pays.push(fc.tuple(buyer, cardIndex, fc.constantFrom(...driver.directConsents)).map(([b, c, consent]) => new PayCommand(b, c, consent, false)))
  if (driver.flows.includes('hosted')) pays.push(fc.tuple(buyer, cardIndex, fc.constantFrom(...driver.hostedConsents)).map(([b, c, consent]) => new PayCommand(b, c, consent, true)))
  return [
    ...pays,
    fc.tuple(fc.nat(), fc.boolean()).map(([pick, save]) => new CompleteCommand(pick, save)),
    fc.nat().map((pick) => new ReplayCommand(pick)),
    fc.tuple(fc.integer({ min: 2, max: 4 }), buyer, cardIndex, fc.scheduler()).map(([n, b, c, s]) => new RaceCommand(n, b, c, s)),
    fc.nat().map((pick) => new ReuseCommand(pick)),
    fc.nat().map((pick) => new DeleteTokenCommand(pick)),
    fc.constantFrom<ChaosMode | 'drop'>('duplicate', 'outOfOrder', 'late', 'drop').map((mode) => new ChaosCommand(mode)),
    fc.constantFrom(61_000, 601_000, 3_660_000, DAY).map((ms) => new AdvanceCommand(ms)),
  ]
}

/**
 * The small model the mock is compared with after every command: payments by request id with the
 * status they should have, tokens per buyer and card with whether they are active, and which
 * notifications must have reached the merchant. It knows nothing of any provider's wire format.
 */
import type { DriverEnv, LifecycleDriver, PayInput } from './driver.ts'
import type { ControlClient, MockState, NotificationRecord } from './control.ts'
import type { RecordingEndpoint } from './recording-endpoint.ts'

export type ModelStatus = 'awaiting_buyer' | 'succeeded' | 'failed' | 'expired'

export interface ModelPayment {
  readonly input: PayInput
  /** The mock's payment id, learnt from the answer or the state. */
  paymentId?: string | undefined
  /** What the buyer-facing step needs (payment or session id). */
  handle?: string | undefined
  status: ModelStatus
  readonly createdAt: number
  /** Whether success must leave a token for the buyer and card. */
  saves: boolean
  /** The token a reuse payment was made with. */
  readonly usedToken?: string | undefined
}

export interface ModelToken {
  readonly id: string
  readonly buyer: string
  readonly card: string
  active: boolean
}

export interface LifecycleModel {
  now: number
  readonly payments: Map<string, ModelPayment>
  readonly tokens: ModelToken[]
  /** Request ids are drawn from this counter, so each sequence's ids are the same on replay. */
  nextRequest: number
}

/** What the commands act on: the provider's driver, the control API, and the merchant endpoint. */
export interface LifecycleReal {
  readonly driver: LifecycleDriver
  readonly env: DriverEnv
  readonly control: ControlClient
  readonly endpoint: RecordingEndpoint
  /** Resolves once no notification is on the wire (otherwise counts race the check). */
  idle(): Promise<void>
}

export const emptyModel = (now: number): LifecycleModel => ({ now, payments: new Map(), tokens: [], nextRequest: 0 })


/** A failed comparison: the message names what differs, so the shrunk counterexample reads as a bug report. */
export class ModelMismatch extends Error {
  override readonly name = 'ModelMismatch'
}

function expect(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new ModelMismatch(message())
}

/** Margin around the buyer's window: exactly at the deadline either answer is right. */
const EXPIRY_TOLERANCE_MS = 1_000
const ENDED = new Set(['expired', 'failed', 'cancelled'])

/**
 * Compares the mock with the model, and lets the model learn what it cannot predict (ids the mock
 * chose, and an awaiting payment that expired). Throws ModelMismatch on the first difference.
 */
export async function compare(model: LifecycleModel, real: LifecycleReal, options: { readonly allDelivered?: boolean } = {}): Promise<void> {
  await real.idle()
  const state = await real.control.state()
  model.now = state.clock.now
  comparePayments(model, real.driver, state)
  compareTokens(model, state)
  compareNotifications(model, real.driver.notifies, await real.control.notifications(), real.endpoint.received.length, options.allDelivered === true)
}

function comparePayments(model: LifecycleModel, driver: LifecycleDriver, state: MockState): void {
  for (const p of state.payments) expect(model.payments.has(p.requestId), () => `the mock holds payment ${p.id} for request ${p.requestId}, which the model never made`)
  for (const [requestId, expected] of model.payments) {
    const found = state.payments.filter((p) => p.requestId === requestId)
    const sessions = state.sessions.filter((s) => s.requestId === requestId)
    expect(found.length <= 1 && sessions.length <= 1, () => `request ${requestId}: ${found.length} payments and ${sessions.length} sessions in the mock, expected at most one of each`)
    const waiting = expected.status === 'awaiting_buyer' || expected.status === 'expired'
    // A provider that makes the payment only when the buyer pays shows a waiting one as its session.
    const session = sessions[0]
    const actual = found[0] ?? (waiting && session !== undefined ? { id: undefined, status: session.status === 'open' ? 'awaiting_buyer' : session.status, tokenId: undefined, usedTokenId: undefined } : undefined)
    if (actual === undefined && waiting && driver.unseenWhileWaiting === true) {
      // Invisible until it ends; once the window has closed it must show as ended.
      expect(model.now - expected.createdAt <= driver.buyerWindowMs + EXPIRY_TOLERANCE_MS, () => `request ${requestId}: the buyer's window closed but the mock shows nothing for it`)
      continue
    }
    expect(actual !== undefined, () => `request ${requestId}: the mock holds no payment for it (model: ${expected.status})`)
    if (actual.id !== undefined) {
      if (expected.paymentId !== undefined) expect(actual.id === expected.paymentId, () => `request ${requestId}: the answer named ${expected.paymentId}, the mock holds ${actual.id}`)
      expected.paymentId = actual.id
    }
    if (expected.status === 'awaiting_buyer') {
      const elapsed = model.now - expected.createdAt
      if (elapsed > driver.buyerWindowMs + EXPIRY_TOLERANCE_MS) {
        expect(ENDED.has(actual.status) || (driver.lazyExpiry === true && actual.status === 'awaiting_buyer'), () => `request ${requestId}: the buyer's window closed ${elapsed - driver.buyerWindowMs} ms ago but the payment is ${actual.status}`)
        expected.status = 'expired'
      } else if (elapsed < driver.buyerWindowMs - EXPIRY_TOLERANCE_MS) {
        expect(actual.status === 'awaiting_buyer', () => `request ${requestId}: awaiting the buyer for ${elapsed} ms, but the mock says ${actual.status}`)
      } else if (ENDED.has(actual.status)) expected.status = 'expired'
      continue
    }
    if (expected.status === 'expired') {
      expect(ENDED.has(actual.status) || (driver.lazyExpiry === true && actual.status === 'awaiting_buyer'), () => `request ${requestId}: expired, but the mock says ${actual.status}`)
      continue
    }
    expect(actual.status === expected.status, () => `request ${requestId}: expected ${expected.status}, the mock says ${actual.status}`)
    if (expected.usedToken !== undefined && expected.status === 'succeeded') expect(actual.usedTokenId === expected.usedToken, () => `request ${requestId}: paid with ${expected.usedToken}, the mock says ${actual.usedTokenId}`)
    if (expected.status === 'succeeded' && expected.saves) learnToken(model, expected, actual.tokenId)
  }
}

/** A saving payment's token: the buyer's active token for that card if there is one, else a new one. */
function learnToken(model: LifecycleModel, payment: ModelPayment, tokenId: string | undefined): void {
  const { buyer, card } = payment.input
  expect(tokenId !== undefined, () => `request ${payment.input.requestId}: saved the card, but the payment has no token`)
  if (model.tokens.some((t) => t.id === tokenId)) return
  const current = model.tokens.find((t) => t.active && t.buyer === buyer && t.card === card)
  expect(current === undefined, () => `request ${payment.input.requestId}: a second active token ${tokenId} for ${buyer}'s card beside ${current?.id}`)
  model.tokens.push({ id: tokenId, buyer, card, active: true })
}

function compareTokens(model: LifecycleModel, state: MockState): void {
  const active = state.tokens.filter((t) => t.status === 'active').map((t) => t.id).sort()
  const expected = model.tokens.filter((t) => t.active).map((t) => t.id).sort()
  expect(JSON.stringify(active) === JSON.stringify(expected), () => `active tokens: the mock has [${active.join(', ')}], the model [${expected.join(', ')}]`)
}

function compareNotifications(model: LifecycleModel, notifies: boolean, records: readonly NotificationRecord[], received: number, allDelivered: boolean): void {
  if (!notifies) {
    expect(records.length === 0 && received === 0, () => `the provider sends no notifications, yet the mock queued ${records.length} and the merchant received ${received}`)
    return
  }
  const answered = records.reduce((sum, r) => sum + r.attempts.filter((a) => a.status !== undefined).length, 0)
  expect(answered === received, () => `the mock recorded ${answered} answered notification attempts, the merchant received ${received}`)
  const known = new Set<string>()
  for (const p of model.payments.values()) for (const id of [p.paymentId, p.handle]) if (id !== undefined) known.add(id)
  for (const t of model.tokens) known.add(t.id)
  for (const r of records) expect(known.has(r.subject), () => `notification ${r.id} is about ${r.subject}, which the model does not know`)
  for (const p of model.payments.values()) {
    if (p.status !== 'succeeded' && p.status !== 'failed') continue
    expect(records.some((r) => r.subject === p.paymentId || r.subject === p.handle), () => `request ${p.input.requestId} ended ${p.status} but no notification was queued for it`)
  }
  if (allDelivered) for (const r of records) expect(r.status === 'delivered', () => `notification ${r.id} (${r.subject}) is ${r.status} after the whole retry schedule`)
}

import { deliverOnce } from './deliver.ts'
import { z } from 'zod'
import { applies, ChanceInput } from './chance.ts'
import type { RetrySchedule } from '../../contracts/core/types.ts'
import type { Clock, ClockTimer } from './clock.ts'
import type { Recorder } from './recorder.ts'
import { DEFAULT_RETENTION, pageOf, RetainedLog, type Page, type RetentionLimit } from './retention.ts'

/** Switches that make a notification misbehave the way real networks and providers do. */
export const NotificationChaos = z.discriminatedUnion('mode', [
  /** Deliver again after the merchant acknowledged it. */
  z.object({ mode: z.literal('duplicate') }),
  /** Hold the first attempt for this long on the engine's clock. */
  z.object({ mode: z.literal('late'), delayMs: z.number().int().min(0) }),
  /**
   * Hold it until a notification queued after it to the same merchant URL has been sent (had an
   * attempt), so the merchant receives them in reverse order; released after 5 minutes of the engine's
   * clock if nothing overtakes it.
   */
  z.object({ mode: z.literal('outOfOrder') }),
  /** Sign it with a key that is not the provider's. */
  z.object({ mode: z.literal('forgedSignature') }),
  /** Send it with no signature at all (the header or field left out). */
  z.object({ mode: z.literal('unsigned') }),
  /**
   * Send, instead of it, a variant the provider signs just as validly but that is not the
   * merchant's to apply: about another merchant (another client id or merchant account), or for
   * another amount. Only for notifications whose provider offers the variant.
   */
  z.object({ mode: z.literal('impostor'), as: z.enum(['otherMerchant', 'otherAmount']) }),
])
export type NotificationChaos = z.infer<typeof NotificationChaos>
export type ImpostorKind = Extract<NotificationChaos, { mode: 'impostor' }>['as']

export const NotificationChaosRuleInput = z.object({
  provider: z.string().optional(),
  /** The notification's name (e.g. `notifyPayment`); any when absent. */
  kind: z.string().optional(),
  times: z.number().int().positive().default(1),
  chaos: NotificationChaos,
  /** Applies to this share of the matching notifications only (a session-wide fault, `tokenproof audit --chaos`), drawn from `seed` when given. */
  ...ChanceInput,
})
export type NotificationChaosRuleInput = z.input<typeof NotificationChaosRuleInput>

interface ChaosRule extends z.infer<typeof NotificationChaosRuleInput> {
  readonly id: number
  used: number
  /** Draws made for a rule with a rate. */
  draws: number
}

/** The merchant's answer to one delivery attempt. */
export interface DeliveryAnswer {
  readonly status: number
  readonly headers: Headers
  readonly body: string
}

export interface Attempt {
  readonly number: number
  readonly at: number
  readonly durationMs: number
  readonly status?: number | undefined
  readonly error?: string | undefined
  readonly acknowledged: boolean
  readonly forged: boolean
  /** Sent with no signature at all (`unsigned` chaos). */
  readonly unsigned?: boolean
  /** Sent as a validly signed variant that is not the merchant's to apply (`impostor` chaos). */
  readonly impostor?: ImpostorKind | undefined
  readonly duplicate: boolean
  /** Sent by `redeliver` (the provider's "resend" button): outside the retry schedule. */
  readonly manual: boolean
}

export interface NotificationRecord {
  readonly id: string
  readonly provider: string
  readonly kind: string
  readonly url: string | undefined
  /** The body as sent (providers never put a full card number in a notification). */
  readonly body: string
  /** The payment or vaulting this notification is about. */
  readonly subject: string
  status: 'scheduled' | 'held' | 'delivered' | 'failed' | 'no_url'
  readonly attempts: Attempt[]
  nextAttemptAt?: number | undefined
  readonly createdAt: number
  readonly chaos: NotificationChaos[]
}

/** What a provider supplies to send one notification. */
export interface NotificationSpec {
  readonly provider: string
  readonly kind: string
  readonly subject: string
  readonly url: string | undefined
  readonly body: string
  /**
   * The body a forger would send, for providers whose signature is a field of the body rather than a
   * header: sent instead of `body` when the forgedSignature chaos applies. Without it, `body` is sent.
   */
  readonly forgedBody?: string | undefined
  /** The body with no signature, for providers whose signature is a field of the body (`unsigned` chaos). */
  readonly unsignedBody?: string | undefined
  /**
   * Validly signed variants that are not the merchant's to apply (`impostor` chaos): the body, and
   * the headers when they differ (another client id is signed over). Absent: the chaos does not
   * apply to this notification.
   */
  readonly impostors?: Partial<Readonly<Record<ImpostorKind, { readonly body: string; readonly sign?: NotificationSpec['sign'] }>>>
  readonly schedule: RetrySchedule
  /**
   * Headers for one attempt, signed at send time (a signature often covers the send time).
   * `unsigned`: leave the signature out. A promise lets an RSA signature run on libuv's thread pool.
   */
  readonly sign: (input: { readonly url: string; readonly body: string; readonly forged: boolean; readonly unsigned?: boolean }) => Record<string, string> | Promise<Record<string, string>>
  /** Whether the merchant's answer acknowledges the notification the way the provider requires. */
  readonly isAcknowledged: (answer: DeliveryAnswer) => boolean
  /**
   * Whether an unacknowledged attempt is retried on the schedule (`undefined`: no answer came, e.g. a
   * timeout). Some providers retry only answers that look transient and leave the rest failed for a
   * resend by hand. Absent: every unacknowledged attempt is retried.
   */
  readonly shouldRetry?: (answer: DeliveryAnswer | undefined) => boolean
}

/** Another amount for an `otherAmount` impostor, in the same minor units: a tenth of it, or one more when that is nothing. */
export function otherAmountOf(value: number): number {
  return value >= 10 ? Math.floor(value / 10) : value + 1
}

/**
 * The longest real time the outbox waits for an answer on a manual clock, unless `answerTimeoutMs`
 * says otherwise: there, an attempt that gets no answer still ends at the provider's deadline on the
 * engine clock, but a hanging merchant must not cost the provider's 10 or 30 s of real time per
 * attempt. A merchant on the same machine answers well within it.
 */
export const MANUAL_ANSWER_TIMEOUT_MS = 2000

export interface OutboxOptions {
  /**
   * How long, in real time, an attempt waits for the merchant's answer before it counts as failed
   * (no answer). Default: the provider's `attemptTimeoutMs` on a system clock; at most
   * MANUAL_ANSWER_TIMEOUT_MS on a manual clock.
   */
  readonly answerTimeoutMs?: number | undefined
  /** How many notifications (with their attempts) the outbox keeps, and for how long (mocks/engine/retention.ts). */
  readonly retention?: RetentionLimit | undefined
  /** Real time, for the age limit. */
  readonly wall?: () => number
}

export interface NotificationFilter {
  readonly provider?: string | undefined
  readonly subject?: string | undefined
}

/** How long an out-of-order notification waits for another to overtake it. */
export const HOLD_LIMIT_MS = 5 * 60_000

type Fetch = (input: string, init: RequestInit) => Promise<Response>

interface Entry {
  readonly record: NotificationRecord
  readonly spec: NotificationSpec
  /** Order of queueing: a held notification is released by one queued after it. */
  readonly seq: number
  /** The pending clock timer (first attempt, retry or hold limit); cleared when it fires. */
  timer?: ClockTimer | undefined
}

const describeError = (cause: unknown): string => (cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause))

/**
 * Keeps every notification until the merchant acknowledges it as the provider requires, retrying on
 * the provider's schedule through the engine's clock and recording every attempt. Nothing is dropped:
 * a notification whose schedule ran out stays listed as `failed` and can be redelivered.
 */
export class Outbox {
  readonly #entries = new Map<string, Entry>()
  readonly #rules: ChaosRule[] = []
  readonly #inFlight = new Set<Promise<void>>()
  /** Notifications held back by `outOfOrder`, per merchant URL, in queueing order. */
  readonly #held = new Map<string, Entry[]>()
  /**
   * Per merchant URL, the end of the last attempt on the wire: attempts to one URL go out one after
   * another, in the order they fell due; attempts to different URLs go out concurrently.
   */
  readonly #lanes = new Map<string, Promise<void>>()
  /**
   * The notification ids in queueing order; its sequence is the number in the id. Evicting one (the
   * oldest, past the count or the age) cancels whatever of its schedule is left: by then a
   * notification is almost always delivered or failed, and one still retrying after a day of
   * real time or 50,000 newer ones belongs to a merchant that is not listening.
   */
  readonly #order: RetainedLog<string>
  #nextRule = 1

  constructor(
    private readonly clock: Clock,
    private readonly recorder: Recorder,
    private readonly fetchImpl: Fetch = deliverOnce,
    private readonly options: OutboxOptions = {},
  ) {
    const limit = options.retention ?? DEFAULT_RETENTION.notifications
    this.#order = new RetainedLog(() => limit, options.wall ?? Date.now, (id) => this.#evict(id))
  }

  addChaos(input: NotificationChaosRuleInput): ChaosRule {
    const rule: ChaosRule = { ...NotificationChaosRuleInput.parse(input), id: this.#nextRule++, used: 0, draws: 0 }
    this.#rules.push(rule)
    return rule
  }

  chaosRules(): readonly ChaosRule[] {
    return this.#rules
  }

  /**
   * Queues a notification. Its first attempt goes out after the schedule's first delay (at once when
   * it is 0), later by `late` chaos, or when released by `outOfOrder` chaos.
   */
  enqueue(spec: NotificationSpec): NotificationRecord {
    // A notification with nowhere to go cannot misbehave: it must not use up a chaos rule meant for one that goes out.
    const chaos = spec.url ? this.#takeChaos(spec) : []
    const seq = this.#order.nextSeq
    const record: NotificationRecord = {
      id: `ntf_${String(seq).padStart(6, '0')}`,
      provider: spec.provider,
      kind: spec.kind,
      url: spec.url,
      body: spec.body,
      subject: spec.subject,
      status: spec.url ? 'scheduled' : 'no_url',
      attempts: [],
      createdAt: this.clock.now(),
      chaos,
    }
    const entry: Entry = { record, spec, seq }
    this.#entries.set(record.id, entry)
    this.#order.push(record.id)
    // Evicted at once when the limit allows nothing (maxCount 0 is refused, but an age of 1 ms is not).
    if (!this.#alive(entry)) return record
    if (!spec.url) return record

    let firstDelay = spec.schedule.delaysMs[0] ?? 0
    for (const c of chaos) if (c.mode === 'late') firstDelay += c.delayMs
    if (chaos.some((c) => c.mode === 'outOfOrder')) {
      record.status = 'held'
      const queue = this.#held.get(spec.url) ?? []
      queue.push(entry)
      this.#held.set(spec.url, queue)
      // If no later notification comes to overtake it, it still goes out: nothing is lost.
      entry.timer = this.clock.schedule(this.clock.now() + HOLD_LIMIT_MS, () => {
        entry.timer = undefined
        this.#unhold(entry)
        void this.#track(this.#attempt(entry))
      })
    } else if (firstDelay > 0) {
      this.#scheduleAt(entry, this.clock.now() + firstDelay)
    } else {
      void this.#track(this.#attempt(entry))
    }
    return record
  }

  list(filter: NotificationFilter = {}): NotificationRecord[] {
    const out: NotificationRecord[] = []
    for (const { record } of this.#entries.values()) if (matchesNotification(record, filter)) out.push(record)
    return out
  }

  /** One page of notifications queued after the cursor `after` (see Collection.page). */
  page(query: NotificationFilter & { readonly after?: number | undefined; readonly limit: number; readonly budget?: number | undefined }): Page<NotificationRecord> {
    return pageOf(this.entries(query.after), { limit: query.limit, budget: query.budget, where: (r) => matchesNotification(r, query) })
  }

  /** Notifications queued after the cursor `after` (the number in their id), oldest first, read lazily. */
  *entries(after = 0): Generator<readonly [number, NotificationRecord]> {
    for (const [seq, id] of this.#order.after(after)) {
      const entry = this.#entries.get(id)
      if (entry) yield [seq, entry.record]
    }
  }

  /** Evicts notifications past the age limit (queueing evicts by count as it goes). */
  evictExpired(): void {
    this.#order.evict()
  }

  get size(): number {
    return this.#entries.size
  }

  get(id: string): NotificationRecord | undefined {
    return this.#entries.get(id)?.record
  }

  /**
   * Sends a notification again now, whatever its state (the provider's "resend" button). The attempt is
   * outside the retry schedule: a schedule still running carries on unless this attempt is
   * acknowledged. A notification held back by `outOfOrder` is released instead: this is its first attempt.
   */
  async redeliver(id: string): Promise<NotificationRecord | undefined> {
    const entry = this.#entries.get(id)
    if (!entry || !entry.spec.url) return entry?.record
    if (this.#unhold(entry)) await this.#track(this.#attempt(entry))
    else await this.#track(this.#attempt(entry, { manual: true }))
    return entry.record
  }

  /** Resolves once no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight])
  }

  /** The deliveries on the wire now (a copy), so a caller can wait for those it started. */
  deliveriesInFlight(): ReadonlySet<Promise<void>> {
    return new Set(this.#inFlight)
  }

  /** Forgets every notification and rule. Attempts already on the wire finish but are neither recorded nor retried. */
  clear(): void {
    for (const entry of this.#entries.values()) if (entry.timer) this.clock.cancel(entry.timer)
    this.#entries.clear()
    this.#order.clear()
    this.#held.clear()
    this.#rules.length = 0
  }

  /**
   * Keeps a delivery visible to `idle`. `#attempt` turns a throwing `sign`/`isAcknowledged` into a failed
   * attempt itself; anything still thrown is a bug, reported as a warning, never an unhandled rejection.
   */
  #track(promise: Promise<void>): Promise<void> {
    const tracked = promise.catch((error: unknown) => {
      process.emitWarning(`tokenproof outbox: delivery failed: ${describeError(error)}`)
    })
    this.#inFlight.add(tracked)
    void tracked.finally(() => this.#inFlight.delete(tracked))
    return tracked
  }

  #evict(id: string): void {
    const entry = this.#entries.get(id)
    if (!entry) return
    this.#unhold(entry)
    this.#cancelTimer(entry)
    this.#entries.delete(id)
  }

  #alive(entry: Entry): boolean {
    return this.#entries.get(entry.record.id) === entry
  }

  /** Takes the chaos of every matching rule, at most one rule per mode. */
  #takeChaos(spec: NotificationSpec): NotificationChaos[] {
    const taken: NotificationChaos[] = []
    for (const rule of this.#rules) {
      if (rule.used >= rule.times) continue
      if (rule.provider !== undefined && rule.provider !== spec.provider) continue
      if (rule.kind !== undefined && rule.kind !== spec.kind) continue
      if (taken.some((c) => c.mode === rule.chaos.mode)) continue
      // A variant the provider cannot send for this notification: the rule waits for one it can.
      if (rule.chaos.mode === 'impostor' && spec.impostors?.[rule.chaos.as] === undefined) continue
      // Last: a draw is spent only on a notification the rule otherwise matches.
      if (!applies(rule)) continue
      rule.used++
      taken.push(rule.chaos)
    }
    return taken
  }

  #scheduleAt(entry: Entry, at: number): void {
    entry.record.status = 'scheduled'
    entry.record.nextAttemptAt = at
    // The task starts the attempt and returns: the attempt holds the clock itself (see #attempt).
    entry.timer = this.clock.schedule(at, () => {
      entry.timer = undefined
      void this.#track(this.#attempt(entry))
    })
  }

  #cancelTimer(entry: Entry): void {
    if (entry.timer) this.clock.cancel(entry.timer)
    entry.timer = undefined
  }

  /** Takes a notification out of the `outOfOrder` queue; false when it was not held. */
  #unhold(entry: Entry): boolean {
    const url = entry.spec.url
    const queue = url === undefined ? undefined : this.#held.get(url)
    if (!url || !queue?.includes(entry)) return false
    const rest = queue.filter((e) => e !== entry)
    if (rest.length > 0) this.#held.set(url, rest)
    else this.#held.delete(url)
    this.#cancelTimer(entry)
    return true
  }

  /**
   * One attempt, at the engine clock's current time. It holds the clock (Clock.hold) until its answer:
   * an advance runs other tasks meanwhile (deliveries to other merchants go out concurrently) but does
   * not pass the earliest time this attempt could schedule its retry, so every retry runs at its own
   * due time whatever the size of the advance.
   */
  #attempt(entry: Entry, options: { manual?: boolean; duplicate?: boolean } = {}): Promise<void> {
    const started = this.clock.now()
    // Until its request is on the wire (after the lane, and a signature that may go to the thread
    // pool), time stays at the attempt's start: the merchant receives it at the time it was sent.
    let onWire!: () => void
    this.clock.hold(started, new Promise<void>((resolve) => (onWire = resolve)))
    const work = this.#send(entry, started, options, onWire)
    work.then(onWire, onWire)
    this.clock.hold(this.#horizon(entry, started, options), work)
    return work
  }

  /** The earliest engine time at which an attempt started at `started` could schedule or send anything more. */
  #horizon(entry: Entry, started: number, options: { manual?: boolean; duplicate?: boolean }): number {
    const { record, spec } = entry
    const url = spec.url
    // Held notifications it releases, and a duplicate it owes, go out as soon as it is answered.
    const releases = url !== undefined && (this.#held.get(url) ?? []).some((e) => e.seq < entry.seq)
    const duplicateOwed = options.duplicate !== true && record.status !== 'delivered' && record.chaos.some((c) => c.mode === 'duplicate')
    if (releases || duplicateOwed) return started
    if (options.manual === true || options.duplicate === true) return Infinity
    const made = record.attempts.filter((a) => !a.duplicate && !a.manual).length + 1
    return started + (spec.schedule.delaysMs[made] ?? Infinity)
  }

  #answerTimeoutMs(spec: NotificationSpec): number {
    const documented = spec.schedule.attemptTimeoutMs
    return this.options.answerTimeoutMs ?? (this.clock.mode === 'manual' ? Math.min(documented, MANUAL_ANSWER_TIMEOUT_MS) : documented)
  }

  /** Waits for the attempts to `url` already on the wire; the returned function lets the next one go. */
  async #takeLane(url: string): Promise<() => void> {
    const previous = this.#lanes.get(url) ?? Promise.resolve()
    let release = (): void => undefined
    const mine = new Promise<void>((resolve) => {
      release = resolve
    })
    const lane = previous.then(() => mine)
    this.#lanes.set(url, lane)
    await previous
    return () => {
      release()
      if (this.#lanes.get(url) === lane) this.#lanes.delete(url)
    }
  }

  async #send(entry: Entry, started: number, options: { manual?: boolean; duplicate?: boolean }, onWire: () => void): Promise<void> {
    const { record, spec } = entry
    const url = spec.url
    if (!url) return
    const manual = options.manual === true
    const duplicate = options.duplicate === true
    const forged = record.chaos.some((c) => c.mode === 'forgedSignature')
    const unsigned = !forged && record.chaos.some((c) => c.mode === 'unsigned')
    const impostorChaos = record.chaos.find((c): c is Extract<NotificationChaos, { mode: 'impostor' }> => c.mode === 'impostor')
    const impostor = impostorChaos ? spec.impostors?.[impostorChaos.as] : undefined
    const releaseLane = await this.#takeLane(url)
    const startedSeq = this.recorder.begin()
    const realStart = performance.now()
    let headers: Record<string, string> = {}
    let answer: DeliveryAnswer | undefined
    let error: string | undefined
    const deadline = AbortSignal.timeout(this.#answerTimeoutMs(spec))
    const body = impostor ? impostor.body : forged && spec.forgedBody !== undefined ? spec.forgedBody : unsigned && spec.unsignedBody !== undefined ? spec.unsignedBody : spec.body
    try {
      headers = await (impostor?.sign ?? spec.sign)({ url, body, forged, unsigned })
      const sending = this.fetchImpl(url, { method: 'POST', headers, body, signal: deadline })
      onWire()
      const response = await sending
      answer = { status: response.status, headers: response.headers, body: await response.text() }
    } catch (cause) {
      error = describeError(cause)
    } finally {
      releaseLane()
    }
    // No answer by the deadline: on the engine clock the attempt lasted the provider's whole timeout.
    const timedOut = answer === undefined && deadline.aborted
    const durationMs = performance.now() - realStart
    let acknowledged = false
    try {
      acknowledged = answer !== undefined && spec.isAcknowledged(answer)
    } catch (cause) {
      error = `isAcknowledged failed: ${describeError(cause)}`
    }
    // A throwing shouldRetry keeps the default (retry): losing a notification to a mock bug is worse.
    let retry = true
    if (!acknowledged && spec.shouldRetry) {
      try {
        retry = spec.shouldRetry(answer)
      } catch (cause) {
        error = `shouldRetry failed: ${describeError(cause)}`
      }
    }
    const number = record.attempts.length + 1
    record.attempts.push({
      number,
      at: started,
      durationMs,
      status: answer?.status,
      error,
      acknowledged,
      forged,
      ...(unsigned ? { unsigned } : {}),
      ...(impostorChaos && impostor ? { impostor: impostorChaos.as } : {}),
      duplicate,
      manual,
    })
    // Cleared (engine reset) while on the wire: a leftover of an earlier test, neither recorded nor retried.
    if (!this.#alive(entry)) return
    this.recorder.record({
      direction: 'outbound',
      provider: spec.provider,
      operation: spec.kind,
      startedAt: started,
      startedSeq,
      durationMs,
      request: { method: 'POST', url, headers, body },
      response: answer ?? { error: error ?? 'no answer' },
      tags: { notification: record.id, attempt: number, forged, duplicate, manual, ...(unsigned ? { unsigned } : {}), ...(impostorChaos && impostor ? { impostor: impostorChaos.as } : {}) },
    })
    if (duplicate) return

    if (acknowledged) {
      const first = record.status !== 'delivered'
      record.status = 'delivered'
      record.nextAttemptAt = undefined
      this.#cancelTimer(entry)
      if (first && record.chaos.some((c) => c.mode === 'duplicate')) await this.#attempt(entry, { duplicate: true })
    } else if (record.status === 'delivered') {
      // Another attempt already got it through: nothing more is owed.
    } else if (manual) {
      // A resend by hand does not touch a running schedule; without one, the notification stays failed.
      if (!entry.timer) {
        record.status = 'failed'
        record.nextAttemptAt = undefined
      }
    } else {
      // Attempts made so far under the schedule (duplicates and resends by hand do not count).
      const made = record.attempts.filter((a) => !a.duplicate && !a.manual).length
      const nextDelay = retry ? spec.schedule.delaysMs[made] : undefined
      if (nextDelay === undefined) {
        record.status = 'failed'
        record.nextAttemptAt = undefined
      } else {
        // Counted from the attempt's start on the engine clock, or from its deadline when no answer came.
        this.#scheduleAt(entry, started + (timedOut ? spec.schedule.attemptTimeoutMs : 0) + nextDelay)
      }
    }
    await this.#releaseHeld(url, entry)
  }

  /** Once a notification has been sent, those queued before it to the same URL and held back go out, in their order. */
  async #releaseHeld(url: string, after: Entry): Promise<void> {
    const queue = this.#held.get(url)
    if (!queue) return
    const released = queue.filter((e) => e.seq < after.seq)
    if (released.length === 0) return
    const rest = queue.filter((e) => e.seq > after.seq)
    if (rest.length > 0) this.#held.set(url, rest)
    else this.#held.delete(url)
    for (const held of released) {
      this.#cancelTimer(held)
      await this.#attempt(held)
    }
  }
}

/** Whether a notification fits a listing's filters. */
export function matchesNotification(record: NotificationRecord, filter: NotificationFilter): boolean {
  return (filter.provider === undefined || record.provider === filter.provider) && (filter.subject === undefined || record.subject === filter.subject)
}

import { z } from 'zod'
import type { RetrySchedule } from '../../contracts/core/types.ts'
import type { Clock, ClockTimer } from './clock.ts'
import type { Recorder } from './recorder.ts'

/** Switches that make a notification misbehave the way real networks and providers do. */
export const NotificationChaos = z.discriminatedUnion('mode', [
  /** Deliver again after the merchant acknowledged it. */
  z.object({ mode: z.literal('duplicate') }),
  /** Hold the first attempt for this long on the engine's clock. */
  z.object({ mode: z.literal('late'), delayMs: z.number().int().min(0) }),
  /** Hold it until the next notification to the same merchant has been delivered. */
  z.object({ mode: z.literal('outOfOrder') }),
  /** Sign it with a key that is not the provider's. */
  z.object({ mode: z.literal('forgedSignature') }),
])
export type NotificationChaos = z.infer<typeof NotificationChaos>

export const NotificationChaosRuleInput = z.object({
  provider: z.string().optional(),
  /** The notification's name (e.g. `notifyPayment`); any when absent. */
  kind: z.string().optional(),
  times: z.number().int().positive().default(1),
  chaos: NotificationChaos,
})
export type NotificationChaosRuleInput = z.input<typeof NotificationChaosRuleInput>

interface ChaosRule extends z.infer<typeof NotificationChaosRuleInput> {
  readonly id: number
  used: number
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
  readonly duplicate: boolean
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
  readonly schedule: RetrySchedule
  /** Headers for one attempt, signed at send time (a signature often covers the send time). */
  readonly sign: (input: { readonly url: string; readonly body: string; readonly forged: boolean }) => Record<string, string>
  /** Whether the merchant's answer acknowledges the notification the way the provider requires. */
  readonly isAcknowledged: (answer: DeliveryAnswer) => boolean
}

/** How long an out-of-order notification waits for another to overtake it. */
const HOLD_LIMIT_MS = 5 * 60_000

type Fetch = (input: string, init: RequestInit) => Promise<Response>

interface Entry {
  readonly record: NotificationRecord
  readonly spec: NotificationSpec
  timer?: ClockTimer
}

/**
 * Keeps every notification until the merchant acknowledges it as the provider requires, retrying on
 * the provider's schedule through the engine's clock and recording every attempt. Nothing is dropped:
 * a notification whose schedule ran out stays listed as `failed` and can be redelivered.
 */
export class Outbox {
  readonly #entries = new Map<string, Entry>()
  readonly #rules: ChaosRule[] = []
  readonly #inFlight = new Set<Promise<void>>()
  /** Notifications held back by `outOfOrder`, per merchant URL. */
  readonly #held = new Map<string, Entry[]>()
  #nextId = 1
  #nextRule = 1

  constructor(
    private readonly clock: Clock,
    private readonly recorder: Recorder,
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
  ) {}

  addChaos(input: NotificationChaosRuleInput): ChaosRule {
    const rule: ChaosRule = { ...NotificationChaosRuleInput.parse(input), id: this.#nextRule++, used: 0 }
    this.#rules.push(rule)
    return rule
  }

  chaosRules(): readonly ChaosRule[] {
    return this.#rules
  }

  /** Queues a notification; its first attempt goes out at once unless a chaos rule holds it. */
  enqueue(spec: NotificationSpec): NotificationRecord {
    const chaos = this.#takeChaos(spec)
    const record: NotificationRecord = {
      id: `ntf_${String(this.#nextId++).padStart(6, '0')}`,
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
    const entry: Entry = { record, spec }
    this.#entries.set(record.id, entry)
    if (!spec.url) return record

    const late = chaos.find((c) => c.mode === 'late')
    if (chaos.some((c) => c.mode === 'outOfOrder')) {
      record.status = 'held'
      const queue = this.#held.get(spec.url) ?? []
      queue.push(entry)
      this.#held.set(spec.url, queue)
      // If no later notification comes to overtake it, it still goes out: nothing is lost.
      entry.timer = this.clock.schedule(this.clock.now() + HOLD_LIMIT_MS, () => this.#releaseOne(entry))
    } else if (late && late.mode === 'late') {
      this.#scheduleAt(entry, this.clock.now() + late.delayMs)
    } else {
      this.#track(this.#attempt(entry))
    }
    return record
  }

  list(filter: { provider?: string | undefined; subject?: string | undefined } = {}): NotificationRecord[] {
    return [...this.#entries.values()]
      .map((e) => e.record)
      .filter((r) => (filter.provider === undefined || r.provider === filter.provider) && (filter.subject === undefined || r.subject === filter.subject))
  }

  get(id: string): NotificationRecord | undefined {
    return this.#entries.get(id)?.record
  }

  /** Sends a notification again now, whatever its state (the provider's "resend" button). */
  async redeliver(id: string): Promise<NotificationRecord | undefined> {
    const entry = this.#entries.get(id)
    if (!entry || !entry.spec.url) return entry?.record
    if (entry.timer) this.clock.cancel(entry.timer)
    await this.#attempt(entry, { manual: true })
    return entry.record
  }

  /** Resolves once no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight])
  }

  clear(): void {
    for (const entry of this.#entries.values()) if (entry.timer) this.clock.cancel(entry.timer)
    this.#entries.clear()
    this.#held.clear()
    this.#rules.length = 0
  }

  #track(promise: Promise<void>): void {
    this.#inFlight.add(promise)
    void promise.finally(() => this.#inFlight.delete(promise))
  }

  #takeChaos(spec: NotificationSpec): NotificationChaos[] {
    const taken: NotificationChaos[] = []
    for (const rule of this.#rules) {
      if (rule.used >= rule.times) continue
      if (rule.provider !== undefined && rule.provider !== spec.provider) continue
      if (rule.kind !== undefined && rule.kind !== spec.kind) continue
      rule.used++
      taken.push(rule.chaos)
    }
    return taken
  }

  #scheduleAt(entry: Entry, at: number): void {
    entry.record.status = 'scheduled'
    entry.record.nextAttemptAt = at
    entry.timer = this.clock.schedule(at, () => this.#attempt(entry))
  }

  async #attempt(entry: Entry, options: { manual?: boolean; duplicate?: boolean } = {}): Promise<void> {
    const { record, spec } = entry
    const url = spec.url
    if (!url) return
    const forged = record.chaos.some((c) => c.mode === 'forgedSignature')
    const started = this.clock.now()
    const realStart = performance.now()
    const headers = spec.sign({ url, body: spec.body, forged })
    let answer: DeliveryAnswer | undefined
    let error: string | undefined
    try {
      const response = await this.fetchImpl(url, {
        method: 'POST',
        headers,
        body: spec.body,
        signal: AbortSignal.timeout(spec.schedule.attemptTimeoutMs),
      })
      answer = { status: response.status, headers: response.headers, body: await response.text() }
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
    }
    const durationMs = performance.now() - realStart
    const acknowledged = answer !== undefined && spec.isAcknowledged(answer)
    const number = record.attempts.length + 1
    record.attempts.push({ number, at: started, durationMs, status: answer?.status, error, acknowledged, forged, duplicate: options.duplicate === true })
    this.recorder.record({
      direction: 'outbound',
      provider: spec.provider,
      operation: spec.kind,
      startedAt: started,
      durationMs,
      request: { method: 'POST', url, headers, body: spec.body },
      response: answer ?? { error: error ?? 'no answer' },
      tags: { notification: record.id, attempt: number, forged, duplicate: options.duplicate === true },
    })
    if (options.duplicate) return

    if (acknowledged) {
      record.status = 'delivered'
      record.nextAttemptAt = undefined
      if (record.chaos.some((c) => c.mode === 'duplicate')) await this.#attempt(entry, { duplicate: true })
      await this.#releaseHeld(url, entry)
      return
    }
    if (options.manual) {
      record.status = record.status === 'delivered' ? 'delivered' : 'failed'
      return
    }
    // Attempts made so far under the schedule (duplicates do not count).
    const made = record.attempts.filter((a) => !a.duplicate).length
    const nextDelay = spec.schedule.delaysMs[made]
    if (nextDelay === undefined) {
      record.status = 'failed'
      record.nextAttemptAt = undefined
      await this.#releaseHeld(url, entry)
      return
    }
    this.#scheduleAt(entry, this.clock.now() + nextDelay)
    await this.#releaseHeld(url, entry)
  }

  /** After a notification to a URL has had its first attempt, release those held back for it. */
  async #releaseHeld(url: string, after: Entry): Promise<void> {
    const queue = this.#held.get(url)
    if (!queue || queue.length === 0 || queue.includes(after)) return
    this.#held.delete(url)
    for (const held of queue) {
      if (held.timer) this.clock.cancel(held.timer)
      await this.#attempt(held)
    }
  }

  async #releaseOne(entry: Entry): Promise<void> {
    const url = entry.spec.url
    if (!url) return
    const queue = this.#held.get(url)?.filter((e) => e !== entry)
    if (queue && queue.length > 0) this.#held.set(url, queue)
    else this.#held.delete(url)
    await this.#attempt(entry)
  }
}

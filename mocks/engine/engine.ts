import { createHash, randomBytes } from 'node:crypto'
import { createClock, type Clock, type ClockOptions, type ClockTimer } from './clock.ts'
import { IdempotencyStore } from './idempotency.ts'
import { Outbox } from './outbox.ts'
import { Recorder } from './recorder.ts'
import { ScenarioBook } from './scenarios.ts'
import { Store } from './store.ts'

export interface EngineOptions {
  /** A clock to share; otherwise one is made from `clockOptions`. */
  readonly clock?: Clock
  readonly clockOptions?: ClockOptions
  /** How the outbox reaches merchants (defaults to global fetch). */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>
  /** Most exchanges the recorder keeps. */
  readonly recorderCapacity?: number
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes?: number
  /**
   * Makes the engine's random values (tokens and other opaque ids) repeat from run to run: the
   * same seed and the same requests give the same tokens. Unseeded, they come from node:crypto.
   */
  readonly seed?: string
  /**
   * The store of idempotency keys; a fresh IdempotencyStore when absent. For tests only: the
   * model-based tests (generators/model) pass a double that never remembers, to prove they catch a
   * mock whose idempotency is broken.
   */
  readonly idempotency?: IdempotencyStore
}

/** The provider-neutral core every provider mock runs on. */
export interface Engine {
  readonly clock: Clock
  readonly store: Store
  readonly idempotency: IdempotencyStore
  readonly scenarios: ScenarioBook
  readonly outbox: Outbox
  readonly recorder: Recorder
  readonly maxBodyBytes: number
  /** A new id with a prefix, unique within this engine. */
  nextId(prefix: string): string
  /** Random bytes for opaque values such as tokens: from the seed when one was given. */
  randomBytes(size: number): Buffer
  /**
   * Forgets all state, rules, recordings and the tasks scheduled on the clock (keys and merchant
   * registrations are kept by providers). Time does not go back.
   */
  reset(): void
  /** Registers state a provider keeps outside the store, to be forgotten on reset. */
  onReset(forget: () => void): void
  /** Resolves pending "no answer" holds and stops timers (only this engine's tasks on a shared clock). */
  close(): void
  /** Aborted when the engine closes: held requests listen to it. */
  readonly closed: AbortSignal
}

/**
 * The engine's view of a clock: the same time, but it knows the tasks scheduled through it, so that a
 * reset forgets them (a payment settling or a session expiring after a reset would act on state that
 * no longer exists, and notify the merchant of it) and a close stops only them on a shared clock.
 */
function engineClock(base: Clock, owned: boolean, deliveries: () => ReadonlySet<Promise<void>>): Clock & { forgetTasks(): void } {
  const mine = new Map<number, ClockTimer>()
  const forgetTasks = (): void => {
    for (const timer of mine.values()) base.cancel(timer)
    mine.clear()
  }
  return {
    now: () => base.now(),
    schedule(at, task) {
      const timer = base.schedule(at, async () => {
        mine.delete(timer.id)
        // A task that notifies (a session expiring, a pending payment settling) starts the first
        // attempt without awaiting it. Wait for it here, while the clock still reads the task's
        // time: a failed attempt then schedules its retry from that time, inside the same advance,
        // instead of from wherever the advance ends (found by the model-based tests, generators/model).
        const before = deliveries()
        await task()
        await Promise.all([...deliveries()].filter((d) => !before.has(d)))
      })
      mine.set(timer.id, timer)
      return timer
    },
    cancel(timer) {
      mine.delete(timer.id)
      base.cancel(timer)
    },
    advance: (ms) => base.advance(ms),
    pending: () => base.pending(),
    dispose() {
      forgetTasks()
      if (owned) base.dispose()
    },
    forgetTasks,
  }
}

export function createEngine(options: EngineOptions = {}): Engine {
  // The clock waits for deliveries its tasks start; the outbox is made after it, on it.
  const clock = engineClock(options.clock ?? createClock(options.clockOptions), options.clock === undefined, () => outbox.deliveriesInFlight())
  const recorder = new Recorder(options.recorderCapacity)
  const outbox: Outbox = new Outbox(clock, recorder, options.fetch)
  const closing = new AbortController()
  let counter = 0
  const store = new Store()
  const idempotency = options.idempotency ?? new IdempotencyStore()
  const scenarios = new ScenarioBook()
  const forgetters: Array<() => void> = []
  return {
    clock,
    store,
    idempotency,
    scenarios,
    outbox,
    recorder,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    nextId: (prefix) => `${prefix}${(++counter).toString().padStart(8, '0')}`,
    randomBytes: options.seed === undefined ? (size) => randomBytes(size) : seededBytes(options.seed),
    reset() {
      // Tasks first: nothing scheduled before the reset may run on the state after it.
      clock.forgetTasks()
      store.clear()
      idempotency.clear()
      scenarios.clear()
      outbox.clear()
      recorder.clear()
      for (const forget of forgetters) forget()
    },
    onReset: (forget) => void forgetters.push(forget),
    close() {
      closing.abort()
      clock.dispose()
    },
    closed: closing.signal,
  }
}

/** A deterministic byte stream: SHA-256 of the seed and a block counter, never reused. */
function seededBytes(seed: string): (size: number) => Buffer {
  let block = 0
  return (size) => {
    const chunks: Buffer[] = []
    for (let length = 0; length < size; length += 32) chunks.push(createHash('sha256').update(`${seed}:${block++}`).digest())
    return Buffer.concat(chunks).subarray(0, size)
  }
}

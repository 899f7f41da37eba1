import { createClock, type Clock, type ClockOptions } from './clock.ts'
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
  /** Forgets all state, rules and recordings (keys and merchant registrations are kept by providers). */
  reset(): void
  /** Registers state a provider keeps outside the store, to be forgotten on reset. */
  onReset(forget: () => void): void
  /** Resolves pending "no answer" holds and stops timers. */
  close(): void
  /** Aborted when the engine closes: held requests listen to it. */
  readonly closed: AbortSignal
}

export function createEngine(options: EngineOptions = {}): Engine {
  const clock = options.clock ?? createClock(options.clockOptions)
  const recorder = new Recorder(options.recorderCapacity)
  const outbox = new Outbox(clock, recorder, options.fetch)
  const closing = new AbortController()
  let counter = 0
  const store = new Store()
  const idempotency = new IdempotencyStore()
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
    reset() {
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

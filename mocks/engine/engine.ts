import { randomBytes } from 'node:crypto'
import { sha256 } from './sha256.ts'
import { createClock, type Clock, type ClockOptions, type ClockTimer } from './clock.ts'
import { deliverOnce } from './deliver.ts'
import { IdempotencyStore } from './idempotency.ts'
import { guardedFetch, type NotifyUrlPolicy } from './notify-url-policy.ts'
import { Outbox } from './outbox.ts'
import { Recorder } from './recorder.ts'
import { BoundedMap, retentionPolicy, type RetentionInput, type RetentionLimit, type RetentionPolicy } from './retention.ts'
import { ScenarioBook } from './scenarios.ts'
import { Store } from './store.ts'

export interface EngineOptions {
  /** A clock to share; otherwise one is made from `clockOptions`. */
  readonly clock?: Clock
  readonly clockOptions?: ClockOptions
  /**
   * How long, in real time, the outbox waits for a merchant's answer to one notification attempt
   * before counting it as failed (see Outbox). Default: the provider's documented attempt timeout on
   * a system clock, at most MANUAL_ANSWER_TIMEOUT_MS on a manual clock.
   */
  readonly answerTimeoutMs?: number | undefined
  /** How the outbox reaches merchants: by default one connection of its own per attempt (`deliverOnce`), never through msw. */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>
  /**
   * Where notifications may go (mocks/engine/notify-url-policy.ts). Absent: any http(s) host, as fits
   * a mock inside the tests' own process; `tokenproof serve` keeps them on loopback by default.
   */
  readonly notifyUrls?: NotifyUrlPolicy
  /** Most exchanges the recorder keeps (overrides `retention.exchanges.maxCount`). */
  readonly recorderCapacity?: number
  /**
   * How many payments, tokens, exchanges and notifications the engine keeps, and how long (real
   * time): mocks/engine/retention.ts and docs/control-api.md. Unset parts keep DEFAULT_RETENTION.
   */
  readonly retention?: RetentionInput
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
  /** What the store, the recorder and the outbox keep (and the providers' side tables with them). */
  readonly retention: RetentionPolicy
  /** Evicts what is past its age limit everywhere (inserts evict by count, and by age, as they go). */
  evictExpired(): void
  readonly maxBodyBytes: number
  /** Where notifications may go; merchant registrations are checked against it too. */
  readonly notifyUrls: NotifyUrlPolicy
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
  /**
   * Schedules a task on the clock that belongs to a record of the store (a payment, session,
   * vaulting or token, by id): when retention evicts the record, the task is cancelled. A settlement,
   * expiry or retry of a record no one can see any more must neither run (it would notify a merchant
   * about a payment the mock then denies knowing) nor keep the record alive in its closure.
   */
  scheduleFor(owner: string, at: number, task: () => Promise<void> | void): ClockTimer
  /**
   * Registers what a provider keeps beside the store under a record's id (challenges, return URLs,
   * wire objects), to be dropped when retention evicts the record: side tables then shrink with the
   * store, by age as well as by count.
   */
  onEvict(forget: (id: string) => void): void
  /**
   * A side table a provider keeps beside the store (under `name`, e.g. `<provider>.challenges`), bounded
   * by count and age like the store's records of `kind`, emptied on reset, swept by `evictExpired`
   * and counted by `sideTableSizes` (GET /__tokenproof/stats). `perRecord` entries per record of the
   * kind (default 1) for a table that holds more than one (a payment's two redirect keys, or
   * entries of payments and vaultings, which share the payments' limit each).
   */
  sideTable<K, V>(name: string, kind: keyof RetentionPolicy, onEvict?: (key: K, value: V) => void, perRecord?: number): BoundedMap<K, V>
  /** The size of every side table, by name. */
  sideTableSizes(): Record<string, number>
  /** The bound of every side table, by name (GET /__tokenproof/stats, `limits.sideTables`). */
  sideTableLimits(): Record<string, RetentionLimit>
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
function engineClock(base: Clock, owned: boolean): Clock & { forgetTasks(): void; scheduleFor: Engine['scheduleFor']; cancelTasksOf(owner: string): void } {
  const mine = new Map<number, ClockTimer>()
  // The tasks that belong to a record, by its id; and the owner of each such task, to let go of it when it runs.
  const byOwner = new Map<string, Set<number>>()
  const ownerOf = new Map<number, string>()
  const release = (id: number): void => {
    mine.delete(id)
    const owner = ownerOf.get(id)
    if (owner === undefined) return
    ownerOf.delete(id)
    const tasks = byOwner.get(owner)
    tasks?.delete(id)
    if (tasks?.size === 0) byOwner.delete(owner)
  }
  const forgetTasks = (): void => {
    for (const timer of mine.values()) base.cancel(timer)
    mine.clear()
    byOwner.clear()
    ownerOf.clear()
  }
  const schedule = (at: number, task: () => Promise<void> | void): ClockTimer => {
    // A task that notifies starts a delivery that holds the clock itself (Clock.hold): the
    // advance runs other tasks meanwhile but does not pass the earliest retry before the answer.
    const timer = base.schedule(at, () => {
      release(timer.id)
      return task()
    })
    mine.set(timer.id, timer)
    return timer
  }
  return {
    now: () => base.now(),
    wall: () => base.wall(),
    mode: base.mode,
    schedule,
    cancel(timer) {
      release(timer.id)
      base.cancel(timer)
    },
    hold: (until, work) => base.hold(until, work),
    advance: (ms) => base.advance(ms),
    pending: () => base.pending(),
    dispose() {
      forgetTasks()
      if (owned) base.dispose()
    },
    forgetTasks,
    scheduleFor(owner, at, task) {
      const timer = schedule(at, task)
      ownerOf.set(timer.id, owner)
      const tasks = byOwner.get(owner) ?? new Set<number>()
      tasks.add(timer.id)
      byOwner.set(owner, tasks)
      return timer
    },
    cancelTasksOf(owner) {
      const tasks = byOwner.get(owner)
      if (!tasks) return
      for (const id of [...tasks]) {
        const timer = mine.get(id)
        release(id)
        if (timer) base.cancel(timer)
      }
    },
  }
}

export function createEngine(options: EngineOptions = {}): Engine {
  const clock = engineClock(options.clock ?? createClock(options.clockOptions), options.clock === undefined)
  const given = retentionPolicy(options.retention)
  const retention: RetentionPolicy =
    options.recorderCapacity === undefined ? given : { ...given, exchanges: { ...given.exchanges, maxCount: Math.max(1, options.recorderCapacity) } }
  // Ages are real time (clock.wall), never engine time: see mocks/engine/retention.ts.
  const wall = (): number => clock.wall()
  const recorder = new Recorder(retention.exchanges, wall)
  const notifyUrls: NotifyUrlPolicy = options.notifyUrls ?? { anyHost: true }
  const outbox: Outbox = new Outbox(clock, recorder, guardedFetch(notifyUrls, options.fetch ?? deliverOnce), {
    answerTimeoutMs: options.answerTimeoutMs,
    retention: retention.notifications,
    wall,
  })
  const closing = new AbortController()
  let counter = 0
  const evictListeners: Array<(id: string) => void> = []
  const store = new Store(retention, wall, (record) => {
    clock.cancelTasksOf(record.id)
    for (const forget of evictListeners) forget(record.id)
  })
  const idempotency = options.idempotency ?? new IdempotencyStore(() => retention.payments, wall)
  const scenarios = new ScenarioBook()
  const forgetters: Array<() => void> = []
  // A list, not a map by name: two mocks of one provider on a shared engine each keep their own tables.
  const sideTables: Array<{ readonly name: string; readonly table: BoundedMap<unknown, unknown> }> = []
  return {
    clock,
    store,
    idempotency,
    scenarios,
    outbox,
    recorder,
    retention,
    evictExpired() {
      store.evictExpired()
      recorder.evictExpired()
      outbox.evictExpired()
      idempotency.evictExpired()
      for (const { table } of sideTables) table.evictExpired()
    },
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    notifyUrls,
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
      for (const { table } of sideTables) table.clear()
    },
    onReset: (forget) => void forgetters.push(forget),
    scheduleFor: (owner, at, task) => clock.scheduleFor(owner, at, task),
    onEvict: (forget) => void evictListeners.push(forget),
    sideTable<K, V>(name: string, kind: keyof RetentionPolicy, onEvict?: (key: K, value: V) => void, perRecord = 1): BoundedMap<K, V> {
      const limit = { ...retention[kind], maxCount: retention[kind].maxCount * perRecord }
      const table = BoundedMap.of<K, V>(() => limit, onEvict, wall)
      sideTables.push({ name, table: table as BoundedMap<unknown, unknown> })
      return table
    },
    sideTableSizes() {
      const sizes: Record<string, number> = {}
      for (const { name, table } of sideTables) sizes[name] = (sizes[name] ?? 0) + table.size
      return sizes
    },
    sideTableLimits() {
      const limits: Record<string, RetentionLimit> = {}
      for (const { name, table } of sideTables) limits[name] = table.limit()
      return limits
    },
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
    for (let length = 0; length < size; length += 32) chunks.push(sha256(`${seed}:${block++}`))
    return Buffer.concat(chunks).subarray(0, size)
  }
}

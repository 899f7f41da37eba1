import { z } from 'zod'

/**
 * How much of one kind of record the mock keeps: at most `maxCount`, none older than `maxAgeMs` of
 * real time (docs/control-api.md, "Retention"). Age is real (wall-clock) time since the record was
 * stored, not engine time: advancing a manual clock by 31 days must not evict the payment a test is
 * about to inquire about, while a dev server left running for a day must still shed its morning.
 */
export interface RetentionLimit {
  readonly maxCount: number
  readonly maxAgeMs: number
}

const HOUR = 3600_000
const DAY = 24 * HOUR

/** What the engine keeps, by kind of record. */
export interface RetentionPolicy {
  /** Payments, sessions and vaultings, with the provider state that hangs off them. */
  readonly payments: RetentionLimit
  /** Tokens and the buyers (customers, shoppers) that own them: they outlive the payments that made them. */
  readonly tokens: RetentionLimit
  /** Recorded exchanges (GET /__tokenproof/exchanges). */
  readonly exchanges: RetentionLimit
  /** Notifications with their attempts (GET /__tokenproof/notifications). */
  readonly notifications: RetentionLimit
}

/**
 * Sized for a dev server left running for a day (a busy day of a frontend or a CI runner is a few
 * thousand payments): at the ~10 KB per payment the issue measured all told, the store, recorder and
 * outbox stay within a few hundred MB (the soak, bench/soak.ts, measures the server's RSS).
 */
export const DEFAULT_RETENTION: RetentionPolicy = {
  payments: { maxCount: 20_000, maxAgeMs: DAY },
  tokens: { maxCount: 50_000, maxAgeMs: 7 * DAY },
  exchanges: { maxCount: 10_000, maxAgeMs: DAY },
  notifications: { maxCount: 20_000, maxAgeMs: DAY },
}

export const RetentionLimitInput = z.object({
  maxCount: z.number().int().min(1).max(100_000_000).optional(),
  maxAgeMs: z.number().int().min(1).optional(),
})
export const RetentionInput = z.object({
  payments: RetentionLimitInput.optional(),
  tokens: RetentionLimitInput.optional(),
  exchanges: RetentionLimitInput.optional(),
  notifications: RetentionLimitInput.optional(),
})
export type RetentionInput = z.input<typeof RetentionInput>

/** The defaults with what the caller overrode. */
export function retentionPolicy(input: RetentionInput = {}): RetentionPolicy {
  const parsed = RetentionInput.parse(input)
  const merge = (kind: keyof RetentionPolicy): RetentionLimit => ({ ...DEFAULT_RETENTION[kind], ...stripUndefined(parsed[kind] ?? {}) })
  return { payments: merge('payments'), tokens: merge('tokens'), exchanges: merge('exchanges'), notifications: merge('notifications') }
}

const stripUndefined = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>

/**
 * Records in the order they were stored, each under a sequence number that only grows, with the
 * oldest evicted first. Eviction and seeking by sequence are O(1): a page from a cursor starts where
 * the cursor points instead of walking from the start.
 */
export class RetainedLog<T> {
  // A deque: `#items[i]` holds sequence `#firstSeq + i - #head`; slots before `#head` are dropped.
  #items: Array<{ readonly value: T; readonly storedAt: number } | undefined> = []
  #head = 0
  #firstSeq = 1
  #nextSeq = 1

  constructor(
    private readonly limit: () => RetentionLimit,
    private readonly wall: () => number,
    private readonly onEvict: (value: T, seq: number) => void = () => undefined,
  ) {}

  /** Appends a record and evicts what the limit no longer allows; returns the record's sequence. */
  push(value: T): number {
    const seq = this.#nextSeq++
    this.#items.push({ value, storedAt: this.wall() })
    this.evict()
    return seq
  }

  /** Drops the oldest records beyond the count or older than the age limit. */
  evict(): void {
    const { maxCount, maxAgeMs } = this.limit()
    const oldest = this.wall() - maxAgeMs
    while (this.size > 0) {
      const first = this.#items[this.#head]
      if (first !== undefined && this.size <= maxCount && first.storedAt >= oldest) break
      this.#items[this.#head] = undefined
      this.#head++
      const seq = this.#firstSeq++
      if (first !== undefined) this.onEvict(first.value, seq)
    }
    // Compacts once half the array is dropped slots: amortised O(1) per eviction.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
  }

  get size(): number {
    return this.#items.length - this.#head
  }

  /** The sequence the next record will get. */
  get nextSeq(): number {
    return this.#nextSeq
  }

  /** The record stored under `seq`, while it is kept. */
  at(seq: number): T | undefined {
    if (seq < this.#firstSeq || seq >= this.#nextSeq) return undefined
    return this.#items[this.#head + (seq - this.#firstSeq)]?.value
  }

  /** Replaces the record under `seq` in place (a record stored again keeps its place). */
  replace(seq: number, value: T): void {
    const index = this.#head + (seq - this.#firstSeq)
    const slot = this.#items[index]
    if (seq >= this.#firstSeq && slot !== undefined) this.#items[index] = { value, storedAt: slot.storedAt }
  }

  /** Records with a sequence above `afterSeq`, oldest first, starting at that point (no walk from the start). */
  *after(afterSeq = 0): Generator<readonly [number, T]> {
    for (let seq = Math.max(afterSeq + 1, this.#firstSeq); seq < this.#nextSeq; seq++) {
      const slot = this.#items[this.#head + (seq - this.#firstSeq)]
      if (slot !== undefined) yield [seq, slot.value]
    }
  }

  /** Forgets every record; sequences keep growing, so a cursor from before never points into the new records. */
  clear(): void {
    this.#items = []
    this.#head = 0
    this.#firstSeq = this.#nextSeq
  }
}

/** A key's place in a BoundedMap's order: stale once its key is deleted (or deleted and stored again). */
interface Stored<K> {
  readonly key: K
  readonly storedAt: number
}

/**
 * A Map that keeps at most `maxCount` entries, dropping the oldest inserted first, and, given a
 * `RetentionLimit`, none stored longer ago than `maxAgeMs` of real time: the providers' side tables
 * (sessions, charges, customers…) use it so that nothing the mock keeps grows unbounded or outlives
 * the records it hangs off. Aged entries go at the next insert or `evictExpired`.
 *
 * The order is its own queue, not the Map's: finding a Map's first key walks past the slots of the
 * keys deleted since V8 last rehashed it, up to its capacity, so evicting from the front of a full
 * 20,000-entry Map cost about 60 µs per insert (bench/soak.ts saw it as throughput falling while
 * nothing grew). Here eviction is O(1); a key deleted out of order leaves a stale slot in the
 * queue, skipped when it reaches the front and swept once stale slots outnumber live ones.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  #limit: () => number | RetentionLimit = () => Infinity
  #onEvict: (key: K, value: V) => void = () => undefined
  #wall: () => number = Date.now
  /** Each kept key's slot in `#order` (a key stored again keeps its place: insertion order is age order). */
  readonly #slots = new Map<K, Stored<K>>()
  /** Slots oldest first from `#head`; those before it are dropped. */
  #order: Array<Stored<K>> = []
  #head = 0

  static of<K, V>(limit: () => number | RetentionLimit, onEvict?: (key: K, value: V) => void, wall?: () => number): BoundedMap<K, V> {
    const map = new BoundedMap<K, V>()
    map.#limit = limit
    if (onEvict) map.#onEvict = onEvict
    if (wall) map.#wall = wall
    return map
  }

  override set(key: K, value: V): this {
    // Only once constructed: Map's constructor calls set before the private fields exist.
    if (!(#slots in this)) return super.set(key, value)
    if (!this.#slots.has(key)) {
      const slot = { key, storedAt: this.#wall() }
      this.#slots.set(key, slot)
      this.#order.push(slot)
    }
    super.set(key, value)
    this.evictExpired()
    return this
  }

  override delete(key: K): boolean {
    if (this.#slots.delete(key)) this.#sweep()
    return super.delete(key)
  }

  override clear(): void {
    this.#slots.clear()
    this.#order = []
    this.#head = 0
    super.clear()
  }

  /** The bound now: a bare count has no age limit. */
  limit(): RetentionLimit {
    const limit = this.#limit()
    return typeof limit === 'number' ? { maxCount: limit, maxAgeMs: Infinity } : limit
  }

  /** Drops the oldest entries beyond the count or older than the age limit. */
  evictExpired(): void {
    const { maxCount, maxAgeMs } = this.limit()
    const oldest = this.#wall() - maxAgeMs
    while (this.#head < this.#order.length) {
      const first = this.#order[this.#head]!
      const live = this.#slots.get(first.key) === first
      if (live && this.size <= maxCount && first.storedAt >= oldest) break
      this.#head++
      if (!live) continue
      const evicted = super.get(first.key) as V
      this.delete(first.key)
      this.#onEvict(first.key, evicted)
    }
    this.#sweep()
  }

  /** Slots the order queue holds, dropped, stale or live: within a constant factor of `size` (for tests). */
  get queued(): number {
    return this.#order.length
  }

  /**
   * Compacts the queue once stale slots outnumber the live ones, or once the dropped slots before
   * the head are half of it: amortised O(1) per insert or delete, and the queue never holds much
   * more than the entries kept.
   */
  #sweep(): void {
    const pending = this.#order.length - this.#head
    if (pending > 1024 && pending > 2 * this.#slots.size) {
      this.#order = this.#order.slice(this.#head).filter((slot) => this.#slots.get(slot.key) === slot)
      this.#head = 0
    } else if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head)
      this.#head = 0
    }
  }
}

/** One page of a listing: the records and the cursor to ask for the next page with (undefined at the end). */
export interface Page<T> {
  readonly items: T[]
  readonly next: number | undefined
}

export interface PageQuery<T> {
  /** Records stored after this cursor (a `next` from an earlier page); from the oldest kept when absent. */
  readonly after?: number | undefined
  readonly limit: number
  readonly where?: ((record: T) => boolean) | undefined
  /**
   * Most records a page examines: a filter that matches little ends the page early with a `next`
   * cursor instead of walking the whole store in one request.
   */
  readonly budget?: number | undefined
}

/** Walks a log from a cursor, keeping what matches, until the page is full or its budget spent. */
export function pageOf<T>(entries: Iterable<readonly [number, T]>, query: PageQuery<T>): Page<T> {
  const items: T[] = []
  const budget = query.budget ?? Math.max(query.limit * 20, 5000)
  let examined = 0
  let last: number | undefined
  for (const [seq, record] of entries) {
    if (items.length >= query.limit || examined >= budget) return { items, next: last }
    examined++
    last = seq
    if (query.where === undefined || query.where(record)) items.push(record)
  }
  return { items, next: undefined }
}


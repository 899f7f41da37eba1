import { sha256 } from './sha256.ts'
import { BoundedMap, DEFAULT_RETENTION, type RetentionLimit } from './retention.ts'

/** The outcome of running a request under an idempotency key. */
export type IdempotentOutcome<T> =
  | { readonly kind: 'fresh'; readonly value: T }
  | { readonly kind: 'replay'; readonly value: T }
  | { readonly kind: 'conflict' }

/** What a computation returns: its value, and whether the provider keeps it for replays. */
export interface IdempotentResult<T> {
  readonly value: T
  /** False for answers that did not process the request (e.g. an unknown error): a retry runs again. */
  readonly keep: boolean
}

interface Slot {
  readonly fingerprint: string
  readonly result: Promise<IdempotentResult<unknown>>
}

/** A stable fingerprint of a JSON value: key order does not matter. */
export function fingerprintOf(value: unknown): string {
  return sha256(stableStringify(value), 'base64url')
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * Same key and same fingerprint → the stored result; same key, other fingerprint → conflict.
 * The key's slot is taken synchronously, before any await, so concurrent identical requests
 * share one computation: fifty racing `pay` calls make one payment.
 */
export class IdempotencyStore {
  // Bounded by count and age like the payments the keys create (the engine passes its payments'
  // limit and real-time clock): a key older than the payment it made is of no use, and a server left
  // running must not keep every key it was ever sent.
  readonly #slots: BoundedMap<string, Slot>

  constructor(limit: () => RetentionLimit = () => DEFAULT_RETENTION.payments, wall: () => number = Date.now) {
    this.#slots = BoundedMap.of(limit, undefined, wall)
  }

  async run<T>(scope: string, key: string, fingerprint: string, compute: () => Promise<IdempotentResult<T>>): Promise<IdempotentOutcome<T>> {
    const slotKey = `${scope}\u0000${key}`
    const existing = this.#slots.get(slotKey)
    if (existing) {
      if (existing.fingerprint !== fingerprint) return { kind: 'conflict' }
      const result = (await existing.result) as IdempotentResult<T>
      return { kind: 'replay', value: result.value }
    }
    const result = compute()
    this.#slots.set(slotKey, { fingerprint, result })
    try {
      const settled = await result
      if (!settled.keep && this.#slots.get(slotKey)?.result === result) this.#slots.delete(slotKey)
      return { kind: 'fresh', value: settled.value }
    } catch (error) {
      if (this.#slots.get(slotKey)?.result === result) this.#slots.delete(slotKey)
      throw error
    }
  }

  has(scope: string, key: string): boolean {
    return this.#slots.has(`${scope}\u0000${key}`)
  }

  /** Keys kept now (GET /__tokenproof/stats, `retained.idempotencyKeys`). */
  get size(): number {
    return this.#slots.size
  }

  /** Drops keys past the age limit (a new key evicts by count and age as it goes). */
  evictExpired(): void {
    this.#slots.evictExpired()
  }

  clear(): void {
    this.#slots.clear()
  }
}

import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { z } from 'zod'

/** Most records one page of a control API listing holds, whatever `limit` asks. */
export const MAX_PAGE_LIMIT = 1000
/** Records a page holds when `limit` is not given. */
export const DEFAULT_PAGE_LIMIT = 1000
/** A page stops once this many bytes are out (the cursor says where to go on), so no answer is one huge string. */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024
/** Records a page examines at most: a filter that matches little ends the page early with a cursor. */
export const PAGE_EXAMINE_BUDGET = 20_000
/** Bytes serialised between two yields to the event loop: a long page never holds it for long. */
const CHUNK_BYTES = 64 * 1024

/** The query every listing takes: the cursor and the page size. */
export const PageParams = z.object({
  /** Records after this cursor (the `next` of the page before); from the oldest kept when absent. */
  since: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
})

/** One array of a listing: records from a cursor, kept when they match, serialised one by one. */
export interface ListingPart<T> {
  readonly key: string
  readonly entries: Iterable<readonly [number, T]>
  readonly where?: ((record: T) => boolean) | undefined
  /** What is shown of a record (masked). */
  readonly show: (record: T) => unknown
}

interface PartOutcome {
  readonly next: number | null
}

/**
 * A JSON listing streamed as it is built: each record is serialised on its own (one that cannot be,
 * such as a recording too deep for JSON.stringify, is listed as an `unlistable` placeholder instead
 * of failing the whole answer), the page ends at `limit` records, PAGE_EXAMINE_BUDGET examined or
 * MAX_PAGE_BYTES written, and the event loop gets a turn every CHUNK_BYTES. The answer is
 * `{...head, <key>: [...], ..., "next": cursor|null}` (one `next` per part when there are several:
 * `{"next": {"<key>": cursor|null}}`).
 */
export function streamListing(parts: readonly ListingPart<unknown>[], limit: number, head: Record<string, unknown> = {}): Response {
  const encoder = new TextEncoder()
  async function* chunks(): AsyncGenerator<string> {
    let buffered = JSON.stringify(head).slice(0, -1)
    let first = buffered.length > 1
    const outcomes = new Map<string, PartOutcome>()
    for (const part of parts) {
      buffered += `${first ? ',' : ''}${JSON.stringify(part.key)}:[`
      first = true
      let listed = 0
      let examined = 0
      let written = 0
      let last: number | null = null
      let next: number | null = null
      for (const [seq, record] of part.entries) {
        if (listed >= limit || examined >= PAGE_EXAMINE_BUDGET || written >= MAX_PAGE_BYTES) {
          next = last
          break
        }
        examined++
        last = seq
        if (part.where !== undefined && !part.where(record)) continue
        const json = serialise(seq, () => part.show(record))
        buffered += `${listed > 0 ? ',' : ''}${json}`
        written += json.length
        listed++
        if (buffered.length >= CHUNK_BYTES) {
          yield buffered
          buffered = ''
          await yieldToEventLoop()
        }
      }
      buffered += ']'
      outcomes.set(part.key, { next })
    }
    const next = parts.length === 1 ? (outcomes.get(parts[0]!.key)?.next ?? null) : Object.fromEntries([...outcomes].map(([key, o]) => [key, o.next]))
    yield `${buffered},"next":${JSON.stringify(next)}}`
  }
  const iterator = chunks()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next()
      if (done === true) controller.close()
      else controller.enqueue(encoder.encode(value))
    },
    async cancel() {
      await iterator.return(undefined)
    },
  })
  return new Response(body, { headers: { 'content-type': 'application/json' } })
}

function serialise(seq: number, show: () => unknown): string {
  try {
    return JSON.stringify(show()) ?? 'null'
  } catch (error) {
    return JSON.stringify({ unlistable: true, cursor: seq, error: error instanceof Error ? error.message : String(error) })
  }
}

/**
 * JSON parsing with bounds on shape, checked before `JSON.parse` builds anything: a body nested
 * thousands deep parses fine but then overflows the stack of every recursive walk after it (masking,
 * a listing's `JSON.stringify`), and a body of a million tiny members costs memory and time in each.
 * No provider's request comes near either bound (the deepest is under 10 levels, the widest under a
 * few hundred members).
 */

/** Deepest nesting of objects and arrays accepted. */
export const JSON_MAX_DEPTH = 64
/** Most object members and array elements accepted in one document, all containers together. */
export const JSON_MAX_MEMBERS = 10_000

/** A body over the bounds: a SyntaxError, so every `catch` around a parse treats it as unparsable. */
export class JsonLimitError extends SyntaxError {
  override readonly name = 'JsonLimitError'
}

const OPEN_OBJECT = 0x7b
const OPEN_ARRAY = 0x5b
const CLOSE_OBJECT = 0x7d
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c
const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * Why a text breaks the bounds, or undefined. One pass over the characters, outside strings: each
 * `{`/`[` is a level, each `,` one more member (a rough count, only ever an over- or under-count by
 * the number of containers, which is itself bounded by the members).
 */
export function jsonLimitProblem(text: string, maxDepth = JSON_MAX_DEPTH, maxMembers = JSON_MAX_MEMBERS): string | undefined {
  // Too short to break either bound, or too few `{` and `[` anywhere (strings included) to nest past
  // the depth: skips the scan for almost every real request.
  if (text.length <= maxMembers && (text.length <= maxDepth || opensAtMost(text, maxDepth))) return undefined
  let depth = 0
  let members = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
      continue
    }
    if (c === QUOTE) inString = true
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return `the JSON is nested deeper than ${maxDepth} levels`
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--
    else if (c === COMMA && ++members >= maxMembers) return `the JSON has more than ${maxMembers} members`
  }
  return undefined
}

/** Whether the text holds at most `max` of `{` and `[` together (two native searches, not a scan of each character). */
function opensAtMost(text: string, max: number): boolean {
  let opens = 0
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++opens > max) return false
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++opens > max) return false
  return true
}

/** `JSON.parse` within the bounds; throws a JsonLimitError past them, a SyntaxError on bad JSON. */
export function parseJsonLimited(text: string): unknown {
  const problem = jsonLimitProblem(text)
  if (problem !== undefined) throw new JsonLimitError(problem)
  return JSON.parse(text) as unknown
}

/** Why a parse failed, in words a provider's error message can carry. */
export const jsonProblemOf = (error: unknown, fallback: string): string => (error instanceof JsonLimitError ? `${error.message}.` : fallback)

/** A body parsed within the bounds: the value, or the error `parseJsonLimited` threw. */
export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown }

/**
 * The text parsed at most once, however many readers ask (the route, the recorder, scenario rules,
 * the ignored-fields tag): a call's body used to be parsed and bounds-checked three or four times.
 */
export function parsedOnce(text: string): () => JsonParse {
  let result: JsonParse | undefined
  return () => {
    if (result === undefined) {
      try {
        result = { ok: true, value: parseJsonLimited(text) }
      } catch (error) {
        result = { ok: false, error }
      }
    }
    return result
  }
}

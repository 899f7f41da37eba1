/**
 * Matching rules for a recorded body, derived from the contract rather than from one run's values:
 * what changes from run to run (ids and tokens the provider issues, timestamps, the merchant's own
 * references echoed back) is matched by type or by a regular expression; what the contract fixes
 * (result codes, statuses, enum values, messages) must be equal. A pattern or format the contract's
 * schema declares for a field wins over a shape read from the value.
 */
import { z } from 'zod'
import type { Matcher, Rules } from './v4.ts'

type JsonSchema = Record<string, unknown>
type Segment = string | number

export interface MatchContext {
  /** The contract's schema of this body, if it has one. */
  readonly schema?: z.ZodType | undefined
  /** Values the merchant sent earlier in the scenario (echoed back, they vary with the run). */
  readonly merchantValues: ReadonlySet<string>
  /** The provider's result codes: always matched by equality. */
  readonly resultCodes: ReadonlySet<string>
  /** Ids and tokens the provider issued earlier in the scenario: a text that quotes one varies with it. */
  readonly issuedValues?: ReadonlySet<string>
}

export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/
const TIMESTAMP_RULE = String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const UUID_RULE = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

const PEM = /^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----\s*$/
const PEM_RULE = String.raw`^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----\s*$`
const MASKED = /^\d{6}\*+\d{4}$/
const MASKED_RULE = String.raw`^\d{6}[0-9*]+\d{4}$`

/** An id or token the provider issued: long and random-looking, never a masked card number. */
export function looksIssued(value: string): boolean {
  // A random reference may draw no digit at all (16 upper-case characters): long capitals count.
  // So may a base64 value (a signature), told by its padding.
  const random = /\d/.test(value) || /^[A-Z]{16,}$/.test(value) || /^[A-Za-z0-9+/]{16,}={1,2}$/.test(value)
  return value.length >= 8 && random && !value.includes('*') && !/^\d{1,7}(\.\d+)?$/.test(value) && !/\s/.test(value)
}

/** A regular expression for values shaped like this one: its character classes, any length. */
export function shapeOf(value: string): string {
  if (UUID.test(value)) return UUID_RULE
  if (TIMESTAMP.test(value)) return TIMESTAMP_RULE
  // 13–19 digits may pass the Luhn check in another run, and a recorded notification then shows it
  // masked to first 6 / last 4: both forms match.
  if (/^\d{13,19}$/.test(value)) return String.raw`^(\d+|\d{6}\*+\d{4})$`
  const classes: string[] = []
  // Letters in a random id come with digits in other draws (an all-capitals reference this run may
  // hold digits the next): digits go with any letters.
  if (/[0-9A-Za-z]/.test(value)) classes.push('0-9')
  if (/[A-Z]/.test(value)) classes.push('A-Z')
  if (/[a-z]/.test(value)) classes.push('a-z')
  // Mixed case and digits: an opaque token (base64 or URL-safe base64), whose symbols vary run to run.
  const opaque = classes.length === 3 ? '+/=_-' : ''
  const others = [...new Set(value.replace(/[0-9A-Za-z]/g, '') + opaque)].map((c) => c.replace(/[\\\]^-]/g, '\\$&'))
  return `^[${classes.join('')}${others.join('')}]+$`
}

export function pathOf(segments: readonly Segment[]): string {
  return segments.reduce<string>((path, s) => (typeof s === 'number' ? `${path}[${s}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `${path}.${s}` : `${path}['${s}']`), '$')
}

/** The rules for every leaf of `body`. */
export function deriveRules(body: unknown, context: MatchContext): Rules {
  const root = context.schema ? toJsonSchema(context.schema) : undefined
  const rules: Rules = {}
  const walk = (value: unknown, segments: Segment[], schemas: JsonSchema[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...segments, i], schemas.flatMap((s) => childSchemas(root, s, i))))
      return
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...segments, key], schemas.flatMap((s) => childSchemas(root, s, key)))
      return
    }
    const matcher = leafMatcher(value, schemas, context)
    if (matcher) rules[pathOf(segments)] = { combine: 'AND', matchers: [matcher] }
  }
  walk(body, [], root ? [root] : [])
  return rules
}

function leafMatcher(value: unknown, schemas: readonly JsonSchema[], context: MatchContext): Matcher | undefined {
  if (value === null || typeof value === 'boolean') return undefined
  const text = String(value)
  if (context.resultCodes.has(text)) return undefined
  if (schemas.some((s) => Array.isArray(s.enum) || 'const' in s)) return undefined
  if (typeof value === 'number') return Number.isInteger(value) ? { match: 'integer' } : { match: 'decimal' }
  if (typeof value !== 'string') return undefined
  // A public key the provider hands out (PEM): a new one with every key pair.
  if (PEM.test(value)) return { match: 'regex', regex: PEM_RULE }
  // Masked when recorded (the recorder masks whatever may be a card number): matched by its masked shape.
  if (value.includes('*')) return MASKED.test(value) ? { match: 'regex', regex: MASKED_RULE } : { match: 'regex', regex: shapeOf(value) }
  const pattern = schemas.map((s) => s.pattern).find((p): p is string => typeof p === 'string')
  if (pattern !== undefined) return { match: 'regex', regex: pattern }
  const format = schemas.map((s) => s.format).find((f): f is string => typeof f === 'string')
  if (format === 'date-time' || TIMESTAMP.test(value)) return { match: 'regex', regex: TIMESTAMP_RULE }
  if (format === 'uuid') return { match: 'regex', regex: UUID_RULE }
  if (context.merchantValues.has(value)) return { match: 'type' }
  if (looksIssued(value)) return { match: 'regex', regex: shapeOf(value) }
  // A counter the provider issues (an approval code): digits whose value changes with every payment.
  if (/^\d{2,}$/.test(value)) return { match: 'regex', regex: String.raw`^\d+$` }
  const quoted = [...(context.issuedValues ?? [])].filter((v) => value.includes(v))
  if (quoted.length > 0) return { match: 'regex', regex: quoting(value, quoted) }
  return undefined
}

/** A regular expression for a text that quotes issued values: the rest literal, each value by its shape. */
function quoting(text: string, values: readonly string[]): string {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  let parts: (string | { shape: string })[] = [text]
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    parts = parts.flatMap((part) => (typeof part !== 'string' ? [part] : part.split(value).flatMap((piece, i) => (i === 0 ? [piece] : [{ shape: shapeOf(value).slice(1, -1) }, piece]))))
  }
  return `^${parts.map((p) => (typeof p === 'string' ? escape(p) : p.shape)).join('')}$`
}

const converted = new WeakMap<z.ZodType, JsonSchema>()

function toJsonSchema(schema: z.ZodType): JsonSchema {
  let json = converted.get(schema)
  if (!json) {
    json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as JsonSchema
    converted.set(schema, json)
  }
  return json
}

/** The schemas a member or item of `schema` may follow (several where the schema is a union). */
function childSchemas(root: JsonSchema | undefined, schema: JsonSchema, key: string | number): JsonSchema[] {
  const s = resolve(root, schema)
  const alternatives = [s.anyOf, s.oneOf, s.allOf].filter(Array.isArray).flat() as JsonSchema[]
  if (alternatives.length > 0) return alternatives.flatMap((a) => childSchemas(root, a, key))
  const found: unknown[] = []
  if (typeof key === 'number') {
    if (Array.isArray(s.prefixItems) && s.prefixItems[key] !== undefined) found.push(s.prefixItems[key])
    else if (s.items && typeof s.items === 'object') found.push(s.items)
  } else {
    const properties = s.properties as Record<string, unknown> | undefined
    if (properties && Object.hasOwn(properties, key)) found.push(properties[key])
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') found.push(s.additionalProperties)
  }
  return found.filter((f): f is JsonSchema => f !== null && typeof f === 'object').map((f) => resolve(root, f))
}

function resolve(root: JsonSchema | undefined, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref
  if (typeof ref !== 'string' || !root || !ref.startsWith('#/')) return schema
  let target: unknown = root
  for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part]
  return target && typeof target === 'object' ? resolve(root, target as JsonSchema) : schema
}

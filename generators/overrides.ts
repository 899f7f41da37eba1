/**
 * How a provider replaces the arbitrary the generic deriver would build for part of its schemas.
 *
 * Overrides exist for what JSON Schema cannot say (a Luhn check digit, "one of these two fields",
 * amounts in the currency's minor units) and for plausibility (test cards instead of digit noise).
 * They are declared next to the provider's contract, never special-cased here, and every value they
 * produce is still held to the zod schema and the exported JSON Schema by the same laws.
 */
import type fc from 'fast-check'

/** A JSON Schema node as parsed from JSON: an object, or `true`/`false`. */
export type JsonSchemaNode = boolean | { readonly [keyword: string]: unknown }

export interface OverrideContext {
  /** JSON pointer of the overridden location in the provider's document, e.g. `/$defs/Amount/properties/value`. */
  readonly pointer: string
  readonly schema: JsonSchemaNode
  /**
   * The arbitrary the deriver would have built here, for overrides that refine rather than replace
   * (filter, map). Lazy, so a replacing override does not pay for it.
   */
  readonly derived: () => fc.Arbitrary<unknown>
}

export type ArbitraryFactory = (context: OverrideContext) => fc.Arbitrary<unknown>

/**
 * Keys are checked against the document when a deriver is built: an override naming a `$def` or a
 * pointer that does not exist is an error, so a renamed field cannot silently lose its override.
 */
export interface ArbitraryOverrides {
  /** By `$defs` name: applies to the named schema itself and wherever a `$ref` reaches it. */
  readonly schemas?: Readonly<Record<string, ArbitraryFactory>>
  /** By JSON pointer into the document (`/$defs/<Name>/properties/<field>/...`), for inline parts. */
  readonly pointers?: Readonly<Record<string, ArbitraryFactory>>
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export const pointerToken = (token: string): string => token.replaceAll('~', '~0').replaceAll('/', '~1')

/** `/$defs/<name>`: where a named schema lives in an exported document. */
export const defPointer = (name: string): string => `/$defs/${pointerToken(name)}`

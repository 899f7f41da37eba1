/**
 * fast-check arbitraries derived from a JSON Schema (draft 2020-12, as `z.toJSONSchema` emits it:
 * one document, named schemas under `$defs`, `$ref`s between them).
 *
 * No maintained package derives arbitraries from zod 4, and the exported JSON Schema is the
 * contract users see, so this reads the JSON Schema. The rule is: generate only values the schema
 * accepts, and refuse loudly (with the JSON pointer) any keyword or combination it cannot honour,
 * rather than generate something that merely looks right. What JSON Schema cannot say (refinements)
 * is the business of provider-declared overrides (./overrides.ts).
 */
import fc from 'fast-check'
import { assertDisjoint, mergeAllOf } from './json-schema-combinators.ts'
import { assertSatisfiable, deriveInteger, deriveNumber, deriveString, textChar } from './json-schema-primitives.ts'
import {
  ANNOTATIONS,
  UnsupportedSchemaError,
  asSchema,
  defsOf,
  isObject,
  numberKeyword,
  onlyWith,
  optionalCount,
  resolvePointer,
  resolveRefs,
  schemaArray,
  stringArray,
  stringKeyword,
  type SchemaObject,
} from './json-schema-reading.ts'
import { defPointer, pointerToken, type ArbitraryFactory, type ArbitraryOverrides, type JsonSchemaNode } from './overrides.ts'

export { UnsupportedSchemaError, resolvePointer } from './json-schema-reading.ts'

export interface DeriveOptions {
  readonly overrides?: ArbitraryOverrides
  /** How many times one `$ref` may be entered on a path before the deriver stops unfolding it. Default 2. */
  readonly maxRefDepth?: number
  /** Upper bound on generated array lengths and dictionary sizes when the schema sets none. Default 4. */
  readonly defaultMaxItems?: number
}

// Every constraining keyword the deriver understands; any other keyword is refused.
const SUPPORTED = new Set([
  '$ref', 'type', 'const', 'enum', 'anyOf', 'oneOf', 'allOf',
  'minLength', 'maxLength', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems',
  'properties', 'required', 'additionalProperties', 'propertyNames',
])

interface Context {
  readonly document: SchemaObject
  readonly factories: ReadonlyMap<string, ArbitraryFactory>
  readonly maxRefDepth: number
  readonly defaultMaxItems: number
  /** How often each `$ref` target has been entered on the current path. */
  readonly refDepth: ReadonlyMap<string, number>
}

/**
 * Builds arbitraries for the schemas of one document. Construction checks the overrides against
 * the document; `arbitrary()` derives (and throws `UnsupportedSchemaError`) per schema.
 */
export class JsonSchemaArbitraries {
  readonly #context: Context

  /** `document` is parsed JSON (a whole JSON Schema document); it is read, never modified. */
  constructor(json: object, options: DeriveOptions = {}) {
    const document = json as SchemaObject
    const factories = new Map<string, ArbitraryFactory>()
    for (const [name, factory] of Object.entries(options.overrides?.schemas ?? {})) {
      if (!isObject(defsOf(document)[name])) throw new UnsupportedSchemaError(defPointer(name), `override names $def "${name}", which the document does not have`)
      factories.set(defPointer(name), factory)
    }
    for (const [pointer, factory] of Object.entries(options.overrides?.pointers ?? {})) {
      if (resolvePointer(document, pointer) === undefined) throw new UnsupportedSchemaError(pointer, 'override pointer resolves to nothing in the document')
      if (factories.has(pointer)) throw new UnsupportedSchemaError(pointer, 'declared twice (by name and by pointer)')
      factories.set(pointer, factory)
    }
    this.#context = {
      document,
      factories,
      maxRefDepth: options.maxRefDepth ?? 2,
      defaultMaxItems: options.defaultMaxItems ?? 4,
      refDepth: new Map(),
    }
  }

  /** Names of the document's `$defs`. */
  get names(): string[] {
    return Object.keys(defsOf(this.#context.document))
  }

  /** The arbitrary of a named schema (`$defs/<name>`), overrides applied. */
  arbitrary(name: string): fc.Arbitrary<unknown> {
    return this.at(defPointer(name))
  }

  /** The arbitrary of the schema at a JSON pointer in the document. */
  at(pointer: string): fc.Arbitrary<unknown> {
    const schema = resolvePointer(this.#context.document, pointer)
    if (schema === undefined) throw new UnsupportedSchemaError(pointer, 'no schema at this pointer')
    return required(derive(asSchema(schema, pointer), pointer, this.#context), pointer)
  }
}

/** One-shot form: the arbitrary of `$defs/<name>` in `document`. */
export function arbitraryFromJsonSchema(document: object, name: string, options?: DeriveOptions): fc.Arbitrary<unknown> {
  return new JsonSchemaArbitraries(document, options).arbitrary(name)
}

// ---------------------------------------------------------------------------------------------
// Derivation. `undefined` means "no value within the recursion budget": the parent then omits an
// optional property, drops an anyOf branch or generates an empty array, and fails only if it must.
// ---------------------------------------------------------------------------------------------

type Derived = fc.Arbitrary<unknown> | undefined

function derive(schema: JsonSchemaNode, pointer: string, ctx: Context): Derived {
  const factory = ctx.factories.get(pointer)
  if (factory !== undefined) {
    return factory({ pointer, schema, derived: () => required(deriveSchema(schema, pointer, ctx), pointer) })
  }
  return deriveSchema(schema, pointer, ctx)
}

function deriveSchema(schema: JsonSchemaNode, pointer: string, ctx: Context): Derived {
  if (schema === true) return anyJson
  if (schema === false) return undefined
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !SUPPORTED.has(keyword)) throw new UnsupportedSchemaError(pointer, `keyword "${keyword}" is not supported`)
  }
  const constraints = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k))

  if (schema['$ref'] !== undefined) {
    const ref = stringKeyword(schema, '$ref', pointer)
    if (constraints.length === 1) return deriveRef(ref, pointer, ctx)
    return deriveRefWithSiblings(schema, ref, pointer, ctx)
  }
  if (schema['const'] !== undefined) {
    onlyWith(schema, pointer, 'const', ['type'])
    return fc.constant(schema['const'])
  }
  if (schema['enum'] !== undefined) {
    onlyWith(schema, pointer, 'enum', ['type'])
    const values = schema['enum']
    if (!Array.isArray(values) || values.length === 0) throw new UnsupportedSchemaError(pointer, 'enum must be a non-empty array')
    return fc.constantFrom(...(values as unknown[]))
  }
  if (schema['anyOf'] !== undefined) {
    onlyWith(schema, pointer, 'anyOf', [])
    return union(branches(schema, 'anyOf', pointer, ctx))
  }
  if (schema['oneOf'] !== undefined) {
    onlyWith(schema, pointer, 'oneOf', [])
    const members = schemaArray(schema, 'oneOf', pointer)
    assertDisjoint(members, pointer, ctx.document)
    return union(branches(schema, 'oneOf', pointer, ctx))
  }
  if (schema['allOf'] !== undefined) {
    onlyWith(schema, pointer, 'allOf', [])
    return deriveSchema(mergeAllOf(schema, pointer, ctx.document), pointer, ctx)
  }

  const type = schema['type']
  if (Array.isArray(type)) {
    // ["string", "null"]: each type with the keywords that apply to it.
    return union(type.map((t, i) => deriveSchema({ ...schema, type: t }, `${pointer}/type/${i}`, ctx)))
  }
  if (type === undefined) {
    if (constraints.length === 0) return anyJson
    throw new UnsupportedSchemaError(pointer, `constraints ${constraints.join(', ')} without a "type"`)
  }
  switch (type) {
    case 'string':
      return deriveString(schema, pointer)
    case 'integer':
      return deriveInteger(schema, pointer)
    case 'number':
      return deriveNumber(schema, pointer)
    case 'boolean':
      onlyWith(schema, pointer, 'type', [])
      return fc.boolean()
    case 'null':
      onlyWith(schema, pointer, 'type', [])
      return fc.constant(null)
    case 'array':
      return deriveArray(schema, pointer, ctx)
    case 'object':
      return deriveObject(schema, pointer, ctx)
    default:
      throw new UnsupportedSchemaError(pointer, `unknown type ${JSON.stringify(type)}`)
  }
}

function deriveRef(ref: string, pointer: string, ctx: Context): Derived {
  if (!ref.startsWith('#')) throw new UnsupportedSchemaError(pointer, `only local $refs are supported, not "${ref}"`)
  const target = decodeURIComponent(ref.slice(1))
  const schema = resolvePointer(ctx.document, target)
  if (schema === undefined) throw new UnsupportedSchemaError(pointer, `$ref "${ref}" resolves to nothing`)
  const depth = ctx.refDepth.get(target) ?? 0
  if (depth >= ctx.maxRefDepth) return undefined
  const refDepth = new Map(ctx.refDepth).set(target, depth + 1)
  // The target's pointer, not the referrer's: an override of `/$defs/X/...` applies wherever X is used.
  return derive(asSchema(schema, target), target, { ...ctx, refDepth })
}

/** Keywords that may sit next to a `$ref` (zod: `VndAmount.min(1000)`), each with how to tighten the target's. */
const TIGHTENING: Readonly<Record<string, (a: number, b: number) => number>> = {
  minimum: Math.max,
  exclusiveMinimum: Math.max,
  minLength: Math.max,
  maximum: Math.min,
  exclusiveMaximum: Math.min,
  maxLength: Math.min,
}

/**
 * `{ $ref, minimum: 1000 }` means both the target and the sibling bounds (2020-12 applies them
 * together). Without an override at the target, the two are merged into one schema here; with one,
 * the override's values are filtered by the sibling bounds, so the override still governs.
 */
function deriveRefWithSiblings(schema: SchemaObject, ref: string, pointer: string, ctx: Context): Derived {
  const siblings = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k) && k !== '$ref')
  const unsupported = siblings.filter((k) => !Object.hasOwn(TIGHTENING, k))
  if (unsupported.length > 0) throw new UnsupportedSchemaError(pointer, `$ref with sibling keywords ${unsupported.join(', ')} is not supported`)
  const target = decodeURIComponent(ref.slice(1))
  const resolved = resolveRefs(ctx.document, schema, pointer)
  if (typeof resolved === 'boolean' || resolved['$ref'] !== undefined) {
    throw new UnsupportedSchemaError(pointer, '$ref with siblings must reach a schema object, not a boolean or a $ref cycle')
  }
  if (ctx.factories.has(target)) {
    const base = required(deriveRef(ref, pointer, ctx), pointer)
    const holds = (value: unknown) => satisfiesBounds(value, schema)
    assertSatisfiable(base, holds, pointer, `the override at ${target} and the bounds next to its $ref`)
    return base.filter(holds)
  }
  const merged: Record<string, unknown> = { ...resolved }
  for (const key of siblings) {
    const mine = numberKeyword(schema, key, pointer)
    const theirs = merged[key]
    merged[key] = typeof theirs === 'number' ? TIGHTENING[key]!(mine, theirs) : mine
  }
  return deriveSchema(merged, pointer, ctx)
}

/** The bounds TIGHTENING knows, checked on one value (for filtering an override's values). */
function satisfiesBounds(value: unknown, bounds: SchemaObject): boolean {
  const n = (k: string) => (typeof bounds[k] === 'number' ? bounds[k] : undefined)
  if (typeof value === 'number') {
    const [min, max, xMin, xMax] = [n('minimum'), n('maximum'), n('exclusiveMinimum'), n('exclusiveMaximum')]
    return (min === undefined || value >= min) && (max === undefined || value <= max) && (xMin === undefined || value > xMin) && (xMax === undefined || value < xMax)
  }
  if (typeof value === 'string') {
    const [min, max] = [n('minLength'), n('maxLength')]
    const points = [...value].length
    return (min === undefined || Math.min(points, value.length) >= min) && (max === undefined || Math.max(points, value.length) <= max)
  }
  return true
}

// ---------------------------------------------------------------------------------------------
// Arrays
// ---------------------------------------------------------------------------------------------

function deriveArray(schema: SchemaObject, pointer: string, ctx: Context): Derived {
  const minItems = optionalCount(schema, 'minItems', pointer) ?? 0
  const declaredMax = optionalCount(schema, 'maxItems', pointer)
  const maxItems = declaredMax ?? minItems + ctx.defaultMaxItems
  if (maxItems < minItems) throw new UnsupportedSchemaError(pointer, `minItems ${minItems} > maxItems ${maxItems}`)
  const prefix = schema['prefixItems'] === undefined ? [] : schemaArray(schema, 'prefixItems', pointer)
  const itemsSchema = schema['items'] === undefined ? true : asSchema(schema['items'], `${pointer}/items`)
  const unique = schema['uniqueItems'] === true

  if (prefix.length > 0) {
    if (unique) throw new UnsupportedSchemaError(pointer, 'uniqueItems with prefixItems is not supported')
    const heads = prefix.map((s, i) => derive(s, `${pointer}/prefixItems/${i}`, ctx))
    if (heads.some((h) => h === undefined)) return undefined
    const restMin = Math.max(0, minItems - prefix.length)
    const restMax = Math.max(0, maxItems - prefix.length)
    if (prefix.length > maxItems) throw new UnsupportedSchemaError(pointer, 'more prefixItems than maxItems')
    const rest = itemsSchema === false ? undefined : derive(itemsSchema, `${pointer}/items`, ctx)
    if (rest === undefined && restMin > 0) return undefined
    const tail = rest === undefined ? fc.constant<unknown[]>([]) : fc.array(rest, { minLength: restMin, maxLength: restMax })
    return fc.tuple(fc.tuple(...(heads as fc.Arbitrary<unknown>[])), tail).map(([head, more]) => [...head, ...more])
  }
  const item = derive(itemsSchema, `${pointer}/items`, ctx)
  if (item === undefined) return minItems === 0 ? fc.constant([]) : undefined
  if (unique) return fc.uniqueArray(item, { minLength: minItems, maxLength: maxItems, selector: (v) => JSON.stringify(v) })
  return fc.array(item, { minLength: minItems, maxLength: maxItems })
}

// ---------------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------------

/**
 * With `properties` (even empty) the object has exactly the declared properties, optional ones
 * present or not; extra properties are never generated, which every `additionalProperties` allows.
 * Without `properties` it is a dictionary (`z.record`): keys from `propertyNames`, values from
 * `additionalProperties`.
 */
function deriveObject(schema: SchemaObject, pointer: string, ctx: Context): Derived {
  const additional = schema['additionalProperties'] === undefined ? true : asSchema(schema['additionalProperties'], `${pointer}/additionalProperties`)
  const requiredKeys = schema['required'] === undefined ? [] : stringArray(schema, 'required', pointer)

  if (schema['properties'] === undefined) {
    if (requiredKeys.length > 0) throw new UnsupportedSchemaError(pointer, '"required" without "properties" is not supported')
    if (additional === false) return fc.constant({})
    const value = derive(additional, `${pointer}/additionalProperties`, ctx)
    if (value === undefined) return fc.constant({})
    const key = schema['propertyNames'] === undefined ? fc.string({ unit: textChar, maxLength: 12 }) : derive(asSchema(schema['propertyNames'], `${pointer}/propertyNames`), `${pointer}/propertyNames`, ctx)
    if (key === undefined) return fc.constant({})
    // `__proto__` as a key means something else to every JS object consumer on the way.
    const safeKey = key.filter((k): k is string => typeof k === 'string' && k !== '__proto__')
    return fc.dictionary(safeKey, value, { maxKeys: ctx.defaultMaxItems, noNullPrototype: true })
  }

  const properties = schema['properties']
  if (!isObject(properties)) throw new UnsupportedSchemaError(`${pointer}/properties`, 'must be an object')
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [key, sub] of Object.entries(properties)) {
    const at = `${pointer}/properties/${pointerToken(key)}`
    const arb = derive(asSchema(sub, at), at, ctx)
    if (arb !== undefined) model[key] = arb
    else if (requiredKeys.includes(key)) return undefined
    // An optional property with no value within the recursion budget is simply left out.
  }
  for (const key of requiredKeys) {
    if (Object.hasOwn(properties, key)) continue
    const at = `${pointer}/additionalProperties`
    if (additional === false) throw new UnsupportedSchemaError(pointer, `"${key}" is required but neither declared nor allowed`)
    const arb = derive(additional, at, ctx)
    if (arb === undefined) return undefined
    model[key] = arb
  }
  if (schema['propertyNames'] !== undefined) {
    // Declared names must satisfy propertyNames; only the trivial `{type: "string"}` is known to hold.
    const names = schema['propertyNames']
    if (!(isObject(names) && names['type'] === 'string' && Object.keys(names).length === 1)) {
      throw new UnsupportedSchemaError(`${pointer}/propertyNames`, 'propertyNames beyond {type: "string"} with declared properties is not supported')
    }
  }
  return fc.record(model, { requiredKeys: requiredKeys.filter((k) => k in model), noNullPrototype: true })
}

// ---------------------------------------------------------------------------------------------
// Combinators
// ---------------------------------------------------------------------------------------------

function branches(schema: SchemaObject, keyword: 'anyOf' | 'oneOf', pointer: string, ctx: Context): Derived[] {
  return schemaArray(schema, keyword, pointer).map((branch, i) => derive(branch, `${pointer}/${keyword}/${i}`, ctx))
}

function union(arbs: readonly Derived[]): Derived {
  const present = arbs.filter((a): a is fc.Arbitrary<unknown> => a !== undefined)
  if (present.length === 0) return undefined
  return present.length === 1 ? present[0] : fc.oneof(...present)
}

/** Any JSON value, small: what an empty schema or `z.unknown()` accepts. */
const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown)

function required(arb: Derived, pointer: string): fc.Arbitrary<unknown> {
  if (arb === undefined) throw new UnsupportedSchemaError(pointer, 'no value is possible (false schema, or recursion that never bottoms out within maxRefDepth)')
  return arb
}


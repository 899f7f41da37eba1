/**
 * oneOf and allOf, within what a generator can honour without a solver: oneOf over provably
 * disjoint branches, allOf over object schemas that do not constrain the same property twice.
 */
import type { JsonSchemaNode } from './overrides.ts'
import { ANNOTATIONS, UnsupportedSchemaError, asSchema, isObject, resolveRefs, schemaArray, type SchemaObject } from './json-schema-reading.ts'

/**
 * A value from one oneOf branch is valid only if no other branch accepts it. The deriver cannot
 * check that in general, so it accepts oneOf only when the branches are provably disjoint: different
 * primitive types, or objects told apart by a required property with disjoint const/enum values.
 */
export function assertDisjoint(members: readonly JsonSchemaNode[], pointer: string, document: SchemaObject): void {
  const resolved = members.map((m, i) => resolveRefs(document, m, `${pointer}/oneOf/${i}`))
  for (let i = 0; i < resolved.length; i++) {
    for (let j = i + 1; j < resolved.length; j++) {
      if (!disjoint(resolved[i]!, resolved[j]!, document)) throw new UnsupportedSchemaError(pointer, `oneOf branches ${i} and ${j} may overlap; only provably disjoint branches are supported`)
    }
  }
}

function disjoint(a: JsonSchemaNode, b: JsonSchemaNode, document: SchemaObject): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === false || b === false
  const ta = literalValues(a)
  const tb = literalValues(b)
  if (ta !== undefined && tb !== undefined) return !ta.some((x) => tb.some((y) => JSON.stringify(x) === JSON.stringify(y)))
  if (typeof a['type'] === 'string' && typeof b['type'] === 'string' && a['type'] !== b['type']) {
    // integer ⊂ number
    return !(new Set([a['type'], b['type']]).size === 2 && [a['type'], b['type']].every((t) => t === 'integer' || t === 'number'))
  }
  if (a['type'] === 'object' && b['type'] === 'object' && isObject(a['properties']) && isObject(b['properties'])) {
    const reqA = Array.isArray(a['required']) ? (a['required'] as unknown[]) : []
    const reqB = Array.isArray(b['required']) ? (b['required'] as unknown[]) : []
    for (const key of reqA) {
      if (typeof key !== 'string' || !reqB.includes(key)) continue
      const pa = resolveRefs(document, asSchema(a['properties'][key], ''), '')
      const pb = resolveRefs(document, asSchema(b['properties'][key], ''), '')
      if (disjoint(pa, pb, document)) return true
    }
  }
  return false
}

function literalValues(schema: SchemaObject): unknown[] | undefined {
  if (schema['const'] !== undefined) return [schema['const']]
  if (Array.isArray(schema['enum'])) return schema['enum'] as unknown[]
  return undefined
}

/**
 * allOf of object schemas (what `z.intersection` of objects emits) merged into one object schema.
 * Anything else, or the same property constrained twice, is refused: merging arbitrary schemas
 * correctly is a solver, not a generator.
 */
export function mergeAllOf(schema: SchemaObject, pointer: string, document: SchemaObject): SchemaObject {
  const members = schemaArray(schema, 'allOf', pointer).map((m, i) => resolveRefs(document, m, `${pointer}/allOf/${i}`))
  const properties: Record<string, unknown> = {}
  const required = new Set<string>()
  let closed = false
  for (const [i, member] of members.entries()) {
    const at = `${pointer}/allOf/${i}`
    if (typeof member === 'boolean' || member['type'] !== 'object') throw new UnsupportedSchemaError(at, 'allOf is supported only over object schemas')
    const extra = Object.keys(member).filter((k) => !ANNOTATIONS.has(k) && !['type', 'properties', 'required', 'additionalProperties'].includes(k))
    if (extra.length > 0) throw new UnsupportedSchemaError(at, `allOf member with ${extra.join(', ')} is not supported`)
    const additional = member['additionalProperties']
    if (additional !== undefined && additional !== true && !(isObject(additional) && Object.keys(additional).length === 0)) closed = true
    for (const [key, sub] of Object.entries(isObject(member['properties']) ? member['properties'] : {})) {
      if (Object.hasOwn(properties, key)) throw new UnsupportedSchemaError(at, `property "${key}" is constrained by more than one allOf member`)
      properties[key] = sub
    }
    for (const key of Array.isArray(member['required']) ? member['required'] : []) if (typeof key === 'string') required.add(key)
  }
  // One closed member would forbid the properties the other members declare.
  if (closed && members.length > 1) throw new UnsupportedSchemaError(pointer, 'allOf with a member that restricts additionalProperties is not supported')
  return { type: 'object', properties, required: [...required] }
}


/**
 * Reading an untyped JSON Schema document (the parsing boundary of the deriver): keyword accessors
 * that check what they read, JSON pointers, `$ref` resolution, and the error that names the path.
 */
import type { JsonSchemaNode } from './overrides.ts'

export type SchemaObject = { readonly [keyword: string]: unknown }

/** A schema the deriver cannot honour; `pointer` says where in the document. */
export class UnsupportedSchemaError extends Error {
  readonly pointer: string
  constructor(pointer: string, reason: string) {
    super(`${pointer || '/'}: ${reason}`)
    this.name = 'UnsupportedSchemaError'
    this.pointer = pointer
  }
}

// Keywords that describe and never constrain; ignored wherever they appear.
export const ANNOTATIONS = new Set(['$schema', '$id', '$comment', '$defs', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly'])

export function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function asSchema(value: unknown, pointer: string): JsonSchemaNode {
  if (typeof value === 'boolean' || isObject(value)) return value
  throw new UnsupportedSchemaError(pointer, `not a schema: ${JSON.stringify(value)}`)
}


export function defsOf(document: SchemaObject): SchemaObject {
  const defs = document['$defs']
  return isObject(defs) ? defs : {}
}

/** RFC 6901; `''` is the whole document. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document
  if (!pointer.startsWith('/')) return undefined
  let node: unknown = document
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (Array.isArray(node)) node = node[Number(token)]
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token]
    else return undefined
  }
  return node
}

export function onlyWith(schema: SchemaObject, pointer: string, keyword: string, allowed: readonly string[]): void {
  const others = Object.keys(schema).filter((k) => k !== keyword && !ANNOTATIONS.has(k) && !allowed.includes(k))
  if (others.length > 0) throw new UnsupportedSchemaError(pointer, `${keyword} combined with ${others.join(', ')} is not supported`)
}

export function stringKeyword(schema: SchemaObject, keyword: string, pointer: string): string {
  const value = schema[keyword]
  if (typeof value !== 'string') throw new UnsupportedSchemaError(pointer, `${keyword} must be a string`)
  return value
}

export function numberKeyword(schema: SchemaObject, keyword: string, pointer: string): number {
  const value = schema[keyword]
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UnsupportedSchemaError(pointer, `${keyword} must be a finite number`)
  return value
}

export function optionalNumber(schema: SchemaObject, keyword: string, pointer: string): number | undefined {
  return schema[keyword] === undefined ? undefined : numberKeyword(schema, keyword, pointer)
}

export function optionalCount(schema: SchemaObject, keyword: string, pointer: string): number | undefined {
  const value = optionalNumber(schema, keyword, pointer)
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new UnsupportedSchemaError(pointer, `${keyword} must be a non-negative integer`)
  return value
}

export function schemaArray(schema: SchemaObject, keyword: string, pointer: string): JsonSchemaNode[] {
  const value = schema[keyword]
  if (!Array.isArray(value) || value.length === 0) throw new UnsupportedSchemaError(pointer, `${keyword} must be a non-empty array`)
  return value.map((v: unknown, i) => asSchema(v, `${pointer}/${keyword}/${i}`))
}

export function stringArray(schema: SchemaObject, keyword: string, pointer: string): string[] {
  const value = schema[keyword]
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new UnsupportedSchemaError(pointer, `${keyword} must be an array of strings`)
  return value as string[]
}

/** Follows `$ref`s (local only) until a schema that is not one; a cycle returns the last `$ref` seen. */
export function resolveRefs(document: SchemaObject, schema: JsonSchemaNode, pointer: string, seen: ReadonlySet<string> = new Set()): JsonSchemaNode {
  if (typeof schema === 'boolean' || typeof schema['$ref'] !== 'string') return schema
  if (!schema['$ref'].startsWith('#')) throw new UnsupportedSchemaError(pointer, `only local $refs are supported, not "${schema['$ref']}"`)
  const target = decodeURIComponent(schema['$ref'].slice(1))
  if (seen.has(target)) return schema
  const next = resolvePointer(document, target)
  if (next === undefined) throw new UnsupportedSchemaError(pointer, `$ref "${schema['$ref']}" resolves to nothing`)
  return resolveRefs(document, asSchema(next, target), target, new Set(seen).add(target))
}

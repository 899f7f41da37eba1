/**
 * Invalid requests: a valid request plus exactly one labelled mutation. The body mutations are read
 * off the exported JSON Schema (which fields are required, which carry maxLength, enum, format or a
 * type), so they are generic; the wire mutations (malformed JSON, wrong content type, bad or missing
 * auth) apply to any request. What the provider must answer to each kind is provider data
 * (`contracts/<id>/invalid-requests.ts`), looked up with `expectedError`.
 */
import fc from 'fast-check'
import type { JsonSchemaNode } from './overrides.ts'
import { isObject, resolveRefs, type SchemaObject } from './json-schema-reading.ts'

export const MUTATION_KINDS = [
  'missingRequired',
  'overMaxLength',
  'wrongType',
  'outsideEnum',
  'badFormat',
  'malformedJson',
  'wrongContentType',
  'badAuth',
  'missingAuth',
] as const
export type MutationKind = (typeof MUTATION_KINDS)[number]

/** One invalid request: what to send instead of the valid one, and why it is invalid. */
export interface Mutation {
  readonly kind: MutationKind
  /** Dotted path of the mutated field (`amount.value`), `''` for wire mutations. */
  readonly path: string
  /** The body to send as JSON, unless `raw` is set. */
  readonly body: unknown
  /** Bytes to send instead of `JSON.stringify(body)` (malformed JSON). */
  readonly raw?: string
  readonly contentType?: string
  readonly auth?: 'bad' | 'missing'
}

/** The documented answer to an invalid request, as the provider's result-code tables name it. */
export interface ExpectedError {
  readonly httpStatus: number
  /** The provider's code: `errorCode`, `code` or `resultCode`, whichever it documents. */
  readonly code: string
}

/** A kind the provider does not check (says why): such mutations are not generated for it. */
export interface NotChecked {
  readonly notChecked: string
}

/**
 * A provider's answers per mutation kind. `byField` overrides the kind's answer for one field (some
 * providers give each missing field its own code); its keys are dotted paths, `*` matching one
 * segment, optionally after an operation name and a space (`pay paymentMethod.cvv`) when only that
 * operation answers so.
 */
export type InvalidRequestTable = {
  readonly [K in MutationKind]: (ExpectedError & { readonly byField?: Readonly<Record<string, ExpectedError>> }) | NotChecked
}

/** The kinds a provider's table gives an answer for. */
export const checkedKinds = (table: InvalidRequestTable): Set<MutationKind> => new Set(MUTATION_KINDS.filter((kind) => !('notChecked' in table[kind])))

const fieldMatches = (key: string, operation: string, path: string): boolean => {
  const [scope, pattern] = key.includes(' ') ? key.split(' ', 2) : [undefined, key]
  if (pattern === undefined || (scope !== undefined && scope !== operation)) return false
  const a = pattern.split('.')
  const b = path.split('.')
  return a.length === b.length && a.every((segment, i) => segment === '*' || segment === b[i])
}

export function expectedError(table: InvalidRequestTable, operation: string, mutation: Pick<Mutation, 'kind' | 'path'>): ExpectedError {
  const entry = table[mutation.kind]
  if ('notChecked' in entry) throw new Error(`${mutation.kind} is not checked: ${entry.notChecked}`)
  const special = Object.entries(entry.byField ?? {}).find(([key]) => fieldMatches(key, operation, mutation.path))
  return special ? special[1] : { httpStatus: entry.httpStatus, code: entry.code }
}

interface Site {
  readonly path: readonly string[]
  readonly schema: SchemaObject
  readonly value: unknown
  /** Whether the object holding the field requires it. */
  readonly required: boolean
}

/**
 * Every field of `value` the schema describes plainly (through objects and `$ref`s; not inside
 * arrays or `anyOf`/`oneOf`, where breaking one branch can satisfy another).
 */
function sites(document: SchemaObject, schema: JsonSchemaNode, value: unknown, path: readonly string[], out: Site[]): void {
  const node = resolveRefs(document, schema, '')
  if (!isObject(node) || !isObject(value)) return
  const properties = node['properties']
  if (!isObject(properties)) return
  const required = Array.isArray(node['required']) ? (node['required'] as unknown[]) : []
  for (const [name, child] of Object.entries(properties)) {
    if (!Object.hasOwn(value, name)) continue
    const resolved = resolveRefs(document, child as JsonSchemaNode, '')
    if (!isObject(resolved)) continue
    const site: Site = { path: [...path, name], schema: resolved, value: value[name], required: required.includes(name) }
    out.push(site)
    sites(document, resolved, value[name], site.path, out)
  }
}

// Returned by a replacement: delete the field (REMOVE), or no mutation applies here (NONE).
const REMOVE = Symbol('remove')
const NONE = Symbol('none')

/** A copy of `body` with the field at `path` replaced (or removed); the original is left alone. */
function setAt(body: unknown, path: readonly string[], replace: (old: unknown) => unknown): unknown {
  const [head, ...rest] = path
  if (head === undefined || !isObject(body)) return body
  const copy: Record<string, unknown> = { ...body }
  const next = rest.length === 0 ? replace(copy[head]) : setAt(copy[head], rest, replace)
  if (next === REMOVE) delete copy[head]
  else copy[head] = next
  return copy
}

const typeOf = (schema: SchemaObject): string | undefined => (typeof schema['type'] === 'string' ? schema['type'] : undefined)

/** A value of another JSON type than the schema's. */
const otherType = (type: string): unknown => (type === 'string' ? 12345 : type === 'object' || type === 'array' ? 'not-an-object' : 'not-a-number')

// Strings that break a `format` or a `pattern`; the first one the field rejects is used.
const BAD_STRINGS = ['not a valid value !', '', '#', ' ', '0', 'x'.repeat(3)]

/** A mutation not yet built: building checks it against the schema, which is the costly part. */
export interface MutationCandidate {
  readonly kind: MutationKind
  readonly path: string
  /** The mutation, or `undefined` when the schema would still accept the mutated body. */
  build(): Mutation | undefined
}

/**
 * The body mutations applicable to `value` (a valid request of `root` in `document`). `rejects`
 * decides whether a mutated body really is invalid (the contract's zod schema): a mutation it would
 * accept (a replacement another rule allows) is dropped when built, so every one kept is sound.
 */
export function bodyMutationCandidates(document: object, root: JsonSchemaNode, value: unknown, rejects: (body: unknown) => boolean): MutationCandidate[] {
  const found: Site[] = []
  // A JSON Schema document is plain JSON: its keywords are read (and checked) where used.
  sites(document as SchemaObject, root, value, [], found)
  const out: MutationCandidate[] = []
  const add = (kind: MutationKind, site: Site, replace: () => unknown) => {
    const path = site.path.join('.')
    out.push({
      kind,
      path,
      build: () => {
        const replacement = replace()
        if (replacement === NONE) return undefined
        const body = setAt(value, site.path, () => replacement)
        return rejects(body) ? { kind, path, body } : undefined
      },
    })
  }
  for (const site of found) {
    const { schema } = site
    const type = typeOf(schema)
    if (site.required) add('missingRequired', site, () => REMOVE)
    // An enum field given another type is also outside the enum; that case is `outsideEnum`'s.
    if (type !== undefined && schema['enum'] === undefined && schema['const'] === undefined) add('wrongType', site, () => otherType(type))
    const max = schema['maxLength']
    const current = site.value
    if (typeof max === 'number' && typeof current === 'string') add('overMaxLength', site, () => current.padEnd(max + 1, 'x').slice(0, max + 1))
    if (Array.isArray(schema['enum']) && schema['enum'].every((v) => typeof v === 'string')) add('outsideEnum', site, () => 'NOT_A_DOCUMENTED_VALUE')
    if (type === 'string' && (typeof schema['format'] === 'string' || typeof schema['pattern'] === 'string') && schema['enum'] === undefined) {
      add('badFormat', site, () => BAD_STRINGS.find((s) => rejects(setAt(value, site.path, () => s))) ?? NONE)
    }
  }
  return out
}

/** The applicable body mutations, built (for callers that want them all). */
export function bodyMutations(document: object, root: JsonSchemaNode, value: unknown, rejects: (body: unknown) => boolean): Mutation[] {
  return bodyMutationCandidates(document, root, value, rejects).flatMap((c) => c.build() ?? [])
}

/** The wire mutations: they keep the valid body and break how it travels. */
export function wireMutations(value: unknown): Mutation[] {
  const json = JSON.stringify(value)
  return [
    { kind: 'malformedJson', path: '', body: value, raw: json.slice(0, Math.max(1, json.length - 1)) + ',' },
    { kind: 'wrongContentType', path: '', body: value, contentType: 'text/plain' },
    { kind: 'badAuth', path: '', body: value, auth: 'bad' },
    { kind: 'missingAuth', path: '', body: value, auth: 'missing' },
  ]
}

/**
 * Invalid requests of one operation: a valid request from `valid`, then one of its applicable
 * mutations, chosen by fast-check (so a failure shrinks to a small request and names the mutation).
 * `kinds` narrows the mutations to those the caller can send.
 */
export function invalidRequestArbitrary(
  valid: fc.Arbitrary<unknown>,
  document: object,
  root: JsonSchemaNode,
  rejects: (body: unknown) => boolean,
  kinds: ReadonlySet<MutationKind> = new Set(MUTATION_KINDS),
): fc.Arbitrary<Mutation> {
  return valid
    .chain((value) => {
      const wire: MutationCandidate[] = wireMutations(value).map((m) => ({ kind: m.kind, path: m.path, build: () => m }))
      const all = [...bodyMutationCandidates(document, root, value, rejects), ...wire].filter((m) => kinds.has(m.kind))
      // Only the chosen candidate is built (checked against the schema): building them all costs more than the request.
      return all.length === 0 ? fc.constant(undefined) : fc.constantFrom(...all).map((c) => c.build())
    })
    .filter((m): m is Mutation => m !== undefined)
}

/**
 * Arbitraries for every provider Tokenproof knows, for the harness's own properties and for users'
 * property tests:
 *
 *   fc.assert(fc.property(requestArbitrary('<provider id>', '<operation>'), (request) => …))
 *
 * Each is derived from the provider's exported JSON Schema with the provider's declared overrides
 * (contracts/<id>/arbitraries.ts); every value parses with the contract's zod schema (the laws in
 * json-schema-arbitrary.test.ts hold that for every schema).
 */
import type fc from 'fast-check'
import { z } from 'zod'
import { arbitraryOverrides } from '../contracts/arbitraries.ts'
import type { ProviderContract } from '../contracts/core/provider-contract.ts'
import { toJsonSchemaDocument, type JsonSchemaDocument } from '../contracts/json-schema.ts'
import { contractRegistry, type ProviderId } from '../contracts/registry.ts'
import { JsonSchemaArbitraries } from './json-schema-arbitrary.ts'

export { JsonSchemaArbitraries, UnsupportedSchemaError, arbitraryFromJsonSchema, type DeriveOptions } from './json-schema-arbitrary.ts'
export type { ArbitraryFactory, ArbitraryOverrides, OverrideContext } from './overrides.ts'
export * as domain from './domain.ts'

interface ProviderArbitraries {
  readonly document: JsonSchemaDocument
  readonly arbitraries: JsonSchemaArbitraries
  /** The `$defs` name of each zod schema the document holds. */
  readonly names: ReadonlyMap<z.ZodType, string>
  /** Operation or notification schemas that JSON Schema cannot represent (a body-less answer), with why. */
  readonly unrepresentable: ReadonlyMap<z.ZodType, string>
}

const cache = new Map<ProviderId, ProviderArbitraries>()

/**
 * The provider's document: its named schemas plus any operation or notification schema that is not
 * one of them (named `<operation>.request` and so on), so every operation has an arbitrary.
 */
export function providerArbitraries(providerId: ProviderId): ProviderArbitraries {
  const cached = cache.get(providerId)
  if (cached !== undefined) return cached
  const contract: ProviderContract = contractRegistry[providerId]
  const schemas: Record<string, z.ZodType> = { ...contract.schemas }
  const known = new Set(Object.values(schemas))
  const unrepresentable = new Map<z.ZodType, string>()
  const extra = (name: string, schema: z.ZodType) => {
    if (known.has(schema)) return
    known.add(schema)
    try {
      z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' })
      schemas[name] = schema
    } catch (error) {
      unrepresentable.set(schema, String(error))
    }
  }
  for (const [operation, { request, response }] of Object.entries(contract.operations)) {
    extra(`${operation}.request`, request)
    extra(`${operation}.response`, response)
  }
  for (const [name, schema] of Object.entries(contract.notifications)) extra(`${name}.notification`, schema)

  const document = toJsonSchemaDocument(contract.id, schemas)
  const entry: ProviderArbitraries = {
    document,
    arbitraries: new JsonSchemaArbitraries(document, { overrides: arbitraryOverrides[providerId] }),
    names: new Map(Object.entries(schemas).map(([name, schema]) => [schema, name])),
    unrepresentable,
  }
  cache.set(providerId, entry)
  return entry
}

/**
 * The arbitrary of one of the provider's zod schemas, typed by it. Sound because the laws hold
 * every generated value to the zod schema.
 */
export function arbitraryFor<S extends z.ZodType>(providerId: ProviderId, schema: S): fc.Arbitrary<z.input<S>> {
  const provider = providerArbitraries(providerId)
  const name = provider.names.get(schema)
  if (name === undefined) {
    const why = provider.unrepresentable.get(schema)
    throw new Error(`${providerId}: ${why === undefined ? 'this zod schema is not one of the contract\u2019s schemas, operations or notifications' : `no JSON Schema for it (${why})`}`)
  }
  return provider.arbitraries.arbitrary(name) as fc.Arbitrary<z.input<S>>
}

/** A named schema of the contract (`contract.schemas`), by name. */
export function schemaArbitrary(providerId: ProviderId, schemaName: string): fc.Arbitrary<unknown> {
  const schema = contractRegistry[providerId].schemas[schemaName]
  if (schema === undefined) throw new Error(`${providerId} has no schema ${schemaName}`)
  return arbitraryFor(providerId, schema)
}

function operation(providerId: ProviderId, operationName: string) {
  const op = (contractRegistry[providerId] as ProviderContract).operations[operationName]
  if (op === undefined) throw new Error(`${providerId} has no operation ${operationName}`)
  return op
}

/** Valid request bodies (or query parameters, for GET and DELETE) of an operation. */
export function requestArbitrary(providerId: ProviderId, operationName: string): fc.Arbitrary<unknown> {
  return arbitraryFor(providerId, operation(providerId, operationName).request)
}

/** Valid responses of an operation; throws for an answer without a body. */
export function responseArbitrary(providerId: ProviderId, operationName: string): fc.Arbitrary<unknown> {
  return arbitraryFor(providerId, operation(providerId, operationName).response)
}

/** Valid notification bodies the provider sends, by notification name. */
export function notificationArbitrary(providerId: ProviderId, notificationName: string): fc.Arbitrary<unknown> {
  const schema = (contractRegistry[providerId] as ProviderContract).notifications[notificationName]
  if (schema === undefined) throw new Error(`${providerId} has no notification ${notificationName}`)
  return arbitraryFor(providerId, schema)
}

import type { z } from 'zod'
import type { ConformanceProfile } from './conformance.ts'
import type { FlowDeclaration, ResultCodeTable, RetrySchedule, TestCard } from './types.ts'

/** One API operation of a provider: its request and response schemas. */
export interface OperationContract {
  readonly request: z.ZodType
  readonly response: z.ZodType
  /** Path template as the provider documents it (without host). */
  readonly path: string
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT'
  readonly docs: string
}

/** Everything a provider declares as data. Mocks, generators, suites and reports read only this. */
export interface ProviderContract<Code extends string = string> {
  readonly id: string
  readonly displayName: string
  readonly docs: string
  readonly operations: Readonly<Record<string, OperationContract>>
  /** Notifications the provider sends to the merchant, by name. */
  readonly notifications: Readonly<Record<string, z.ZodType>>
  /** Every named schema to export as JSON Schema (requests, responses, notifications, shared types). */
  readonly schemas: Readonly<Record<string, z.ZodType>>
  readonly resultCodes: ResultCodeTable<Code>
  // NoInfer: the codes are those of the table; a test card may only name one of them.
  readonly testCards: readonly TestCard<NoInfer<Code>>[]
  readonly retrySchedule: RetrySchedule
  readonly flows: readonly FlowDeclaration[]
  /** What the conformance suites need to test an integration against this provider. */
  readonly conformance?: ConformanceProfile
}

/** Identity helper that keeps a provider's literal types while checking it against the contract. */
export function defineProviderContract<Code extends string>(contract: ProviderContract<Code>): ProviderContract<Code> {
  return contract
}

import type { ProviderContract } from './core/provider-contract.ts'
import { antomContract } from './antom/index.ts'
/** Every provider Tokenproof knows, by id. A new provider is one line here. */
export const contractRegistry = { antom: antomContract } as const satisfies Record<string, ProviderContract>
export type ProviderId = keyof typeof contractRegistry

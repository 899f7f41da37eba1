import type { ProviderContract } from './core/provider-contract.ts'
import { adyenContract } from './adyen/index.ts'
import { antomContract } from './antom/index.ts'
import { appotapayContract } from './appotapay/index.ts'
import { pivotContract } from './pivot/index.ts'
/** Every provider Tokenproof knows, by id. A new provider is one line here. */
export const contractRegistry = { antom: antomContract, appotapay: appotapayContract, pivot: pivotContract, adyen: adyenContract } as const satisfies Record<string, ProviderContract>
export type ProviderId = keyof typeof contractRegistry

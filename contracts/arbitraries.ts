/**
 * Each provider's overrides of the schema-derived arbitraries (generators/), by id. Kept apart from
 * the contracts so that loading a contract (as the mocks do) does not load the generators.
 */
import type { ArbitraryOverrides } from '../generators/overrides.ts'
import { adyenArbitraries } from './adyen/arbitraries.ts'
import { antomArbitraries } from './antom/arbitraries.ts'
import { appotapayArbitraries } from './appotapay/arbitraries.ts'
import { pivotArbitraries } from './pivot/arbitraries.ts'
import type { ProviderId } from './registry.ts'

export const arbitraryOverrides = {
  antom: antomArbitraries,
  appotapay: appotapayArbitraries,
  pivot: pivotArbitraries,
  adyen: adyenArbitraries,
} as const satisfies Record<ProviderId, ArbitraryOverrides>

/**
 * Each provider's documented answer to a request with one thing wrong (generators/mutations.ts), by
 * id. Kept apart from the contracts, like arbitraries.ts, so loading a contract does not load the generators.
 */
import type { InvalidRequestTable } from '../generators/mutations.ts'
import { adyenInvalidRequests } from './adyen/invalid-requests.ts'
import { antomInvalidRequests } from './antom/invalid-requests.ts'
import { appotapayInvalidRequests } from './appotapay/invalid-requests.ts'
import { pivotInvalidRequests } from './pivot/invalid-requests.ts'
import type { ProviderId } from './registry.ts'

export const invalidRequestTables = {
  antom: antomInvalidRequests,
  appotapay: appotapayInvalidRequests,
  pivot: pivotInvalidRequests,
  adyen: adyenInvalidRequests,
} as const satisfies Record<ProviderId, InvalidRequestTable>

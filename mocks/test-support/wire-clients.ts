import { adyenWireClient } from '../adyen/test-support/wire-client.ts'
import { antomWireClient } from '../antom/test-support/wire-client.ts'
import { appotapayWireClient } from '../appotapay/test-support/wire-client.ts'
import { pivotWireClient } from '../pivot/test-support/wire-client.ts'
import type { MockProviderId } from '../registry.ts'
import type { WireClientFactory } from './wire-client.ts'

/** Every provider's WireClient, by id. A new provider is one line here. */
export const wireClients = {
  antom: antomWireClient,
  appotapay: appotapayWireClient,
  pivot: pivotWireClient,
  adyen: adyenWireClient,
} as const satisfies Record<MockProviderId, WireClientFactory>

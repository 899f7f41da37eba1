import { adyenMerchantAuth } from './adyen/merchant-auth.ts'
import { antomMerchantAuth } from './antom/merchant-auth.ts'
import { appotapayMerchantAuth } from './appotapay/merchant-auth.ts'
import type { MerchantAuth } from './engine/merchant-auth.ts'
import { pivotMerchantAuth } from './pivot/merchant-auth.ts'
import type { MockProviderId } from './registry.ts'

/** How a merchant authenticates to each provider mock, by id: a provider without one is a type error. */
export const merchantAuthRegistry: Readonly<Record<MockProviderId, MerchantAuth>> = {
  antom: antomMerchantAuth,
  appotapay: appotapayMerchantAuth,
  pivot: pivotMerchantAuth,
  adyen: adyenMerchantAuth,
}

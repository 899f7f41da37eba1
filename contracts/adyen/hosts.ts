import { defineProviderHosts } from '../core/hosts.ts'

const SERVICE = 'research adyen-appota.md §1.1 (adyen-node-api-library src/service.ts createBaseUrl)'
const RECURRING = 'provider-specs/adyen/RecurringService-v68.json servers (pal-test); live: <prefix>-pal-live.adyenpayments.com (Adyen live endpoints)'

/** Checkout test and live-prefix hosts, and the classic `pal` hosts (the Recurring API). */
export const adyenHosts = defineProviderHosts({
  hosts: [
    { pattern: 'checkout-test.adyen.com', environment: 'test', source: SERVICE },
    { pattern: '*-checkout-live.adyenpayments.com', environment: 'live', source: SERVICE },
    { pattern: 'pal-test.adyen.com', environment: 'test', source: RECURRING },
    { pattern: '*-pal-live.adyenpayments.com', environment: 'live', source: RECURRING },
  ],
  baseUrls: [
    {
      env: 'TOKENPROOF_ADYEN_CHECKOUT_URL',
      path: '/v72',
      replaces: 'https://checkout-test.adyen.com/v72',
      setting: 'the Checkout base URL (Java Config.checkoutEndpoint, Python/PHP/.NET the client\'s checkout endpoint); plain HTTP: prefix of /payments, /sessions…',
    },
    {
      env: 'TOKENPROOF_ADYEN_CHECKOUT_LIVE_URL',
      path: '/checkout/v72',
      replaces: 'https://<prefix>-checkout-live.adyenpayments.com/checkout/v72',
      setting: 'the live Checkout base URL, for an app configured with a live prefix',
    },
  ],
})

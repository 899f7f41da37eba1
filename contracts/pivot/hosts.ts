import { defineProviderHosts } from '../core/hosts.ts'

const HOSTS = 'research antom-pivot.md §2 (erpnext-pivot-payment-gateway payment.py; the staging host in the payment-simulation page)'
const WOO = 'research antom-pivot.md §2 (Pivot for WooCommerce page, "Sandbox API Base URL"; conflicts with api-stg)'

/** Pivot's API, staging and production. The hosted payment page (`pay-stg…`) is the buyer's, not the app's. */
export const pivotHosts = defineProviderHosts({
  hosts: [
    { pattern: 'api-stg.pivot-payment.com', environment: 'test', source: HOSTS },
    { pattern: 'api.pivot-payment.com', environment: 'live', source: HOSTS },
    { pattern: 'sandbox-api.pivot-payments.com', environment: 'test', source: WOO },
  ],
  baseUrls: [
    {
      env: 'TOKENPROOF_PIVOT_URL',
      path: '',
      replaces: 'https://api-stg.pivot-payment.com',
      setting: 'the API base URL (Pivot has no official server SDK: the host of your /v1/access-token, /v2/payments… calls)',
    },
  ],
})

import { defineProviderHosts } from '../core/hosts.ts'

const DOMAINS = 'research antom-pivot.md §1.1 (docs.antom.com/ac/ams/api_fund)'

/** Antom's regional gateways; sandbox calls go to the same hosts under /ams/sandbox/api. */
export const antomHosts = defineProviderHosts({
  hosts: [
    { pattern: 'open-na-global.alipay.com', environment: 'live', source: DOMAINS },
    { pattern: 'open-na.alipay.com', environment: 'live', source: DOMAINS },
    { pattern: 'open.antglobal-us.com', environment: 'live', source: DOMAINS },
    { pattern: 'open-sea-global.alipay.com', environment: 'live', source: DOMAINS },
    { pattern: 'open-sea.alipay.com', environment: 'live', source: DOMAINS },
    { pattern: 'open-de-global.alipay.com', environment: 'live', source: DOMAINS },
    { pattern: 'open-eu.alipay.com', environment: 'live', source: DOMAINS },
  ],
  baseUrls: [
    {
      env: 'TOKENPROOF_ANTOM_GATEWAY_URL',
      path: '',
      replaces: 'https://open-sea-global.alipay.com (or your region\'s gateway)',
      setting: 'the SDKs\' gatewayUrl (Java DefaultAlipayClient, Python DefaultAlipayClient, Go, PHP): the SDK appends /ams/api/v1/… (/ams/sandbox/api/v1/… for SANDBOX_ client ids)',
    },
  ],
})

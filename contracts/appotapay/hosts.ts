import { defineProviderHosts } from '../core/hosts.ts'

const HOSTS = 'research adyen-appota.md §2 (AppotaPayInc/skills appotapay-credit-card SKILL.md; curl examples on gateway.dev.appotapay.com)'

/**
 * AppotaPay's API gateway, sandbox and production. The buyer's 3DS page (`acpg.dev.appotapay.com`)
 * is opened by the browser, not the app, so it is not redirected.
 */
export const appotapayHosts = defineProviderHosts({
  hosts: [
    { pattern: 'gateway.dev.appotapay.com', environment: 'test', source: HOSTS },
    { pattern: 'gateway.appotapay.com', environment: 'live', source: HOSTS },
  ],
  baseUrls: [
    {
      env: 'TOKENPROOF_APPOTAPAY_URL',
      path: '',
      replaces: 'https://gateway.dev.appotapay.com',
      setting: 'the API base URL (AppotaPay has no official server SDK: the origin of your /credit-card/… calls)',
    },
  ],
})

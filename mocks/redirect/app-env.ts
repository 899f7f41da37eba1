import { adyenAppSettings } from '../adyen/app-settings.ts'
import { antomAppSettings } from '../antom/app-settings.ts'
import { appotapayAppSettings } from '../appotapay/app-settings.ts'
import type { MockProviderId } from '../registry.ts'
import { pivotAppSettings } from '../pivot/app-settings.ts'
import type { AppSettings } from './app-settings.ts'
import { providerHosts } from './hosts.ts'

export const appSettings = {
  antom: antomAppSettings,
  appotapay: appotapayAppSettings,
  pivot: pivotAppSettings,
  adyen: adyenAppSettings,
} as const satisfies Record<MockProviderId, AppSettings>

/**
 * The environment a wrapped app gets for the chosen providers: the mock's URL, each provider's
 * base URLs on the mock (for apps in any language, mapped in their own config) and test credentials.
 */
export function appEnvironment(mockUrl: string, providers: readonly MockProviderId[]): Record<string, string> {
  const base = mockUrl.replace(/\/$/, '')
  const env: Record<string, string> = { TOKENPROOF_MOCK_URL: base, TOKENPROOF_PROVIDERS: providers.join(',') }
  for (const id of providers) {
    for (const setting of providerHosts[id].baseUrls) env[setting.env] = `${base}${setting.path}`
    Object.assign(env, appSettings[id].credentials)
  }
  return env
}

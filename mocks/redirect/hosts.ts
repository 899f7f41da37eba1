import { adyenHosts } from '../../contracts/adyen/hosts.ts'
import { antomHosts } from '../../contracts/antom/hosts.ts'
import { appotapayHosts } from '../../contracts/appotapay/hosts.ts'
import { hostMatches, type ProviderHosts } from '../../contracts/core/hosts.ts'
import { pivotHosts } from '../../contracts/pivot/hosts.ts'

/**
 * Every provider's real hosts, by mock id. Kept apart from mocks/registry.ts on purpose: the preload
 * imports only this, so an app that loads it does not load the mocks, msw or zod.
 */
export const providerHosts = {
  antom: antomHosts,
  appotapay: appotapayHosts,
  pivot: pivotHosts,
  adyen: adyenHosts,
} as const satisfies Record<string, ProviderHosts>

export type RedirectProviderId = keyof typeof providerHosts

export const REDIRECT_PROVIDERS = Object.keys(providerHosts) as RedirectProviderId[]

/** The provider whose real host this is, among those chosen; undefined for any other host. */
export function providerOfHost(hostname: string, providers: readonly RedirectProviderId[] = REDIRECT_PROVIDERS): RedirectProviderId | undefined {
  return providers.find((id) => providerHosts[id].hosts.some((h) => hostMatches(h.pattern, hostname)))
}

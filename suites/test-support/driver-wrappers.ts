/**
 * Drivers that change what an integration looks like to a run, for tests of the judging itself:
 * the same merchant offering fewer flows, or dropping what a buyer typed, without a new merchant.
 */
import type { MerchantDriverV1 } from '../driver.ts'
import { startBundledTarget, type BundledTarget } from '../../examples/reference-merchant/bundled.ts'
import type { Faults } from '../../examples/reference-merchant/faults.ts'

/** The integration offers only these flows with this provider (and no other provider). */
export function offeringOnly(driver: MerchantDriverV1, provider: string, flows: readonly string[]): MerchantDriverV1 {
  return {
    ...driver,
    capabilities: async () => {
      const capabilities = await driver.capabilities()
      return { ...capabilities, providers: capabilities.providers.filter((p) => p.provider === provider).map((p) => ({ ...p, flows: p.flows.filter((f) => flows.includes(f)) })) }
    },
  }
}

/** The buyer's holder name never reaches the integration (as if its checkout form had no such field). */
export function withoutHolderName(driver: MerchantDriverV1): MerchantDriverV1 {
  return {
    ...driver,
    checkout: (input) => {
      if (input.card.kind !== 'new') return driver.checkout(input)
      const card = { ...input.card.card }
      delete card.holderName
      return driver.checkout({ ...input, card: { ...input.card, card } })
    },
  }
}

/** The bundled reference merchant (optionally faulty) for one provider, its driver wrapped. */
export async function bundledWith(provider: string, wrap: (driver: MerchantDriverV1) => MerchantDriverV1, faults?: Faults): Promise<BundledTarget> {
  const target = await startBundledTarget({ providers: [provider], ...(faults ? { faults } : {}) })
  return { ...target, driver: wrap(target.driver) }
}

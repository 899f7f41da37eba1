/**
 * The bundled target of `npm run conformance`: the standalone mock of every provider (manual
 * clock, 127.0.0.1, a free port) and the reference merchant, driven over the HTTP driver protocol
 * like any integration in another language would be.
 */
import { startMockServer } from '../../mocks/server.ts'
import type { MerchantDriverV1 } from '../../suites/driver.ts'
import { createHttpDriver } from '../../suites/http-driver.ts'
import type { Faults } from './faults.ts'
import type { ProviderAdapter } from './provider-adapter.ts'
import { adyenAdapter } from './providers/adyen.ts'
import { antomAdapter } from './providers/antom.ts'
import { appotapayAdapter } from './providers/appotapay.ts'
import { pivotAdapter } from './providers/pivot.ts'
import { createReferenceMerchant } from './server.ts'

/** Short timeouts: an unanswered call costs a conformance run 400 ms, not the production 4 s. */
const FAST = { timeoutMs: 400, retry: { attempts: 3, backoffMs: 10 } } as const

export function bundledAdapters(): ProviderAdapter[] {
  return [antomAdapter(FAST), adyenAdapter(FAST), appotapayAdapter(FAST), pivotAdapter(FAST)]
}

export interface BundledTarget {
  readonly driver: MerchantDriverV1
  readonly mockUrl: string
  readonly merchantUrl: string
  close(): Promise<void>
}

export interface BundledTargetOptions {
  readonly faults?: Faults
  readonly providers?: readonly string[]
  /** The mock's clock: `manual` (the default, as in tests) or `system` (as `tokenproof serve`). */
  readonly clock?: 'manual' | 'system'
  /** The reference merchant's replay window on notification timestamps (ReferenceMerchantOptions). */
  readonly notificationWindowMs?: number
}

export async function startBundledTarget(options: BundledTargetOptions = {}): Promise<BundledTarget> {
  const adapters = bundledAdapters().filter((a) => options.providers === undefined || options.providers.includes(a.id))
  const mock = await startMockServer({ port: 0, clockOptions: { mode: options.clock ?? 'manual' } })
  const merchant = await createReferenceMerchant({
    adapters,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.notificationWindowMs !== undefined ? { notificationWindowMs: options.notificationWindowMs } : {}),
  })
  return {
    driver: createHttpDriver({ url: merchant.driverUrl }),
    mockUrl: mock.url,
    merchantUrl: merchant.url,
    async close() {
      await merchant.close()
      await mock.close()
    },
  }
}

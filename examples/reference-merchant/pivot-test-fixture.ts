/**
 * Test wiring for Pivot: the standalone mock and the reference merchant (Pivot adapter only), both
 * on 127.0.0.1 port 0, the merchant driven only through the HTTP driver, the buyer's steps taken on
 * the mock's control API. The callback URL is registered the way a Pivot merchant sets it in the
 * Dashboard: through the mock's merchant registration, with the URL `configure` answered.
 */
import type { CheckoutInput } from '../../suites/driver.ts'
import type { MerchantFault } from './faults.ts'
import { pivotAdapter } from './providers/pivot.ts'
import { startProviderWorld, type World } from './test-support/world.ts'

/** Pivot's published test cards used here (docs/pivot.md). */
export const PIVOT_CARDS = {
  frictionless: '4440000112200001',
  challenge: '4440000112290002',
  declined: '4440000334480001',
  mastercard: '5550000112230001',
} as const

export interface PivotWorld extends World {
  readonly settings: PivotSettings
  /** The buyer on Pivot's payment page (REDIRECT): a new card with the "Save for future use" box, or a saved one with its CVC. */
  buyerPays(paymentSessionId: string, step: { card?: string; saveForFutureUse?: boolean; savedToken?: string; cvc?: string }): Promise<BuyerOutcome>
  /** The buyer on the 3DS page (API mode). */
  buyerAuthenticates(paymentSessionId: string, passed?: boolean): Promise<BuyerOutcome>
}

export interface PivotSettings {
  readonly merchantId: string
  readonly merchantSecret: string
  readonly callbackApiKey: string
}

export interface BuyerOutcome {
  readonly status: string
  readonly chargeStatus?: string
  readonly failureCode?: string
  readonly redirectUrl: string
}

export async function startPivotWorld(options: { faults?: readonly MerchantFault[] } = {}): Promise<PivotWorld> {
  const credentials = (s: Record<string, unknown>): PivotSettings => ({ merchantId: String(s.merchantId), merchantSecret: String(s.merchantSecret), callbackApiKey: String(s.callbackApiKey) })
  const base = await startProviderWorld({
    provider: 'pivot',
    // A short timeout so that a withheld answer costs the test one second, not ten.
    adapter: pivotAdapter({ timeoutMs: 1_000, retry: { attempts: 3, backoffMs: 20 } }),
    faults: options.faults ?? [],
    credentials: (s) => ({ ...credentials(s) }),
  })
  const settings = credentials(base.settings)
  // The Dashboard's callback URL: the one configure answered.
  await base.control('/providers/pivot/merchants', { merchantId: settings.merchantId, callbackUrl: base.notificationUrl })

  const world: PivotWorld = {
    ...base,
    settings,
    async buyerPays(paymentSessionId, step) {
      const answer = await world.control('/providers/pivot/buyer/pay', {
        paymentSessionId,
        ...(step.card !== undefined ? { card: { number: step.card, expiryMonth: '12', expiryYear: '2030', cvc: '123' } } : {}),
        ...(step.savedToken !== undefined ? { savedToken: step.savedToken, cvc: step.cvc ?? '123' } : {}),
        saveForFutureUse: step.saveForFutureUse ?? false,
      })
      await world.idle()
      return answer as BuyerOutcome
    },
    async buyerAuthenticates(paymentSessionId, passed = true) {
      const answer = await world.control('/providers/pivot/buyer/authenticate', { paymentSessionId, passed })
      await world.idle()
      return answer as BuyerOutcome
    },
  }
  return world
}

let orderCounter = 0

/** A checkout input with a fresh order id; the card defaults to a new frictionless Visa the buyer wants saved. */
export function pivotCheckout(overrides: Partial<CheckoutInput> = {}): CheckoutInput {
  orderCounter += 1
  return {
    provider: 'pivot',
    flow: 'server_to_server_enabled',
    orderId: `pv-order-${String(orderCounter).padStart(3, '0')}`,
    buyerRef: 'buyer-7f3a',
    amount: { currency: 'IDR', value: '150000' },
    card: { kind: 'new', save: true, card: { number: PIVOT_CARDS.frictionless, expiryMonth: '12', expiryYear: '30', cvv: '123' } },
    ...overrides,
  }
}

export const newCard = (number: string, save: boolean): CheckoutInput['card'] => ({ kind: 'new', save, card: { number, expiryMonth: '12', expiryYear: '30', cvv: '123' } })

export interface Exchange {
  readonly id: number
  readonly direction: 'inbound' | 'outbound'
  readonly operation?: string
  readonly request: { readonly url: string; readonly headers: Record<string, string>; readonly body: Record<string, unknown> }
  readonly response: { readonly status?: number; readonly body?: unknown; readonly error?: string }
  readonly tags: Record<string, unknown>
}

export async function exchanges(world: PivotWorld, query: string): Promise<Exchange[]> {
  return (await world.get<{ exchanges: Exchange[] }>(`/exchanges?provider=pivot&${query}`)).exchanges
}

export interface NotificationRecord {
  readonly id: string
  readonly status: string
  readonly body: { event?: string }
  readonly attempts: Array<{ acknowledged: boolean; forged?: boolean; duplicate?: boolean; status?: number }>
}

export async function notifications(world: PivotWorld): Promise<NotificationRecord[]> {
  return (await world.get<{ notifications: NotificationRecord[] }>('/notifications?provider=pivot')).notifications
}

/** The mock's stored payment methods (the buyer sees them on Pivot's page). */
export async function storedTokens(world: PivotWorld): Promise<Array<{ id: string; buyerRef?: string; status: string }>> {
  return (await world.get<{ tokens: Array<{ id: string; provider: string; buyerRef?: string; status: string }> }>('/state')).tokens.filter((t) => t.provider === 'pivot')
}

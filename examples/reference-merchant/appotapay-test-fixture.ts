/**
 * Test wiring for the AppotaPay adapter: the standalone mock (AppotaPay only) and the reference
 * merchant, both on 127.0.0.1 port 0, the merchant driven only through the HTTP driver, the buyer's
 * 3DS steps taken on the mock's control API.
 */
import type { CheckoutInput, TestCardInput } from '../../suites/driver.ts'
import type { Faults } from './faults.ts'
import { appotapayAdapter } from './providers/appotapay.ts'
import { startProviderWorld, type World } from './test-support/world.ts'

/** AppotaPay's published sandbox cards, and the mock's two decline cards (docs/appotapay.md). */
export const CARDS = {
  challenge: '4000000000001091',
  frictionless: '4000000000001000',
  notEnrolled: '4111111111111111',
  stolen: '4000000000000002',
  invalidCvn: '4000000000000127',
} as const

export interface AppotapayWorld extends World {
  /** The buyer passes (or fails) the 3DS challenge, and the browser goes back to the merchant. */
  authenticate(authenticationId: string, passed: boolean): Promise<void>
}

export async function startAppotapayWorld(options: { faults?: Faults } = {}): Promise<AppotapayWorld> {
  const base = await startProviderWorld({
    provider: 'appotapay',
    // A short timeout so that a withheld answer costs the test one second, not four.
    adapter: appotapayAdapter({ timeoutMs: 1_000, retry: { attempts: 3, backoffMs: 20 } }),
    faults: options.faults ?? [],
    credentials: (s) => ({ partnerCode: String(s.partnerCode), apiKey: String(s.apiKey), secretKey: String(s.secretKey) }),
  })
  return {
    ...base,
    async authenticate(authenticationId, passed) {
      const answer = (await base.control('/providers/appotapay/buyer/authenticate', { authenticationId, passed })) as { redirectUrl: string }
      // The browser's return to the merchant's returnUrl (the merchant's thank-you page).
      const back = await fetch(answer.redirectUrl)
      await back.text()
    },
  }
}

let orderCounter = 0

export const card = (number: string, extra: Partial<TestCardInput> = {}): TestCardInput => ({ number, expiryMonth: '12', expiryYear: '30', cvv: '123', ...extra })

/** A checkout with a fresh order id; the card defaults to a frictionless VISA the buyer saves. */
export function checkoutInput(overrides: Partial<CheckoutInput> = {}): CheckoutInput {
  orderCounter += 1
  return {
    provider: 'appotapay',
    flow: 'vaulting_direct',
    orderId: `ap-order-${String(orderCounter).padStart(3, '0')}`,
    buyerRef: 'buyer-5c21',
    amount: { currency: 'VND', value: '150000' },
    card: { kind: 'new', save: true, card: card(CARDS.frictionless) },
    ...overrides,
  }
}

export interface Exchange {
  readonly id: number
  readonly direction: 'inbound' | 'outbound'
  readonly operation?: string
  readonly request: { readonly body: Record<string, unknown> }
  readonly response: { readonly status?: number; readonly body?: unknown; readonly error?: string }
}

export async function exchanges(world: AppotapayWorld, operation: string): Promise<Exchange[]> {
  return (await world.get<{ exchanges: Exchange[] }>(`/exchanges?operation=${operation}&direction=inbound`)).exchanges
}

export interface MockPayment {
  readonly id: string
  readonly requestId: string
  readonly status: string
}

export async function mockPayments(world: AppotapayWorld): Promise<MockPayment[]> {
  return (await world.get<{ payments: MockPayment[] }>('/state')).payments
}

/**
 * Test wiring: the standalone Antom mock and the reference merchant, both on 127.0.0.1 port 0,
 * the merchant driven only through the HTTP driver, the buyer's steps taken on the mock's
 * control API. Used by the *.test.ts files next to it.
 */
import type { CheckoutInput } from '../../suites/driver.ts'
import { antomAdapter } from './providers/antom.ts'
import { startProviderWorld, type World as BaseWorld } from './test-support/world.ts'

export const CARDS = {
  visa: '4054695723100768',
  declined: '4054692760174822',
  pending: '4000000000000101',
  threeDS: '4000000000003220',
} as const

export interface World extends BaseWorld {
  /** The buyer acts on the page behind a buyerActionUrl (Checkout Page or hosted card page). */
  buyerPays(buyerActionUrl: string, step: { card?: string; savedPaymentMethodId?: string; saveCard?: boolean }): Promise<unknown>
}

export async function startWorld(): Promise<World> {
  const base = await startProviderWorld({
    provider: 'antom',
    // A short timeout so that a withheld answer costs the test one second, not four.
    adapter: antomAdapter({ timeoutMs: 1_000, retry: { attempts: 3, backoffMs: 20 } }),
    credentials: (s) => ({ clientId: String(s.clientId), merchantPrivateKey: String(s.merchantPrivateKey), antomPublicKey: String(s.antomPublicKey) }),
  })
  return {
    ...base,
    async buyerPays(buyerActionUrl, step) {
      const [kind, id] = new URL(buyerActionUrl).pathname.split('/').slice(-2)
      const subject = kind === 'checkout' ? { paymentSessionId: id } : { paymentId: id }
      const answer = await base.control('/providers/antom/buyer/pay', {
        ...subject,
        ...(step.card !== undefined ? { card: { number: step.card, expiryMonth: '12', expiryYear: '30', cvv: '123' } } : {}),
        ...(step.savedPaymentMethodId !== undefined ? { savedPaymentMethodId: step.savedPaymentMethodId } : {}),
        saveCard: step.saveCard ?? false,
      })
      await base.idle()
      return answer
    },
  }
}

let orderCounter = 0

/** A checkout input with a fresh order id; the card defaults to a new VISA the buyer wants saved. */
export function checkoutInput(overrides: Partial<CheckoutInput> = {}): CheckoutInput {
  orderCounter += 1
  return {
    provider: 'antom',
    flow: 'server_to_server_enabled',
    orderId: `order-${String(orderCounter).padStart(3, '0')}`,
    buyerRef: 'buyer-7f3a',
    amount: { currency: 'HKD', value: '1000' },
    card: { kind: 'new', save: true, card: { number: CARDS.visa, expiryMonth: '12', expiryYear: '30', cvv: '123' } },
    ...overrides,
  }
}

export interface Exchange {
  readonly id: number
  readonly direction: 'inbound' | 'outbound'
  readonly operation?: string
  readonly request: { readonly body: Record<string, unknown> }
  readonly response: { readonly status?: number; readonly body?: unknown; readonly error?: string }
  readonly tags: Record<string, unknown>
}

export async function exchanges(world: World, query: string): Promise<Exchange[]> {
  return (await world.get<{ exchanges: Exchange[] }>(`/exchanges?${query}`)).exchanges
}

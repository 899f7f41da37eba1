/**
 * Test wiring for the Adyen adapter: the standalone Adyen mock and the reference merchant, both on
 * 127.0.0.1 port 0, the merchant driven only through the HTTP driver, the shopper's Drop-in step
 * and the Customer Area settings (webhook URL, basic auth) taken on the mock's control API.
 */
import { z } from 'zod'
import type { CheckoutInput } from '../../suites/driver.ts'
import type { MerchantFault } from './faults.ts'
import { adyenAdapter } from './providers/adyen.ts'
import { startProviderWorld, type World } from './test-support/world.ts'

/** Adyen's published test cards (03/2030, CVC 737). */
export const CARDS = { visa: '4111111111111111', mastercard: '5555555555554444' } as const
export const WEBHOOK_USER = { username: 'tokenproof-webhooks', password: 'test-only-password' }

export interface AdyenWorld extends World {
  readonly credentials: { readonly merchantAccount: string; readonly apiKey: string; readonly hmacKey: string }
  /** Customer Area settings of the merchant account (webhook URL and basic auth are always set). */
  settings(extra: Record<string, unknown>): Promise<void>
  /** The shopper pays in Drop-in for the session behind a buyerActionUrl. */
  shopperPays(buyerActionUrl: string, step: { card?: string; holderName?: string; storedPaymentMethodId?: string; cvc?: string; save?: boolean }): Promise<{ resultCode: string; pspReference: string }>
}

const Defaults = z.object({ merchantAccount: z.string(), apiKey: z.string(), hmacKey: z.string() })

export async function startAdyenWorld(faults: readonly MerchantFault[] = []): Promise<AdyenWorld> {
  const base = await startProviderWorld({
    provider: 'adyen',
    // A short timeout so that a withheld answer costs the test one second, not four.
    adapter: adyenAdapter({ timeoutMs: 1_000, retry: { attempts: 3, backoffMs: 20 } }),
    faults,
    credentials: (s) => ({ ...Defaults.parse(s.defaults), webhookUsername: WEBHOOK_USER.username, webhookPassword: WEBHOOK_USER.password }),
  })
  const defaults = Defaults.parse(base.settings.defaults)
  const world: AdyenWorld = {
    ...base,
    credentials: defaults,
    async settings(extra) {
      await base.control('/providers/adyen/merchants', { ...defaults, webhookUrl: base.notificationUrl, webhookBasicAuth: WEBHOOK_USER, ...extra })
    },
    async shopperPays(buyerActionUrl, step) {
      const sessionId = decodeURIComponent(new URL(buyerActionUrl).pathname.split('/').at(-1) ?? '')
      const paymentMethod =
        step.storedPaymentMethodId !== undefined
          ? { storedPaymentMethodId: step.storedPaymentMethodId, ...(step.cvc !== undefined ? { encryptedSecurityCode: `test_${step.cvc}` } : {}) }
          : {
              type: 'scheme',
              encryptedCardNumber: `test_${step.card ?? CARDS.visa}`,
              encryptedExpiryMonth: 'test_03',
              encryptedExpiryYear: 'test_2030',
              encryptedSecurityCode: `test_${step.cvc ?? '737'}`,
              ...(step.holderName !== undefined ? { holderName: step.holderName } : {}),
            }
      const answer = (await base.control('/providers/adyen/buyer/pay', { sessionId, paymentMethod, storePaymentMethod: step.save ?? false })) as { resultCode: string; pspReference: string }
      await base.idle()
      return answer
    },
  }
  // Customer Area: the standard webhook goes to the URL configure answered, with basic auth.
  await world.settings({})
  return world
}

let orderCounter = 0

/** A checkout input with a fresh order id; the card defaults to the Visa test card the buyer wants saved. */
export function adyenCheckout(overrides: Partial<CheckoutInput> = {}): CheckoutInput {
  orderCounter += 1
  return {
    provider: 'adyen',
    flow: 'server_to_server_enabled',
    orderId: `adyen-order-${String(orderCounter).padStart(3, '0')}`,
    buyerRef: 'buyer-7f3a',
    amount: { currency: 'EUR', value: '1000' },
    card: { kind: 'new', save: true, card: { number: CARDS.visa, expiryMonth: '03', expiryYear: '30', cvv: '737' } },
    ...overrides,
  }
}

/** A new test card with an Adyen holder-name trigger (DECLINED, PENDING…). */
export function cardWithHolder(holderName: string, save = true): CheckoutInput['card'] {
  return { kind: 'new', save, card: { number: CARDS.visa, expiryMonth: '03', expiryYear: '30', cvv: '737', holderName } }
}

export interface Exchange {
  readonly id: number
  readonly direction: 'inbound' | 'outbound'
  readonly operation?: string
  readonly request: { readonly headers: Record<string, string>; readonly body: Record<string, unknown> }
  readonly response: { readonly status?: number; readonly body?: unknown; readonly error?: string }
  readonly tags: Record<string, unknown>
}

export async function exchanges(world: AdyenWorld, query: string): Promise<Exchange[]> {
  return (await world.get<{ exchanges: Exchange[] }>(`/exchanges?provider=adyen&${query}`)).exchanges
}

export interface MockPayment {
  readonly id: string
  readonly requestId: string
  readonly status: string
  readonly resultCode?: string
  readonly tokenId?: string
  readonly usedTokenId?: string
  readonly buyerRef?: string
  readonly flags: Record<string, unknown>
}

export async function mockPayments(world: AdyenWorld, reference: string): Promise<MockPayment[]> {
  const state = await world.get<{ payments: MockPayment[] }>('/state')
  return state.payments.filter((p) => p.requestId === reference)
}

export interface NotificationRecord {
  readonly id: string
  readonly kind: string
  readonly status: string
  readonly attempts: Array<{ acknowledged: boolean; forged?: boolean; duplicate?: boolean; status?: number }>
}

export async function notifications(world: AdyenWorld): Promise<NotificationRecord[]> {
  return (await world.get<{ notifications: NotificationRecord[] }>('/notifications?provider=adyen')).notifications
}

/** Saves a card through server-to-server and returns its saved-card id. */
export async function saveVisa(world: AdyenWorld, buyerRef = 'buyer-7f3a'): Promise<string> {
  await world.driver.checkout(adyenCheckout({ buyerRef }))
  await world.idle()
  const saved = await world.driver.savedCards({ provider: 'adyen', buyerRef })
  const id = saved.ok ? saved.value.cards[0]?.id : undefined
  if (!id) throw new Error('no saved card')
  return id
}

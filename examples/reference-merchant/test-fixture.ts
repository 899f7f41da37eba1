/**
 * Test wiring: the standalone Antom mock and the reference merchant, both on 127.0.0.1 port 0,
 * the merchant driven only through the HTTP driver, the buyer's steps taken on the mock's
 * control API. Used by the *.test.ts files next to it.
 */
import { startMockServer, type MockServer } from '../../mocks/server.ts'
import type { CheckoutInput, MerchantDriverV1 } from '../../suites/driver.ts'
import { createHttpDriver } from '../../suites/http-driver.ts'
import { antomAdapter } from './providers/antom.ts'
import { createReferenceMerchant, type ReferenceMerchant } from './server.ts'

export const CARDS = {
  visa: '4054695723100768',
  declined: '4054692760174822',
  pending: '4000000000000101',
  threeDS: '4000000000003220',
} as const

export interface World {
  readonly mock: MockServer
  readonly merchant: ReferenceMerchant
  readonly driver: MerchantDriverV1
  readonly logs: string[]
  control(path: string, body?: unknown): Promise<unknown>
  get<T = unknown>(path: string): Promise<T>
  /** The buyer acts on the page behind a buyerActionUrl (Checkout Page or hosted card page). */
  buyerPays(buyerActionUrl: string, step: { card?: string; savedPaymentMethodId?: string; saveCard?: boolean }): Promise<unknown>
  /** Waits until every notification the mock has queued has been delivered (or failed an attempt). */
  idle(): Promise<void>
  advance(ms: number): Promise<void>
  close(): Promise<void>
}

export async function startWorld(): Promise<World> {
  const mock = await startMockServer({ port: 0, providers: ['antom'], clockOptions: { mode: 'manual' } })
  const logs: string[] = []
  // A short timeout so that a withheld answer costs the test one second, not four.
  const merchant = await createReferenceMerchant({ log: (line) => logs.push(line), adapters: [antomAdapter({ timeoutMs: 1_000, retry: { attempts: 3, backoffMs: 20 } })] })
  const driver = createHttpDriver({ url: merchant.driverUrl })

  async function request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${mock.url}/__tokenproof${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await response.text()
    if (response.status >= 400) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`)
    return text === '' ? undefined : (JSON.parse(text) as unknown)
  }

  const settings = (await request('GET', '/providers/antom')) as Record<string, string>
  const configured = await driver.configure({
    provider: 'antom',
    baseUrl: mock.url,
    credentials: { clientId: settings.clientId ?? '', merchantPrivateKey: settings.merchantPrivateKey ?? '', antomPublicKey: settings.antomPublicKey ?? '' },
  })
  if (!configured.ok) throw new Error(`configure: ${configured.issue.message}`)

  const world: World = {
    mock,
    merchant,
    driver,
    logs,
    control: (path, body) => request('POST', path, body ?? {}),
    get: async <T>(path: string) => (await request('GET', path)) as T,
    async buyerPays(buyerActionUrl, step) {
      const [kind, id] = new URL(buyerActionUrl).pathname.split('/').slice(-2)
      const subject = kind === 'checkout' ? { paymentSessionId: id } : { paymentId: id }
      const answer = await world.control('/providers/antom/buyer/pay', {
        ...subject,
        ...(step.card !== undefined ? { card: { number: step.card, expiryMonth: '12', expiryYear: '30', cvv: '123' } } : {}),
        ...(step.savedPaymentMethodId !== undefined ? { savedPaymentMethodId: step.savedPaymentMethodId } : {}),
        saveCard: step.saveCard ?? false,
      })
      await world.idle()
      return answer
    },
    idle: () => mock.mock.engine.outbox.idle(),
    async advance(ms) {
      await world.control('/clock/advance', { ms })
      await world.idle()
    },
    async close() {
      await merchant.close()
      await mock.close()
    },
  }
  return world
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

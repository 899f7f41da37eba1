import { startMockServer, type MockServer } from '../../server.ts'
import { DEFAULT_API_KEY, DEFAULT_HMAC_KEY, DEFAULT_MERCHANT_ACCOUNT } from '../merchants.ts'
import { assertCheckoutAnswer, assertRecurringAnswer, assertWebhook, isRecurringPath, RECURRING_COMPONENTS, type JudgedAnswer, type RecurringAnswer } from './judge.ts'
import { startMerchantEndpoint, type MerchantEndpoint } from './merchant-endpoint.ts'

export const MERCHANT = DEFAULT_MERCHANT_ACCOUNT
export const API_KEY = DEFAULT_API_KEY
export const HMAC_KEY = DEFAULT_HMAC_KEY
export const WEBHOOK_USER = { username: 'tokenproof-webhooks', password: 'test-only-password' }

export interface AdyenAnswer {
  readonly status: number
  readonly headers: Headers
  readonly raw: string
  readonly body: Record<string, unknown>
}

export interface AdyenFixture {
  readonly server: MockServer
  readonly merchant: MerchantEndpoint
  /** Calls the Checkout or Recurring API and holds the answer to Adyen's OpenAPI (`judged` names the Checkout component of a 2xx). */
  call(method: string, path: string, body?: unknown, init?: { headers?: Record<string, string>; raw?: string; judged?: JudgedAnswer }): Promise<AdyenAnswer>
  /** Sets the Customer Area settings of the default merchant account. */
  configure(settings?: Record<string, unknown>): Promise<void>
  /** A clean slate between tests: the mock reset, no webhook received, the endpoint answering "[accepted]", the merchant configured. */
  fresh(): Promise<void>
  /** Waits for webhooks in flight and holds each one received to the Webhooks OpenAPI. */
  settle(): Promise<void>
  buyerPay(input: unknown): Promise<{ status: number; body: Record<string, unknown> }>
  advance(ms: number): Promise<void>
  close(): Promise<void>
}

const JUDGED_BY_PATH: ReadonlyArray<readonly [RegExp, string, JudgedAnswer]> = [
  [/\/sessions$/, 'POST', 'sessions'],
  [/\/sessions\/[^/]+$/, 'GET', 'getSessionResult'],
  [/\/payments$/, 'POST', 'payments'],
  [/\/payments\/details$/, 'POST', 'paymentsDetails'],
  [/\/paymentMethods$/, 'POST', 'paymentMethods'],
  [/\/storedPaymentMethods$/, 'GET', 'listStoredPaymentMethods'],
]

/** A standalone Adyen mock on 127.0.0.1 with a manual clock and a merchant webhook endpoint. */
export async function startAdyenFixture(): Promise<AdyenFixture> {
  const server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' } })
  const merchant = await startMerchantEndpoint(HMAC_KEY)
  const judgedWebhooks = new Set<unknown>()
  const fixture: AdyenFixture = {
    server,
    merchant,
    async call(method, path, body, init = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, ...init.headers },
        ...(init.raw !== undefined ? { body: init.raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const raw = await response.text()
      const parsed = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>)
      const pathname = new URL(path, 'http://x').pathname
      if (isRecurringPath(pathname)) {
        const operation = pathname.split('/').pop() ?? ''
        const kind: RecurringAnswer | undefined = response.status >= 400 ? 'recurringError' : operation in RECURRING_COMPONENTS ? (operation as RecurringAnswer) : undefined
        if (!kind) throw new Error(`no Recurring OpenAPI component known for ${method} ${path}`)
        assertRecurringAnswer(kind, parsed)
      } else if (response.status >= 400) assertCheckoutAnswer('error', parsed)
      else if (raw !== '') {
        const kind = init.judged ?? JUDGED_BY_PATH.find(([pattern, m]) => m === method && pattern.test(new URL(path, 'http://x').pathname))?.[2]
        if (!kind) throw new Error(`no OpenAPI component known for ${method} ${path}`)
        assertCheckoutAnswer(kind, parsed)
      }
      return { status: response.status, headers: response.headers, raw, body: parsed }
    },
    async configure(settings = {}) {
      const response = await fetch(`${server.url}/__tokenproof/providers/adyen/merchants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ merchantAccount: MERCHANT, apiKey: API_KEY, hmacKey: HMAC_KEY, webhookUrl: merchant.url, webhookBasicAuth: WEBHOOK_USER, ...settings }),
      })
      if (response.status !== 201) throw new Error(`merchant registration failed: ${response.status} ${await response.text()}`)
    },
    async fresh() {
      await server.mock.reset()
      merchant.received.length = 0
      merchant.answer = () => ({ status: 200, body: '[accepted]' })
      await fixture.configure()
    },
    async settle() {
      await server.mock.engine.outbox.idle()
      for (const webhook of merchant.received) {
        if (judgedWebhooks.has(webhook)) continue
        assertWebhook(webhook.body)
        judgedWebhooks.add(webhook)
      }
    },
    async buyerPay(input) {
      const response = await fetch(`${server.url}/__tokenproof/providers/adyen/buyer/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    },
    async advance(ms) {
      const response = await fetch(`${server.url}/__tokenproof/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }) })
      if (response.status !== 200) throw new Error(`clock advance failed: ${response.status}`)
      await fixture.settle()
    },
    async close() {
      await server.close()
      await merchant.close()
    },
  }
  return fixture
}

let counter = 0
export const uniqueRef = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

/** A Drop-in card entry with Adyen's documented test values, as `test_` encrypted fields. */
export const encryptedCard = (number = '4111111111111111', extra: Record<string, unknown> = {}) => ({
  type: 'scheme',
  encryptedCardNumber: `test_${number}`,
  encryptedExpiryMonth: 'test_03',
  encryptedExpiryYear: 'test_2030',
  encryptedSecurityCode: 'test_737',
  ...extra,
})

export const sessionRequest = (extra: Record<string, unknown> = {}) => ({
  merchantAccount: MERCHANT,
  reference: uniqueRef('order'),
  amount: { currency: 'EUR', value: 1000 },
  returnUrl: 'https://merchant.example/checkout/return',
  countryCode: 'NL',
  shopperReference: 'shopper-7f3a91',
  shopperInteraction: 'Ecommerce',
  recurringProcessingModel: 'CardOnFile',
  ...extra,
})

/**
 * Adyen's lifecycle driver for the model-based tests (generators/model): Checkout API calls with
 * the test API key and an Idempotency-Key per request, the shopper's Drop-in step through the
 * control API. Direct = `POST /payments` with the card; hosted = a session the shopper pays in.
 */
import type { Consent, DriverEnv, LifecycleDriver, PayAnswer, PayInput, TokenPayInput } from '../../../generators/model/driver.ts'
import { DEFAULT_API_KEY, DEFAULT_HMAC_KEY, DEFAULT_MERCHANT_ACCOUNT } from '../merchants.ts'
import { encryptedCard } from './fixture.ts'

const STORE_MODE: Record<Consent, string> = { none: 'disabled', ask: 'askForConsent', always: 'enabled' }

async function call(env: DriverEnv, path: string, body: unknown, idempotencyKey: string): Promise<{ status: number; raw: string; body: Record<string, unknown> }> {
  const response = await fetch(`${env.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': DEFAULT_API_KEY, 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  })
  const raw = await response.text()
  return { status: response.status, raw, body: raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>) }
}

/** A `/payments` (or Drop-in) answer: Authorised succeeds, any other result code is a kept failure, an error made nothing. */
function answerOf(answer: { status: number; raw: string; body: Record<string, unknown> }, handle?: string): PayAnswer {
  const pspReference = typeof answer.body.pspReference === 'string' ? answer.body.pspReference : undefined
  if (answer.status >= 400) return { outcome: 'refused', raw: answer.raw }
  return { handle: handle ?? pspReference, paymentId: pspReference, outcome: answer.body.resultCode === 'Authorised' ? 'succeeded' : 'failed', raw: answer.raw }
}

const common = (requestId: string, buyer: string) => ({
  merchantAccount: DEFAULT_MERCHANT_ACCOUNT,
  reference: requestId,
  amount: { currency: 'EUR', value: 1000 },
  returnUrl: 'https://merchant.example/checkout/return',
  shopperReference: buyer,
})

export const adyenLifecycle: LifecycleDriver = {
  provider: 'adyen',
  cards: ['4111111111111111', '5555555555554444'],
  flows: ['direct', 'hosted'],
  directConsents: ['none', 'always'],
  hostedConsents: ['none', 'ask', 'always'],
  buyerWindowMs: 60 * 60 * 1000,
  // A session's expiresAt is checked when the shopper pays; nothing marks it expired before.
  lazyExpiry: true,
  notifies: true,
  acknowledgement: () => ({ status: 200, body: '[accepted]', contentType: 'text/plain' }),
  async prepare(env) {
    const response = await fetch(`${env.baseUrl}/__tokenproof/providers/adyen/merchants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ merchantAccount: DEFAULT_MERCHANT_ACCOUNT, apiKey: DEFAULT_API_KEY, hmacKey: DEFAULT_HMAC_KEY, webhookUrl: env.notifyUrl }),
    })
    if (response.status !== 201) throw new Error(`adyen merchant registration: ${response.status} ${await response.text()}`)
  },
  async pay(env: DriverEnv, input: PayInput): Promise<PayAnswer> {
    if (input.hosted) {
      const body = { ...common(input.requestId, input.buyer), shopperInteraction: 'Ecommerce', recurringProcessingModel: 'CardOnFile', storePaymentMethodMode: STORE_MODE[input.consent] }
      const answer = await call(env, '/v72/sessions', body, input.requestId)
      const id = typeof answer.body.id === 'string' ? answer.body.id : undefined
      return answer.status === 201 && id !== undefined ? { handle: id, outcome: 'awaiting_buyer', raw: answer.raw } : { outcome: 'refused', raw: answer.raw }
    }
    const body = {
      ...common(input.requestId, input.buyer),
      paymentMethod: encryptedCard(input.card),
      shopperInteraction: 'Ecommerce',
      recurringProcessingModel: 'CardOnFile',
      ...(input.consent === 'always' ? { storePaymentMethod: true } : {}),
    }
    return answerOf(await call(env, '/v72/payments', body, input.requestId))
  },
  async complete(env, handle, card, save) {
    const response = await fetch(`${env.baseUrl}/__tokenproof/providers/adyen/buyer/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: handle, paymentMethod: encryptedCard(card), storePaymentMethod: save }),
    })
    const raw = await response.text()
    return answerOf({ status: response.status, raw, body: JSON.parse(raw) as Record<string, unknown> }, handle)
  },
  async payWithToken(env: DriverEnv, input: TokenPayInput): Promise<PayAnswer> {
    const body = {
      ...common(input.requestId, input.buyer),
      paymentMethod: { type: 'scheme', storedPaymentMethodId: input.token },
      shopperInteraction: 'ContAuth',
      recurringProcessingModel: 'UnscheduledCardOnFile',
    }
    return answerOf(await call(env, '/v72/payments', body, input.requestId))
  },
}

/**
 * Pivot's lifecycle driver for the model-based tests (generators/model): REDIRECT payment sessions
 * (the buyer pays on Pivot's page, through the control API) with a Bearer access token and an
 * Idempotency-Key per request. A model buyer is a Pivot customer: the first session makes it,
 * later ones name its id, so saved cards stay with the buyer.
 */
import type { Consent, DriverEnv, LifecycleDriver, PayAnswer, PayInput, TokenPayInput } from '../../../generators/model/driver.ts'
import { DEFAULT_MERCHANT } from '../merchants.ts'
import { card as pageCard, redirectUrl } from './client.ts'

/** Customer ids by model buyer, for the current sequence (forgotten in `prepare`, after the reset). */
const customers = new Map<string, string>()
/**
 * Bodies sent, by request id: a retry or a racing copy resends the very same body, as a merchant
 * that stored its request would, even if the buyer's customer id became known in between.
 */
const sent = new Map<string, Record<string, unknown>>()

async function accessToken(env: DriverEnv): Promise<string> {
  // Tokens live 900 s of engine time and the model moves the clock by hours: one per call.
  const response = await fetch(`${env.baseUrl}/v1/access-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': DEFAULT_MERCHANT.merchantSecret },
    body: JSON.stringify({ grantType: 'client_credentials' }),
  })
  const body = (await response.json()) as { data?: { accessToken?: string } }
  if (body.data?.accessToken === undefined) throw new Error(`pivot access token: ${response.status}`)
  return body.data.accessToken
}

async function createSession(env: DriverEnv, requestId: string, buyer: string, extra: Record<string, unknown>): Promise<{ id?: string; raw: string }> {
  const customerId = customers.get(buyer)
  const body = sent.get(requestId) ?? {
    clientReferenceId: requestId,
    amount: { value: 150000, currency: 'IDR' },
    mode: 'REDIRECT',
    autoConfirm: true,
    paymentMethod: { type: 'CARD' },
    redirectUrl,
    customer: customerId === undefined ? { givenName: 'Budi', surname: buyer, email: `${buyer}@example.id` } : { id: customerId },
    orderInformation: { productDetails: [{ name: 'Kopi', quantity: 1, price: 150000 }] },
    ...extra,
  }
  sent.set(requestId, body)
  const response = await fetch(`${env.baseUrl}/v2/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken(env)}`, 'idempotency-key': requestId },
    body: JSON.stringify(body),
  })
  const raw = await response.text()
  const data = (JSON.parse(raw) as { data?: { id?: string; customerId?: string } }).data
  if (data?.customerId !== undefined) customers.set(buyer, data.customerId)
  return { ...(response.status === 200 || response.status === 201 ? { id: data?.id } : {}), raw }
}

async function buyerPays(env: DriverEnv, handle: string, input: Record<string, unknown>): Promise<PayAnswer> {
  const response = await fetch(`${env.baseUrl}/__tokenproof/providers/pivot/buyer/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ paymentSessionId: handle, ...input }),
  })
  const raw = await response.text()
  const status = (JSON.parse(raw) as { status?: string }).status
  // The page refused (a deleted card, a closed session): the session still waits, or has expired.
  if (response.status !== 200) return { handle, outcome: 'awaiting_buyer', raw }
  return { handle, paymentId: handle, outcome: status === 'PAID' ? 'succeeded' : status === 'REQUIRE_PAYMENT_METHOD' ? 'awaiting_buyer' : 'failed', raw }
}

const SAVE: Record<Consent, boolean> = { none: false, ask: true, always: true }

export const pivotLifecycle: LifecycleDriver = {
  provider: 'pivot',
  // Frictionless successes: the challenge cards would need a 3DS step.
  cards: ['4440000112200001', '5550000112230001'],
  flows: ['hosted'],
  directConsents: [],
  // saveForFuture shows the "Save for future use" box; the buyer decides.
  hostedConsents: ['none', 'ask'],
  buyerWindowMs: 15 * 60 * 1000,
  unseenWhileWaiting: true,
  notifies: true,
  acknowledgement: () => ({ status: 200, body: '{}', contentType: 'application/json' }),
  async prepare(env) {
    customers.clear()
    sent.clear()
    const response = await fetch(`${env.baseUrl}/__tokenproof/providers/pivot/merchants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ merchantId: DEFAULT_MERCHANT.merchantId, callbackUrl: env.notifyUrl }),
    })
    if (response.status !== 201) throw new Error(`pivot merchant registration: ${response.status} ${await response.text()}`)
  },
  async pay(env: DriverEnv, input: PayInput): Promise<PayAnswer> {
    const created = await createSession(env, input.requestId, input.buyer, { saveForFuture: SAVE[input.consent] })
    return created.id === undefined ? { outcome: 'refused', raw: created.raw } : { handle: created.id, outcome: 'awaiting_buyer', raw: created.raw }
  },
  complete: (env, handle, cardNo, save) => buyerPays(env, handle, { card: pageCard(cardNo), saveForFutureUse: save }),
  async payWithToken(env: DriverEnv, input: TokenPayInput): Promise<PayAnswer> {
    const created = await createSession(env, input.requestId, input.buyer, { showSavedPayment: true })
    if (created.id === undefined) return { outcome: 'refused', raw: created.raw }
    return buyerPays(env, created.id, { savedToken: input.token, cvc: '123' })
  },
}

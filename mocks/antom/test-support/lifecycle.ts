/**
 * Antom's lifecycle driver for the model-based tests (generators/model): signed calls through the
 * doc-written client, buyer steps through the control API. Direct pays carry the card
 * (server-to-server); hosted ones carry none and the buyer pays on Antom's page.
 */
import type { Consent, DriverEnv, LifecycleDriver, PayAnswer, PayInput, TokenPayInput } from '../../../generators/model/driver.ts'
import { DEFAULT_CLIENT_ID } from '../merchants.ts'
import { antomTestKeys } from '../test-keys.ts'
import { ANTOM_ACK, AntomDocClient, type DocResponse } from './doc-client.ts'
import { amount, card } from './fixture.ts'

const TOKENIZE_MODE: Record<Consent, string | undefined> = { none: undefined, ask: 'ASKFORCONSENT', always: 'ENABLED' }

const clients = new Map<string, AntomDocClient>()
const clientFor = (env: DriverEnv): AntomDocClient => {
  let client = clients.get(env.baseUrl)
  if (client === undefined) {
    client = new AntomDocClient({ baseUrl: env.baseUrl, clientId: DEFAULT_CLIENT_ID, merchantPrivateKeyPem: antomTestKeys.merchantPrivateKey, antomPublicKeyPem: antomTestKeys.providerPublicKey })
    clients.set(env.baseUrl, client)
  }
  return client
}

function answerOf(response: DocResponse): PayAnswer {
  const paymentId = typeof response.body.paymentId === 'string' ? response.body.paymentId : undefined
  const status = response.result.resultStatus
  const inProcess = response.result.resultCode === 'PAYMENT_IN_PROCESS'
  const outcome = status === 'S' ? 'succeeded' : status === 'U' && inProcess ? 'awaiting_buyer' : paymentId === undefined ? 'refused' : 'failed'
  return { handle: paymentId, paymentId, outcome, raw: response.raw }
}

const order = (requestId: string, buyer: string, value: string) => ({
  referenceOrderId: `order-${requestId}`,
  orderDescription: 'Tokenproof model order',
  orderAmount: amount(value),
  buyer: { referenceBuyerId: buyer },
})

export const antomLifecycle: LifecycleDriver = {
  provider: 'antom',
  cards: ['4054695723100768', '5162774114974622'],
  flows: ['direct', 'hosted'],
  directConsents: ['none', 'always'],
  hostedConsents: ['none', 'ask', 'always'],
  // A hosted `pay` (no card) waits for the buyer indefinitely; only payment sessions expire.
  buyerWindowMs: Number.POSITIVE_INFINITY,
  notifies: true,
  acknowledgement: () => ({ status: 200, body: ANTOM_ACK, contentType: 'application/json' }),
  prepare: async () => {},
  async pay(env: DriverEnv, input: PayInput): Promise<PayAnswer> {
    const mode = TOKENIZE_MODE[input.consent]
    const metaData = { ...(input.hosted ? {} : card(input.card)), ...(mode === undefined ? {} : { tokenizeMode: mode }) }
    const body = {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: input.requestId,
      paymentAmount: amount(),
      order: order(input.requestId, input.buyer, '1000'),
      paymentMethod: { paymentMethodType: 'CARD', ...(Object.keys(metaData).length === 0 ? {} : { paymentMethodMetaData: metaData }) },
      paymentNotifyUrl: env.notifyUrl,
      settlementStrategy: { settlementCurrency: 'USD' },
    }
    return answerOf(await clientFor(env).call('payments/pay', body))
  },
  async complete(env, handle, cardNo, save) {
    const response = await fetch(`${env.baseUrl}/__tokenproof/providers/antom/buyer/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paymentId: handle, card: { number: cardNo, expiryMonth: '12', expiryYear: '30', cvv: '123' }, saveCard: save }),
    })
    const raw = await response.text()
    const body = JSON.parse(raw) as { status?: string }
    return { handle, paymentId: handle, outcome: response.status !== 200 ? 'refused' : body.status === 'succeeded' ? 'succeeded' : 'failed', raw }
  },
  async payWithToken(env: DriverEnv, input: TokenPayInput): Promise<PayAnswer> {
    const body = {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: input.requestId,
      paymentAmount: amount('2500'),
      order: order(input.requestId, input.buyer, '2500'),
      paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: input.token, paymentMethodMetaData: { isCardOnFile: true } },
      paymentNotifyUrl: env.notifyUrl,
    }
    return answerOf(await clientFor(env).call('payments/pay', body))
  },
}

/**
 * AppotaPay's lifecycle driver for the model-based tests (generators/model): card charges with a
 * fresh JWT per call (its `exp` from the mock's clock). AppotaPay has no hosted page, no
 * notifications and no idempotent replay (a reused merchantRefId is refused with 3002), and it
 * saves a card by an explicit tokenCreate that belongs to no buyer and no payment, so only the
 * payment part of the model applies: direct charges without saving, replays, races and time.
 */
import type { DriverEnv, LifecycleDriver, PayAnswer, PayInput, TokenPayInput } from '../../../generators/model/driver.ts'
import { AppotapayClient, testCard } from './client.ts'

function answerOf(answer: { status: number; raw: string; body: Record<string, unknown> }): PayAnswer {
  const id = typeof answer.body.id === 'string' ? answer.body.id : undefined
  if (answer.status !== 200) return { outcome: 'refused', raw: answer.raw }
  return { handle: id, paymentId: id, outcome: 'succeeded', raw: answer.raw }
}

export const appotapayLifecycle: LifecycleDriver = {
  provider: 'appotapay',
  // "Any other Luhn-valid 16 digits": not enrolled in 3DS, charged at once.
  cards: ['4111111111111111', '5555555555554444'],
  flows: ['direct'],
  directConsents: ['none'],
  hostedConsents: [],
  buyerWindowMs: Number.POSITIVE_INFINITY,
  notifies: false,
  acknowledgement: () => ({ status: 200, body: '{}', contentType: 'application/json' }),
  prepare: async () => {},
  async pay(env: DriverEnv, input: PayInput): Promise<PayAnswer> {
    const client = new AppotapayClient(env.baseUrl, env.now)
    return answerOf(await client.call('POST', '/credit-card/charge', { card: testCard(input.card), amount: 150000, currency: 'VND', merchantRefId: input.requestId, capture: true }))
  },
  complete: async (_env, handle) => ({ handle, outcome: 'refused', raw: 'AppotaPay has no hosted payment' }),
  async payWithToken(env: DriverEnv, input: TokenPayInput): Promise<PayAnswer> {
    const client = new AppotapayClient(env.baseUrl, env.now)
    return answerOf(await client.call('POST', '/credit-card/charge', { tokenId: input.token, amount: 150000, currency: 'VND', merchantRefId: input.requestId, capture: true }))
  },
}

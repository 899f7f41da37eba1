import { antomContract } from '../../contracts/antom/index.ts'
import type { BuyerPage, PageView } from '../engine/provider-mock.ts'
import type { PaymentRecord } from '../engine/store.ts'
import { PROVIDER_ID, type AntomContext } from './context.ts'

// What Antom's sandbox says of a card outside its test-card table (NOTES.md, Hosted pages).
const NOT_A_TEST_CARD = `${antomContract.resultCodes.INVALID_CARD_NUMBER.message} In the sandbox, use an Antom test card.`

/**
 * Antom's hosted pages: the Checkout Page / Payment Element page of a payment session, the card
 * page of a pay sent without card data, the 3DS challenge, and the vaulting pages. Each sends the
 * browser on as Antom does: to the challenge when the card asks for one, then to the merchant's
 * `paymentRedirectUrl` (the buyer actions answer it as `redirectUrl`).
 */
export function antomPages(context: AntomContext): Record<string, BuyerPage> {
  const { store } = context.engine
  const paymentView = (payment: PaymentRecord | undefined): PageView | undefined =>
    payment && payment.provider === PROVIDER_ID && payment.status === 'awaiting_buyer' && !context.challenges.has(payment.id)
      ? { amount: payment.amount, merchant: payment.merchantId, showSave: payment.tokenize === 'ask_consent' }
      : undefined
  const common = { nonTestCardMessage: NOT_A_TEST_CARD, saveLabel: 'Save this card for future payments' } as const
  return {
    checkout: {
      ...common,
      title: 'Checkout Page',
      action: 'pay',
      idField: 'paymentSessionId',
      asks: ['card', 'saveCard'],
      view: (id) => {
        const session = store.sessions.get(id)
        if (!session || session.provider !== PROVIDER_ID || session.kind !== 'payment' || session.status !== 'open') return undefined
        return paymentView(session.paymentId === undefined ? undefined : store.payments.get(session.paymentId))
      },
    },
    payments: { ...common, title: 'Card payment', action: 'pay', idField: 'paymentId', asks: ['card', 'saveCard'], view: (id) => paymentView(store.payments.get(id)) },
    challenge: {
      title: '3D Secure challenge',
      action: 'authenticate',
      idField: 'paymentId',
      asks: ['passed'],
      view: (id) => {
        const payment = store.payments.get(id)
        return payment && context.challenges.has(id) ? { amount: payment.amount, merchant: payment.merchantId } : undefined
      },
    },
    'vaulting-challenge': {
      title: '3D Secure challenge (card binding)',
      action: 'authenticate',
      idField: 'vaultingId',
      asks: ['passed'],
      view: (id) => (context.challenges.has(id) ? {} : undefined),
    },
    vaulting: {
      ...common,
      title: 'Save a card',
      action: 'vault',
      idField: 'vaultingSessionId',
      asks: ['card'],
      view: (id) => {
        const session = store.sessions.get(id)
        return session && session.provider === PROVIDER_ID && session.kind === 'vaulting' && session.status === 'open' ? { merchant: session.merchantId } : undefined
      },
    },
  }
}

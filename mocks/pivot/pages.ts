import { pivotContract } from '../../contracts/pivot/index.ts'
import type { BuyerPage, PageLink } from '../engine/provider-mock.ts'
import type { PivotState } from './sessions.ts'
import { sessionOfPageToken } from './wire.ts'

// What Pivot's payment page says of a card outside the simulation table (NOTES.md, Hosted pages).
const NOT_A_TEST_CARD = `${pivotContract.resultCodes.INVALID_ACCOUNT.message}. This is the sandbox: use a card from the payment simulation list.`

/**
 * Pivot's hosted pages: the REDIRECT-mode payment page (card, "Save for future use" when the
 * merchant enabled saving, 3DS on the same page) and the 3DS page of an API-mode confirm. Both
 * send the browser to the session's success, failure or expiration URL (the buyer actions answer
 * it as `redirectUrl`); the payment page's cancel link goes to the failure URL.
 */
export function pivotPages(state: PivotState): Record<string, BuyerPage> {
  return {
    payment: {
      title: 'Payment page',
      action: 'pay',
      idField: 'paymentSessionId',
      asks: ['card', 'saveCard'],
      card: { cvvField: 'cvc', yearDigits: 4 },
      saveField: 'saveForFutureUse',
      saveLabel: 'Save for future use',
      inlineChallenge: 'passThreeDs',
      nonTestCardMessage: NOT_A_TEST_CARD,
      view: (id) => {
        const session = state.sessions.get(id)
        if (!session || session.wire.mode !== 'REDIRECT' || session.wire.status !== 'REQUIRE_PAYMENT_METHOD') return undefined
        // Pivot's amounts are whole rupiah.
        return { amount: { currency: session.wire.amount.currency, value: String(session.wire.amount.value) }, minorDigits: 0, merchant: session.merchant.merchantId, showSave: session.wire.saveForFutureUse, cancelUrl: session.wire.redirectUrl.failureReturnUrl }
      },
    },
    '3ds': {
      title: '3D Secure authentication',
      action: 'authenticate',
      idField: 'paymentSessionId',
      asks: ['passed'],
      view: (id) => {
        const session = state.sessions.get(id)
        if (!session || session.wire.status !== 'REQUIRE_ACTION') return undefined
        return { amount: { currency: session.wire.amount.currency, value: String(session.wire.amount.value) }, minorDigits: 0, merchant: session.merchant.merchantId }
      },
    },
  }
}

/** The URLs Pivot's answers carry (`paymentUrl`, `nextAction.url`), opened as the pages above. */
export function pivotPageLinks(state: PivotState): PageLink[] {
  return [
    {
      path: '/pivot/pay/detail',
      page: async (url) => {
        const id = await sessionOfPageToken(url.searchParams.get('token') ?? '', state.now)
        return id === undefined ? undefined : { kind: 'payment', subject: id }
      },
    },
    {
      path: '/pivot/3ds/authenticate',
      page: (url) => {
        const id = url.searchParams.get('paymentSessionId')
        return id ? { kind: '3ds', subject: id } : undefined
      },
    },
  ]
}

import type { BuyerPage, PageLink } from '../engine/provider-mock.ts'
import type { AdyenContext } from './context.ts'
import { paymentOfMd, THREE_DS_REDIRECT_PATH } from './payments.ts'

/**
 * Adyen's hosted page: the 3D Secure 2 redirect page a RedirectShopper answer's `action.url`
 * opens (Adyen's test issuer page). The shopper completes or fails the challenge; the page then
 * sends the browser back to the merchant's `returnUrl` with `redirectResult` (a GET), which the
 * merchant submits to /payments/details (the buyer action answers the URL as `redirectUrl`).
 */
export function adyenPages(context: AdyenContext): Record<string, BuyerPage> {
  return {
    '3ds': {
      title: '3D Secure 2 authentication',
      action: 'authenticate',
      idField: 'pspReference',
      asks: ['passed'],
      unknownMessage: 'This authentication is not valid: it was completed already or never existed. Go back to the shop and pay again.',
      view: (psp) => {
        const payment = context.payments.get(psp)
        if (!payment?.redirect || payment.redirect.passed !== undefined) return undefined
        return { amount: { currency: payment.amount.currency, value: String(payment.amount.value) }, merchant: payment.merchantAccount }
      },
    },
  }
}

/** The `action.url` of a RedirectShopper answer (`/checkoutshopper/threeDS/redirect?MD=…`), opened as the page above. */
export function adyenPageLinks(context: AdyenContext): PageLink[] {
  return [
    {
      path: THREE_DS_REDIRECT_PATH,
      page: (url) => {
        const payment = paymentOfMd(context, url.searchParams.get('MD') ?? '')
        return payment ? { kind: '3ds', subject: payment.pspReference } : undefined
      },
    },
  ]
}

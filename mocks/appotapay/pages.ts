import type { BuyerPage, PageLink } from '../engine/provider-mock.ts'
import type { AppotapayState } from './operations.ts'

/**
 * AppotaPay's 3DS challenge page (the enrollment's `deviceDataCollectionUrl`): the buyer passes or
 * fails, and the browser goes to the enrollment's `returnUrl` with `authenticationId` and `status`
 * (the buyer action answers it as `redirectUrl`).
 */
export function appotapayPages(state: AppotapayState): Record<string, BuyerPage> {
  return {
    challenge: {
      title: '3D Secure authentication',
      action: 'authenticate',
      idField: 'authenticationId',
      asks: ['passed'],
      view: (id) => {
        const auth = state.authentications.get(id)
        if (!auth || auth.status !== 'CARD_ENROLLED') return undefined
        return { amount: { currency: 'VND', value: String(auth.amount) }, minorDigits: 0, merchant: auth.partner }
      },
    },
  }
}

/** The challenge link as the enrollment answers it, opened as the page above. */
export function appotapayPageLinks(): PageLink[] {
  return [
    {
      path: '/acpg/credit-card/authenticate',
      page: (url) => {
        const id = url.searchParams.get('id')
        return id ? { kind: 'challenge', subject: id } : undefined
      },
    },
  ]
}

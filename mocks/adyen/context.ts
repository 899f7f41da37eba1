import type { CreateCheckoutSessionRequest, RecurringContractType, RecurringProcessingModel, ResultCode, ShopperInteraction } from '../../contracts/adyen/schemas.ts'
import type { Engine } from '../engine/engine.ts'
import type { Outcome } from './cards.ts'
import type { AdyenMerchants } from './merchants.ts'

export const PROVIDER_ID = 'adyen'

/** What Adyen keeps about a session besides the engine's SessionRecord. */
export interface AdyenSession {
  readonly id: string
  readonly merchantAccount: string
  readonly request: CreateCheckoutSessionRequest
  readonly expiresAt: number
  /** Payments made in the session, by pspReference, in order. */
  readonly payments: string[]
}

/** What Adyen keeps about a payment besides the engine's PaymentRecord (keyed by pspReference). */
export interface AdyenPayment {
  readonly pspReference: string
  readonly merchantAccount: string
  readonly reference: string
  readonly amount: { readonly currency: string; readonly value: number }
  resultCode: ResultCode
  refusalReasonCode?: string | undefined
  readonly shopperReference?: string | undefined
  readonly recurringProcessingModel?: RecurringProcessingModel | undefined
  readonly shopperInteraction?: ShopperInteraction | undefined
  /** Whether an Authorised result stores the card (mode, consent, shopperReference). */
  readonly store: boolean
  /** The contract types the card gets when it is stored. */
  readonly contracts: readonly RecurringContractType[]
  readonly sessionId?: string | undefined
  /** A payment sent to the shopper's 3D Secure redirect page (RedirectShopper) until /payments/details completes it. */
  redirect?: AdyenRedirect | undefined
}

/** The redirect a RedirectShopper answer sends the shopper on, and how the shopper came back. */
export interface AdyenRedirect {
  /** The opaque `MD` of `action.url`. */
  readonly md: string
  /** The `action.url` the shopper opens. */
  readonly url: string
  readonly returnUrl: string
  /** What authorising gives once the shopper passes (the card's own outcome, decided at /payments). */
  readonly outcome: Outcome
  /** The shopper's 3D Secure outcome, once the page has been answered. */
  passed?: boolean | undefined
  /** Appended to `returnUrl` when the shopper comes back; /payments/details takes it. */
  redirectResult?: string | undefined
  /** Whether /payments/details has authorised (or refused) the payment. */
  completed: boolean
}

export interface AdyenContext {
  readonly engine: Engine
  readonly merchants: AdyenMerchants
  readonly sessions: Map<string, AdyenSession>
  readonly payments: Map<string, AdyenPayment>
  /** The contract types of each stored card, by token id (the Recurring API lists and disables them). */
  readonly contracts: Map<string, Set<RecurringContractType>>
  /** pspReference by `MD` and by `redirectResult`: the opaque values of a redirect. */
  readonly redirects: Map<string, string>
  /** The mock's public base URL, for `action.url`. */
  readonly baseUrl: () => string
}

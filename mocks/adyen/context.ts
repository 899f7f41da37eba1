import type { CreateCheckoutSessionRequest, RecurringProcessingModel, ResultCode, ShopperInteraction } from '../../contracts/adyen/schemas.ts'
import type { Engine } from '../engine/engine.ts'
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
  readonly sessionId?: string | undefined
}

export interface AdyenContext {
  readonly engine: Engine
  readonly merchants: AdyenMerchants
  readonly sessions: Map<string, AdyenSession>
  readonly payments: Map<string, AdyenPayment>
}

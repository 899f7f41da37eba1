/**
 * What the model-based lifecycle tests need from a provider: how to pay, how the buyer completes,
 * how to pay again with a saved card, and how the merchant acknowledges a notification. Everything
 * else (state, tokens, notifications, clock, chaos) goes through the provider-neutral control API,
 * so the commands and the model in this folder never name a provider. Each provider implements
 * this in `mocks/<id>/test-support/lifecycle.ts`.
 */

/** How a payment asks to save the card: not at all, with the buyer's consent, or always. */
export type Consent = 'none' | 'ask' | 'always'

export interface PayInput {
  /** The merchant's request id; the provider's idempotency key for this payment. */
  readonly requestId: string
  /** The buyer's reference at the merchant: tokens belong to a buyer. */
  readonly buyer: string
  /** One of `LifecycleDriver.cards`. */
  readonly card: string
  readonly consent: Consent
  /** The buyer enters the card on the provider's page (session) rather than the merchant sending it. */
  readonly hosted: boolean
}

export interface TokenPayInput {
  readonly requestId: string
  readonly buyer: string
  readonly token: string
}

/** A provider call's outcome as the model sees it. */
export interface PayAnswer {
  /** The provider's id of the payment (or session) the call made or replayed; absent when refused. */
  readonly handle?: string | undefined
  /** The payment's id in the mock's `/__tokenproof/state`, once it is known. */
  readonly paymentId?: string | undefined
  /** `refused`: the provider answered an error and made nothing. */
  readonly outcome: 'succeeded' | 'awaiting_buyer' | 'failed' | 'refused'
  /** The answer as raw text, for messages. */
  readonly raw: string
}

export interface DriverEnv {
  /** The mock's base URL (in-process: intercepted by msw). */
  readonly baseUrl: string
  /** The recording merchant endpoint's URL, to register for notifications. */
  readonly notifyUrl: string
  /** The mock's engine time (some providers sign requests with it). */
  now(): number
}

export interface LifecycleDriver {
  /** The provider id in the control API. */
  readonly provider: string
  /** Two or more test cards that succeed without 3DS. */
  readonly cards: readonly string[]
  /** Whether the provider can take the card in a hosted session, a direct (server-to-server) call, or both. */
  readonly flows: readonly ('hosted' | 'direct')[]
  /** Which consents a direct payment supports (a direct `ask` may need the buyer anyway). */
  readonly directConsents: readonly Consent[]
  /** Which consents a hosted payment supports (not every provider can save without asking). */
  readonly hostedConsents: readonly Consent[]
  /**
   * True when the mock's state shows neither a payment nor a session until the buyer pays (or the
   * session expires): the model then cannot see a waiting payment, only its outcome.
   */
  readonly unseenWhileWaiting?: boolean
  /** How long a hosted payment waits for the buyer before it expires, in engine ms; Infinity if it never does. */
  readonly buyerWindowMs: number
  /**
   * True when the provider checks the deadline only when the buyer acts: its state may still show
   * an expired payment or session as waiting, but the buyer can no longer complete it.
   */
  readonly lazyExpiry?: boolean
  /** False for a provider that sends no notifications: the model then expects none. */
  readonly notifies: boolean
  /** The answer a merchant gives to acknowledge a notification. */
  acknowledgement(): { readonly status: number; readonly body: string; readonly contentType: string }
  /** Registers the merchant (notification URL and keys) on a freshly reset mock. */
  prepare(env: DriverEnv): Promise<void>
  pay(env: DriverEnv, input: PayInput): Promise<PayAnswer>
  /** The buyer completes a payment waiting for them, saving the card when `save`. */
  complete(env: DriverEnv, handle: string, card: string, save: boolean): Promise<PayAnswer>
  payWithToken(env: DriverEnv, input: TokenPayInput): Promise<PayAnswer>
}

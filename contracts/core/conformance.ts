/**
 * What a provider declares so that the generic conformance suites (suites/) can test an
 * integration against it: which driver flows play which part, how the buyer takes a step on the
 * mock, which faults mean "try again" and which mean "do not", and how to read the facts the rules
 * check out of a recorded request. The suites read this and never branch on a provider's name.
 */
import type { FlowId, TestCard } from './types.ts'

/** A recorded HTTP request as the mock's control API shows it (masked: CVV values read `[removed]`). */
export interface WireRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: unknown
}

/** The facts of one payment request that the rules check, in provider-neutral terms. */
export interface PaymentFacts {
  /** The key the provider dedupes retries on (a header or a request id). */
  readonly idempotencyKey?: string | undefined
  /** A saved token the request charges, when it is a reuse. */
  readonly tokenUsed?: string | undefined
  /** Whether the request carries the provider's card-on-file / stored-credential flags in full, with the values a merchant-initiated reuse needs. */
  readonly cardOnFile: boolean
  /** The card-on-file fields as sent (undefined where absent), to name wrong values in a finding. */
  readonly cardOnFileFields?: Readonly<Record<string, unknown>>
  /** Whether a CVV (any security-code field) was sent. */
  readonly cvvSent: boolean
  /** The buyer / shopper / customer reference sent to the provider (tokens are bound to it). */
  readonly buyerRef?: string | undefined
  /** Whether the request asks the provider to save the card without asking the buyer. */
  readonly saveWithoutAsking: boolean
}

/** A scenario rule for the mock's `/__tokenproof/scenarios`, without the provider and operation. */
export type InjectedFault =
  | { readonly type: 'resultCode'; readonly code: string }
  | { readonly type: 'httpStatus'; readonly status: number; readonly body?: string }
  | { readonly type: 'noAnswer' }
  | { readonly type: 'delay'; readonly ms: number }
  | { readonly type: 'tamperedAnswer'; readonly mode: 'tampered' | 'unsigned' }

/** The buyer's step on the mock behind a buyer action URL, as a control API call. */
export interface BuyerStep {
  readonly action: string
  readonly body: Readonly<Record<string, unknown>>
}

export interface BuyerChoice {
  /** A new card the buyer types in (a published test card). */
  readonly card?: { readonly number: string; readonly expiryMonth: string; readonly expiryYear: string; readonly cvv: string; readonly holderName?: string }
  /** The buyer's "save this card" tick. */
  readonly saveCard: boolean
}

export type CardRole = 'success' | 'decline' | 'pendingSuccess' | 'pendingFailure'

/** A test card with the holder name that picks its behaviour, where the provider decides by name. */
export type ScenarioCard = TestCard & { readonly holderName?: string }

/** Whether a merchant-initiated reuse may, must or must not carry a CVV, as the provider documents. */
export type ReuseCvv = 'forbidden' | 'required'

/**
 * A flow that pays with a new card and can save it. Every pay flow a provider declares gets its own
 * runs of the save, status and notification scenarios: a merchant offering two is tested in both.
 */
export interface PayFlow {
  readonly flow: FlowId
  /** The buyer types the card on the provider's page or component (true), or the merchant's request carries it (false). */
  readonly onPage: boolean
  /**
   * Who asks the buyer whether to save the card: the provider's page (a checkbox there), or the
   * merchant, whose request then says "save" only when the buyer agreed.
   */
  readonly consent: 'page' | 'merchant'
  /**
   * The operation the merchant calls to pay in this flow, where the fault scenarios inject their
   * faults. Absent when the buyer's page makes the payment call: the merchant cannot retry it.
   */
  readonly faultOperation?: string
  /** Cards for roles in this flow, where the flow picks them otherwise than the profile's `cards`. */
  readonly cards?: Partial<Readonly<Record<CardRole, ScenarioCard>>>
  /**
   * Absent for a flow that pays with a new card. Set on the runs the suites derive from the profile's
   * other flows: `zeroAmountSave` saves a new card with a zero amount (the notification scenarios run
   * in it too); `reuse` is a merchant-initiated payment with a card saved first (the error scenarios
   * inject their faults into it, where the profile names `flows.reuseFaultOperation`).
   */
  readonly role?: 'zeroAmountSave' | 'reuse'
}

/** What the provider's notifications mean, for the notification scenarios. */
export interface NotificationSemantics {
  /** The notification kind (outbox kind) that carries a payment's result. */
  readonly result: string
  /**
   * A notification the provider documents may arrive after another one of the same payment: the
   * `reordered-notifications` scenario holds it back until the others went out. `kind` is the
   * outbox kind (the first one of that kind for the payment is held); `card` the role of the card
   * whose payment sends it. Absent: the provider sends nothing that can overtake (one notification
   * per payment), and the scenario does not apply.
   */
  readonly mayArriveLate?: { readonly kind: string; readonly card: CardRole; readonly description: string }
  /**
   * The validly signed notifications that are not the merchant's to apply which the mock can send
   * for this provider (`impostor` chaos): one about another merchant (another client id or
   * merchant account signed over) and one for another amount.
   */
  readonly impostors?: readonly ('otherMerchant' | 'otherAmount')[]
}

export interface ConformanceProfile {
  /** The driver flows that play each part. Absent: the provider has no such flow (a known gap). */
  readonly flows: {
    /** The flows that pay with a new card, in order of preference for saving the card a reuse scenario needs. */
    readonly pay: readonly PayFlow[]
    /** A zero-amount checkout that only saves the card. */
    readonly zeroAmountSave?: FlowId
    /** A merchant-initiated payment with a saved card. */
    readonly reuse?: FlowId
    /**
     * The operation the merchant calls for that payment (recorder name), where the error scenarios
     * inject their faults in a run of their own: the one payment call an app that only saves with a
     * zero amount and then charges as the merchant makes. Absent: the errors are judged on the pay flows only.
     */
    readonly reuseFaultOperation?: string
  }
  /** An amount that is valid for the provider, in minor units. */
  readonly amount: { readonly currency: string; readonly value: string }
  readonly reuseCvv: ReuseCvv
  /** Credentials for the driver's `configure`, from `GET /__tokenproof/providers/:id`. */
  credentials(settings: Readonly<Record<string, unknown>>): Record<string, string>
  /**
   * The merchant settings to register with the mock (`POST /__tokenproof/providers/:id/merchants`)
   * so that notifications reach the integration, for providers where the notification URL is a
   * dashboard setting rather than a request field; undefined when requests carry it.
   */
  notificationSetup?(settings: Readonly<Record<string, unknown>>, notificationUrl: string): Record<string, unknown>
  /**
   * Cards for roles the test-card table alone cannot fill (a behaviour the provider picks by the
   * holder name); the other roles take the table's first card with that behaviour.
   */
  readonly cards?: Partial<Readonly<Record<CardRole, ScenarioCard>>>
  /** Expiry and CVV typed with every test card (the tables list numbers only). */
  readonly testCard: { readonly expiryMonth: string; readonly expiryYear: string; readonly cvv: string }
  /**
   * How the test CVV is written in a request field, where the provider wants more than the digits
   * (a recorded CVV is removed; replaying a request puts it back). Absent: the digits as they are.
   */
  cvvAsSent?(field: string, cvv: string): string
  /**
   * Seals a value for the provider as a merchant does (a card encrypted with the provider's key from
   * `settings`), for replays of a recording that kept what was sealed rather than the ciphertext, which
   * only the mock process that made the key can open. Absent: the provider takes nothing sealed.
   */
  seal?(content: Readonly<Record<string, unknown>>, settings: Readonly<Record<string, unknown>>): string
  /** The buyer's step for a buyer action URL the integration was given; undefined when it is not one of the mock's. */
  buyerStep(buyerActionUrl: string, choice: BuyerChoice): BuyerStep | undefined
  /** Recorder operation names. */
  readonly operations: {
    /** Requests that may charge the buyer (payments, session creation). */
    readonly payment: readonly string[]
    /** Requests that read a payment's outcome. */
    readonly inquiry: readonly string[]
  }
  readonly faults: {
    /** An outcome the merchant must not retry (a validation error), answered before processing. */
    readonly nonRetryable: InjectedFault
    /** An unknown outcome (U status or 5xx) the merchant must retry with the same key or inquire about. */
    readonly unknownOutcome: InjectedFault
  }
  /**
   * What the provider's notifications mean; absent when the provider sends none and a save is
   * confirmed by reading the provider's record instead (the notification scenarios then do not apply).
   */
  readonly notifications?: NotificationSemantics
  /** Whether the provider signs its API answers (the `tampered-answer` scenario applies). */
  readonly answersSigned?: boolean
  /** Reads the facts the rules check from a recorded payment request. */
  paymentFacts(request: WireRequest): PaymentFacts
  /** The doc or seed section each rule comes from for this provider, by rule id. */
  readonly citations: Readonly<Record<string, string>>
  /** Scenarios that cannot run against this provider, with the reason. */
  readonly gaps: Readonly<Record<string, string>>
}

/** Every flow a profile declares, whatever part it plays. */
export function declaredFlows(profile: ConformanceProfile): FlowId[] {
  const { pay, zeroAmountSave, reuse } = profile.flows
  return [...pay.map((f) => f.flow), ...(zeroAmountSave !== undefined ? [zeroAmountSave] : []), ...(reuse !== undefined ? [reuse] : [])]
}

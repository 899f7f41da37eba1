/**
 * The driver: how a conformance run drives an integration under test. One small, versioned
 * contract, as a TypeScript interface (MerchantDriverV1) and as JSON over HTTP (docs/driver-protocol.md)
 * so that a merchant backend in any language can be driven. Business failures are values
 * (`{ ok: false, issue }`); an exception or a transport error means the integration is broken.
 */
import { z } from 'zod'
import type { FlowId } from '../contracts/core/types.ts'

export const DRIVER_PROTOCOL_VERSION = 1

/**
 * The protocol's minor version: 1.1 adds the optional `logs` operation, the capabilities' `minor`
 * and `operations`, and the `no_order_record` issue of `order`. Every 1.0 integration is a 1.1 one.
 */
export const DRIVER_PROTOCOL_MINOR = 1

/** Optional operations an integration may serve, listed in its capabilities' `operations`. */
export const OPTIONAL_OPERATIONS = ['logs'] as const

/**
 * The issue code `order` answers when the integration keeps no order record for the case (a
 * zero-amount save kept as a card only, say): the scenario is then skipped, not judged on `unknown`.
 */
export const NO_ORDER_RECORD = 'no_order_record'

const FLOW_IDS = [
  'session_ask_consent',
  'hosted_ask_consent',
  'server_to_server_enabled',
  'sdk_session',
  'vaulting_session',
  'vaulting_direct',
  'token_reuse_pay',
  'token_reuse_session',
  'zero_amount_save',
] as const satisfies readonly FlowId[]

export const Flow = z.enum(FLOW_IDS)

/** An amount in minor units, as a decimal string (no float rounding across languages). */
export const Money = z.object({ currency: z.string().regex(/^[A-Z]{3}$/), value: z.string().regex(/^\d+$/) })

/** A test card the buyer types in. Only ever a provider's published test card. */
export const TestCardInput = z.object({
  number: z.string().regex(/^\d{12,19}$/),
  expiryMonth: z.string().regex(/^(0[1-9]|1[0-2])$/),
  expiryYear: z.string().regex(/^\d{2}$/),
  cvv: z.string().regex(/^\d{3,4}$/).optional(),
  holderName: z.string().max(64).optional(),
})

/** The buyer pays with a new card (and says whether to save it) or with a card saved before. */
export const CardChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new'), card: TestCardInput, save: z.boolean() }),
  z.object({ kind: z.literal('saved'), savedCardId: z.string().min(1), cvv: z.string().regex(/^\d{3,4}$/).optional() }),
])

export const Capabilities = z.object({
  name: z.string().min(1),
  protocolVersion: z.literal(DRIVER_PROTOCOL_VERSION),
  /** The minor version the integration speaks (0 when absent). */
  minor: z.number().int().min(0).optional(),
  /** The optional operations it serves (1.1: `logs`). */
  operations: z.array(z.string()).optional(),
  providers: z.array(z.object({ provider: z.string().min(1), flows: z.array(Flow) })),
})

export const ConfigureInput = z.object({
  provider: z.string().min(1),
  /** Where the (mock) provider is, e.g. http://127.0.0.1:4010. */
  baseUrl: z.url(),
  /** Credentials and keys the mock issued (client ids, API keys, PEM keys, HMAC keys), by name. */
  credentials: z.record(z.string(), z.string()),
})
/** The integration answers with the URL where it receives this provider's notifications. */
export const ConfigureOutput = z.object({ notificationUrl: z.url() })

export const CheckoutInput = z.object({
  provider: z.string().min(1),
  flow: Flow,
  /** The merchant's order id; the integration derives its idempotency keys from it as it sees fit. */
  orderId: z.string().min(1).max(40),
  /** The buyer's reference at the merchant (never an e-mail or a name: providers forbid PII there). */
  buyerRef: z.string().min(3).max(64),
  amount: Money,
  card: CardChoice,
})

export const CheckoutOutput = z.object({
  orderId: z.string(),
  /**
   * The merchant's view right after checkout: `paid`, `failed`, `pending` (the provider will say
   * later), or `action_required` (the buyer must visit `buyerActionUrl`: a hosted page or 3DS).
   */
  status: z.enum(['paid', 'failed', 'pending', 'action_required']),
  buyerActionUrl: z.url().optional(),
  /** The provider's reference for the payment, when the integration has it. */
  providerReference: z.string().optional(),
})

export const SavedCardsInput = z.object({ provider: z.string().min(1), buyerRef: z.string().min(1) })
export const SavedCard = z.object({
  id: z.string().min(1),
  /** At most the first 6 and last 4 digits; anything more is a finding. */
  masked: z.string(),
  brand: z.string().optional(),
  expiryMonth: z.string().optional(),
  expiryYear: z.string().optional(),
})
export const SavedCardsOutput = z.object({ cards: z.array(SavedCard) })

export const OrderInput = z.object({ provider: z.string().min(1), orderId: z.string().min(1) })
export const OrderOutput = z.object({
  orderId: z.string(),
  status: z.enum(['paid', 'failed', 'pending', 'action_required', 'unknown']),
  /** How many successful charges the merchant booked for this order (a double charge shows here). */
  captures: z.number().int().min(0).optional(),
})

/**
 * The integration's most recent log lines since the last `reset` (at most the last 1 000), as it
 * writes them: the run scans them for card numbers and CVVs (TP-DATA-001).
 */
export const LogsOutput = z.object({ lines: z.array(z.string().max(10_000)).max(1_000) })

/** A business failure the integration reports instead of a value. */
export const DriverIssue = z.object({ code: z.string().min(1), message: z.string() })

export type Money = z.infer<typeof Money>
export type TestCardInput = z.infer<typeof TestCardInput>
export type CardChoice = z.infer<typeof CardChoice>
export type Capabilities = z.infer<typeof Capabilities>
export type ConfigureInput = z.infer<typeof ConfigureInput>
export type ConfigureOutput = z.infer<typeof ConfigureOutput>
export type CheckoutInput = z.infer<typeof CheckoutInput>
export type CheckoutOutput = z.infer<typeof CheckoutOutput>
export type SavedCardsInput = z.infer<typeof SavedCardsInput>
export type SavedCard = z.infer<typeof SavedCard>
export type SavedCardsOutput = z.infer<typeof SavedCardsOutput>
export type OrderInput = z.infer<typeof OrderInput>
export type OrderOutput = z.infer<typeof OrderOutput>
export type DriverIssue = z.infer<typeof DriverIssue>
export type LogsOutput = z.infer<typeof LogsOutput>

/** A value, or the business failure the integration reports. */
export type DriverResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: DriverIssue }

/** What a conformance run needs from an integration, version 1. */
export interface MerchantDriverV1 {
  readonly protocolVersion: typeof DRIVER_PROTOCOL_VERSION
  capabilities(): Promise<Capabilities>
  configure(input: ConfigureInput): Promise<DriverResult<ConfigureOutput>>
  checkout(input: CheckoutInput): Promise<DriverResult<CheckoutOutput>>
  savedCards(input: SavedCardsInput): Promise<DriverResult<SavedCardsOutput>>
  order(input: OrderInput): Promise<DriverResult<OrderOutput>>
  /** Forgets the integration's state between scenarios (test databases only). */
  reset(): Promise<void>
  /** Its recent log lines (optional, protocol 1.1: only where `capabilities.operations` lists `logs`). */
  logs?(): Promise<DriverResult<LogsOutput>>
}

/** The operations of the JSON protocol, each with its input and output schema. */
export const driverOperations = {
  capabilities: { input: z.object({}), output: Capabilities },
  configure: { input: ConfigureInput, output: ConfigureOutput },
  checkout: { input: CheckoutInput, output: CheckoutOutput },
  'saved-cards': { input: SavedCardsInput, output: SavedCardsOutput },
  order: { input: OrderInput, output: OrderOutput },
  reset: { input: z.object({}), output: z.object({}) },
  logs: { input: z.object({}), output: LogsOutput },
} as const

export type DriverOperation = keyof typeof driverOperations

/** Raised when the integration breaks the protocol (not a business failure). */
export class DriverProtocolError extends Error {
  constructor(
    readonly operation: DriverOperation,
    message: string,
  ) {
    super(`driver ${operation}: ${message}`)
    this.name = 'DriverProtocolError'
  }
}

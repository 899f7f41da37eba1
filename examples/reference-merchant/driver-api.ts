/**
 * The driver protocol v1 (docs/driver-protocol.md) on top of the merchant: how Tokenproof drives
 * this service. Each operation takes the protocol's input and answers a value or an issue; the
 * merchant's own logic stays in checkout/notifications, this is only the edge.
 */
import {
  DRIVER_PROTOCOL_MINOR,
  DRIVER_PROTOCOL_VERSION,
  driverOperations,
  type Capabilities,
  type CheckoutInput,
  type CheckoutOutput,
  type ConfigureInput,
  type ConfigureOutput,
  type DriverOperation,
  type OrderInput,
  type OrderOutput,
  type SavedCardsInput,
  type SavedCardsOutput,
} from '../../suites/driver.ts'
import { applyAnswer, visibleStatus } from './payments.ts'
import type { PaymentCard, ProviderAdapter, ProviderConnection } from './provider-adapter.ts'
import type { Faults } from './faults.ts'
import type { MerchantStore } from './store.ts'

export type Envelope = { ok: true; value: unknown } | { ok: false; issue: { code: string; message: string } }

export interface MerchantContext {
  readonly name: string
  readonly url: string
  readonly adapters: ReadonlyMap<string, ProviderAdapter>
  readonly connections: Map<string, ProviderConnection>
  readonly store: MerchantStore
  readonly log: (line: string) => void
  readonly faults: Faults
  /** ReferenceMerchantOptions.notificationWindowMs. */
  readonly notificationWindowMs?: number | undefined
  /** Only with the keep_card_number fault: the numbers a careless merchant keeps, by provider and buyer. */
  readonly keptCardNumbers: Map<string, string>
  /** The log lines written since the last reset (the driver's optional `logs` operation). */
  readonly recentLog: string[]
}

const issue = (code: string, message: string): Envelope => ({ ok: false, issue: { code, message } })
const value = (v: unknown): Envelope => ({ ok: true, value: v })

/**
 * Our idempotency key for an order's payment: the order id itself, so every retry, and a second
 * checkout of the same order, reuses it and the provider charges at most once.
 */
export const merchantReferenceFor = (orderId: string): string => orderId

export async function handleDriverOperation(context: MerchantContext, operation: string, body: unknown): Promise<Envelope> {
  if (!Object.hasOwn(driverOperations, operation)) return issue('unknown_operation', `no operation ${operation} in protocol v${DRIVER_PROTOCOL_VERSION}`)
  const op = operation as DriverOperation
  const input = driverOperations[op].input.safeParse(body)
  if (!input.success) return issue('invalid_input', input.error.message)
  switch (op) {
    case 'capabilities':
      return value(capabilities(context))
    case 'configure':
      return configure(context, input.data as ConfigureInput)
    case 'checkout':
      return checkout(context, input.data as CheckoutInput)
    case 'saved-cards':
      return savedCards(context, input.data as SavedCardsInput)
    case 'order':
      return order(context, input.data as OrderInput)
    case 'reset':
      context.store.clear()
      context.keptCardNumbers.clear()
      context.recentLog.length = 0
      return value({})
    case 'logs':
      return value({ lines: [...context.recentLog] })
  }
}

function capabilities(context: MerchantContext): Capabilities {
  return {
    name: context.name,
    protocolVersion: DRIVER_PROTOCOL_VERSION,
    minor: DRIVER_PROTOCOL_MINOR,
    operations: ['logs'],
    providers: [...context.adapters.values()].map((a) => ({ provider: a.id, flows: [...a.flows] })),
  }
}

function configure(context: MerchantContext, input: ConfigureInput): Envelope {
  const adapter = context.adapters.get(input.provider)
  if (!adapter) return issue('unknown_provider', `this merchant does not integrate ${input.provider}`)
  const missing = adapter.credentialNames.filter((name) => !input.credentials[name])
  if (missing.length > 0) return issue('missing_credentials', `${input.provider} needs ${missing.join(', ')}`)
  const notificationUrl = `${context.url}/notify/${input.provider}`
  try {
    context.connections.set(
      input.provider,
      adapter.connect({ baseUrl: input.baseUrl, credentials: input.credentials, notificationUrl, returnUrl: `${context.url}/return/${input.provider}`, log: context.log, faults: context.faults, notificationWindowMs: context.notificationWindowMs }),
    )
  } catch (error) {
    return issue('invalid_credentials', `${input.provider}: ${error instanceof Error ? error.message : String(error)}`)
  }
  context.log(`configured ${input.provider} at ${input.baseUrl}`)
  return value({ notificationUrl } satisfies ConfigureOutput)
}

async function checkout(context: MerchantContext, input: CheckoutInput): Promise<Envelope> {
  const connection = context.connections.get(input.provider)
  if (!connection) return issue('not_configured', `${input.provider} is not configured`)
  if (!context.adapters.get(input.provider)?.flows.includes(input.flow)) return issue('unsupported_flow', `${input.flow} is not offered with ${input.provider}`)
  let card: PaymentCard
  if (input.card.kind === 'saved') {
    const { savedCardId } = input.card
    // The no_card_ownership_check fault finds the card by its id alone, whoever saved it.
    const saved = context.faults.has('no_card_ownership_check') ? context.store.cardById(input.provider, savedCardId) : context.store.cards(input.provider, input.buyerRef).find((c) => c.id === savedCardId)
    // Only this buyer's own cards: another buyer's card id is as unknown as a made-up one.
    if (!saved) return issue('unknown_saved_card', `no saved card ${savedCardId} for this buyer`)
    card = { kind: 'saved', token: saved.token, ...(input.card.cvv !== undefined ? { cvv: input.card.cvv } : {}) }
  } else {
    card = input.card
    if (context.faults.has('keep_card_number')) context.keptCardNumbers.set(`${input.provider}/${input.buyerRef}`, input.card.card.number)
    // The log_card_number fault: the card as typed, written to the log.
    if (context.faults.has('log_card_number')) context.log(`checkout card ${input.card.card.number} exp ${input.card.card.expiryMonth}/${input.card.card.expiryYear} cvv=${input.card.card.cvv ?? ''}`)
  }
  const merchantReference = merchantReferenceFor(input.orderId)
  const existing = context.store.order(input.provider, input.orderId)
  if (existing && existing.buyerRef !== input.buyerRef) return issue('order_conflict', `order ${input.orderId} belongs to another buyer`)
  // What the provider is asked to charge: a zero-amount save charges nothing, whatever the order's price.
  const charged = input.flow === 'zero_amount_save' ? { ...input.amount, value: '0' } : input.amount
  context.store.openOrder(input.provider, input.orderId, input.buyerRef, merchantReference, charged)
  context.log(`checkout ${input.provider} ${input.flow} order ${input.orderId}`)
  // The fault: the buyer's e-mail address used as the provider's buyer reference.
  const buyerRef = context.faults.has('pii_buyer_ref') ? `${input.buyerRef}@mail.example.com` : input.buyerRef
  let result = await connection.checkout({ flow: input.flow, orderId: input.orderId, merchantReference, buyerRef, amount: input.amount, card })
  // The retry_dead_token fault: a refused payment with a saved card sent again, three times, each time as a new payment.
  for (let attempt = 1; context.faults.has('retry_dead_token') && card.kind === 'saved' && attempt <= 3 && result.ok && result.update.status === 'failed'; attempt++) {
    result = await connection.checkout({ flow: input.flow, orderId: input.orderId, merchantReference: `${merchantReference}-r${attempt}`, buyerRef, amount: input.amount, card })
    if (result.ok) result = { ok: true, update: { ...result.update, merchantReference } }
  }
  if (!result.ok) return issue(result.code, result.message)
  const order = applyAnswer(context.store, input.provider, result.update, context.faults)
  if (!order) throw new Error(`order ${input.orderId} vanished during checkout`)
  const status = visibleStatus(order.status)
  context.log(`order ${input.orderId}: ${status}${order.reason ? ` (${order.reason})` : ''}`)
  return value({
    orderId: order.orderId,
    status,
    ...(status === 'action_required' && order.buyerActionUrl !== undefined ? { buyerActionUrl: order.buyerActionUrl } : {}),
    ...(order.providerReference !== undefined ? { providerReference: order.providerReference } : {}),
  } satisfies CheckoutOutput)
}

function savedCards(context: MerchantContext, input: SavedCardsInput): Envelope {
  const kept = context.keptCardNumbers.get(`${input.provider}/${input.buyerRef}`)
  const cards = context.store.cards(input.provider, input.buyerRef).map((c) => ({
    id: c.id,
    masked: kept ?? c.masked,
    ...(c.brand !== undefined ? { brand: c.brand } : {}),
    ...(c.expiryMonth !== undefined ? { expiryMonth: c.expiryMonth } : {}),
    ...(c.expiryYear !== undefined ? { expiryYear: c.expiryYear } : {}),
  }))
  return value({ cards } satisfies SavedCardsOutput)
}

function order(context: MerchantContext, input: OrderInput): Envelope {
  const found = context.store.order(input.provider, input.orderId)
  if (!found) return value({ orderId: input.orderId, status: 'unknown', captures: 0 } satisfies OrderOutput)
  return value({ orderId: found.orderId, status: visibleStatus(found.status), captures: found.capturedPaymentIds.size } satisfies OrderOutput)
}

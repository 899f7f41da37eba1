/**
 * The Recurring API (v68, RecurringService-v68.json) over the same stored cards as Checkout's
 * /storedPaymentMethods: list the shopper's stored details, disable one detail, one contract type or
 * all of them, the pre-debit notification and the account updater. A disabled detail is gone for
 * Checkout too: a later payment with it is 422 `800` Contract not found.
 */
import type {
  DisableRequest,
  DisableResult,
  NotifyShopperRequest,
  NotifyShopperResult,
  RecurringContractType,
  RecurringDetail,
  RecurringDetailsRequest,
  RecurringDetailsResult,
  ScheduleAccountUpdaterRequest,
  ScheduleAccountUpdaterResult,
} from '../../contracts/adyen/schemas.ts'
import type { TokenRecord } from '../engine/store.ts'
import { adyenBrand, shopperTokens, usableToken } from './cards.ts'
import type { AdyenContext } from './context.ts'
import type { AdyenMerchant } from './merchants.ts'
import { adyenTime, newReference, serviceError, type Answer } from './wire.ts'

/** A token stored before contract types were kept (or by a path that names none) counts as both. */
const contractsOf = (context: AdyenContext, token: TokenRecord): RecurringContractType[] => [...(context.contracts.get(token.id) ?? new Set<RecurringContractType>(['ONECLICK', 'RECURRING']))]

function detailOf(context: AdyenContext, token: TokenRecord): RecurringDetail {
  const holderName = context.engine.store.cardOf(token.id)?.holderName?.slice(0, 50)
  const variant = adyenBrand(token.card.brand)
  return {
    additionalData: { cardBin: token.card.first6 },
    card: { expiryMonth: token.card.expiryMonth, expiryYear: token.card.expiryYear, number: token.card.last4, ...(holderName ? { holderName } : {}) },
    contractTypes: contractsOf(context, token),
    creationDate: adyenTime(token.createdAt),
    ...(token.sourcePaymentId ? { firstPspReference: token.sourcePaymentId } : {}),
    paymentMethodVariant: variant,
    recurringDetailReference: token.id,
    variant,
  }
}

/** POST /listRecurringDetails: the shopper's active details, narrowed to a contract type when `recurring.contract` names one. */
export function listRecurringDetails(context: AdyenContext, merchant: AdyenMerchant, request: RecurringDetailsRequest): Answer {
  const wanted = request.recurring?.contract?.split(',') as RecurringContractType[] | undefined
  const tokens = shopperTokens(context, merchant.merchantAccount, request.shopperReference).filter((t) => !wanted || contractsOf(context, t).some((c) => wanted.includes(c)))
  const first = Math.min(...tokens.map((t) => t.createdAt))
  const body: RecurringDetailsResult = {
    ...(tokens.length > 0 ? { creationDate: adyenTime(first) } : {}),
    details: tokens.map((t) => ({ RecurringDetail: detailOf(context, t) })),
    shopperReference: request.shopperReference,
  }
  return { status: 200, body }
}

/**
 * POST /disable: one detail (`recurringDetailReference`) or all the shopper's details; with
 * `contract`, only that contract type is taken off, and a detail left with none is disabled.
 */
export function disable(context: AdyenContext, merchant: AdyenMerchant, request: DisableRequest): Answer {
  const all = shopperTokens(context, merchant.merchantAccount, request.shopperReference)
  if (all.length === 0) return serviceError('800', `Contract not found: shopperReference ${request.shopperReference} has no stored details.`)
  let targets = all
  if (request.recurringDetailReference !== undefined) {
    const token = usableToken(context, merchant.merchantAccount, request.shopperReference, request.recurringDetailReference)
    if (!token) return serviceError('803', `PaymentDetail not found: no stored detail ${request.recurringDetailReference} for this shopperReference.`)
    targets = [token]
  }
  for (const token of targets) {
    const contracts = new Set(contractsOf(context, token))
    if (request.contract !== undefined) for (const c of request.contract.split(',')) contracts.delete(c as RecurringContractType)
    else contracts.clear()
    context.contracts.set(token.id, contracts)
    if (contracts.size === 0) token.status = 'deleted'
  }
  const body: DisableResult = { response: request.recurringDetailReference !== undefined ? '[detail-successfully-disabled]' : '[all-details-successfully-disabled]' }
  return { status: 200, body }
}

/** POST /notifyShopper: the pre-debit notification about a payment with a stored detail. */
export function notifyShopper(context: AdyenContext, merchant: AdyenMerchant, request: NotifyShopperRequest): Answer {
  const id = request.storedPaymentMethodId ?? request.recurringDetailReference
  if (id === undefined) return serviceError('701', "Required field 'storedPaymentMethodId' is not provided.")
  if (!usableToken(context, merchant.merchantAccount, request.shopperReference, id)) return serviceError('800', `Contract not found: no stored detail ${id} for this shopperReference.`)
  const body: NotifyShopperResult = {
    ...(request.displayedReference !== undefined ? { displayedReference: request.displayedReference } : {}),
    message: 'Request processed successfully',
    pspReference: newReference(),
    reference: request.reference,
    resultCode: 'Success',
    shopperNotificationReference: newReference(),
    storedPaymentMethodId: id,
  }
  return { status: 200, body }
}

/** POST /scheduleAccountUpdater: schedules a card update for a stored detail or for card details. */
export function scheduleAccountUpdater(context: AdyenContext, merchant: AdyenMerchant, request: ScheduleAccountUpdaterRequest): Answer {
  const id = request.selectedRecurringDetailReference
  if (id === undefined && request.card === undefined) return serviceError('701', "Required field 'card' or 'selectedRecurringDetailReference' is not provided.")
  if (id !== undefined && !usableToken(context, merchant.merchantAccount, request.shopperReference, id)) return serviceError('803', `PaymentDetail not found: no stored detail ${id} for this shopperReference.`)
  const body: ScheduleAccountUpdaterResult = { pspReference: newReference(), result: 'Success' }
  return { status: 200, body }
}

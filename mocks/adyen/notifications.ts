import { randomBytes } from 'node:crypto'
import { adyenContract } from '../../contracts/adyen/index.ts'
import { adyenRefusalReasons } from '../../contracts/adyen/result-codes.ts'
import type { AuthorisationNotificationItem, RecurringContractNotificationItem } from '../../contracts/adyen/schemas.ts'
import { otherAmountOf, type DeliveryAnswer } from '../engine/outbox.ts'
import type { TokenRecord } from '../engine/store.ts'
import { adyenBrand } from './cards.ts'
import { PROVIDER_ID, type AdyenContext, type AdyenPayment } from './context.ts'
import { hmacDataToSign, hmacSign } from './hmac.ts'
import type { AdyenMerchant } from './merchants.ts'
import { adyenTime } from './wire.ts'

type Item = AuthorisationNotificationItem | RecurringContractNotificationItem

/**
 * Adyen's eventDate, stamped from the wall clock at the event: a merchant comparing it with its own
 * clock is not misled by advances of the engine clock.
 */
const eventDate = (now: number): string => adyenTime(now)

// Forged webhooks are signed with a key nobody holds, so only a real HMAC check rejects them.
let forgeryKey: string | undefined
const forgedKey = (): string => (forgeryKey ??= randomBytes(32).toString('hex'))

const signed = <T extends Item>(item: T, hexKey: string): T => ({ ...item, additionalData: { ...item.additionalData, hmacSignature: hmacSign(hmacDataToSign(item), hexKey) } })

const wrap = (item: Item): string => JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] })

/** Any 2xx within the attempt timeout acknowledges; the legacy setting also wants "[accepted]". */
export function isAdyenAck(merchant: AdyenMerchant): (answer: DeliveryAnswer) => boolean {
  return (answer) => answer.status >= 200 && answer.status < 300 && (!merchant.requireAcceptedBody || answer.body.includes('[accepted]'))
}

function enqueue(context: AdyenContext, merchant: AdyenMerchant, kind: 'AUTHORISATION' | 'RECURRING_CONTRACT', subject: string, item: Item): void {
  const basic = merchant.webhookBasicAuth
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`
  context.engine.outbox.enqueue({
    provider: PROVIDER_ID,
    kind,
    subject,
    url: merchant.webhookUrl,
    body: wrap(signed(item, merchant.hmacKey)),
    forgedBody: wrap(signed(item, forgedKey())),
    // The HMAC signature is a field of the item: unsigned, it is left out.
    unsignedBody: wrap(item),
    impostors: {
      // A webhook configured at company level covers every merchant account under one HMAC key
      // (NOTES.md, Webhooks): one for another account of the company is just as validly signed.
      otherMerchant: { body: wrap(signed({ ...item, merchantAccountCode: otherAccount(item.merchantAccountCode) }, merchant.hmacKey)) },
      otherAmount: { body: wrap(signed({ ...item, amount: { ...item.amount, value: otherAmountOf(item.amount.value) } }, merchant.hmacKey)) },
    },
    schedule: adyenContract.retrySchedule,
    sign: () => headers,
    isAcknowledged: isAdyenAck(merchant),
  })
}

/** Another merchant account of the same company. */
const otherAccount = (account: string): string => (account.endsWith('Other') ? `${account}2` : `${account}Other`)

/** AUTHORISATION for a payment's final result; it names the token when the payment stored one. */
export function notifyAuthorisation(context: AdyenContext, merchant: AdyenMerchant, payment: AdyenPayment, token: TokenRecord | undefined): void {
  const record = context.engine.store.payments.get(payment.pspReference)
  const success = payment.resultCode === 'Authorised'
  const refusal = payment.refusalReasonCode ? adyenRefusalReasons[payment.refusalReasonCode as keyof typeof adyenRefusalReasons] : undefined
  const card = record?.card
  const additionalData: Record<string, string> = {
    ...(card ? { cardSummary: card.last4, expiryDate: `${Number(card.expiryMonth)}/${card.expiryYear}` } : {}),
    ...(payment.shopperReference ? { shopperReference: payment.shopperReference } : {}),
    ...(payment.recurringProcessingModel ? { recurringProcessingModel: payment.recurringProcessingModel } : {}),
    ...(payment.shopperInteraction ? { shopperInteraction: payment.shopperInteraction } : {}),
    ...(payment.sessionId ? { checkoutSessionId: payment.sessionId } : {}),
    ...(token && payment.shopperReference
      ? {
          'recurring.recurringDetailReference': token.id,
          'recurring.shopperReference': payment.shopperReference,
          'tokenization.storedPaymentMethodId': token.id,
          'tokenization.shopperReference': payment.shopperReference,
          'tokenization.store.operationType': 'created',
        }
      : {}),
  }
  const item: AuthorisationNotificationItem = {
    additionalData,
    amount: payment.amount,
    eventCode: 'AUTHORISATION',
    eventDate: eventDate(context.engine.clock.wall()),
    merchantAccountCode: payment.merchantAccount,
    merchantReference: payment.reference,
    ...(card ? { paymentMethod: adyenBrand(card.brand) } : {}),
    pspReference: payment.pspReference,
    reason: success ? '' : (refusal?.reason ?? payment.resultCode),
    success: success ? 'true' : 'false',
    ...(success ? { operations: ['CANCEL', 'CAPTURE', 'REFUND'] as const } : {}),
  }
  enqueue(context, merchant, 'AUTHORISATION', payment.pspReference, item)
}

/**
 * RECURRING_CONTRACT (seed 003): `pspReference` and `recurring.recurringDetailReference` are the
 * token, `originalReference` the payment that stored it.
 */
export function notifyRecurringContract(context: AdyenContext, merchant: AdyenMerchant, payment: AdyenPayment, token: TokenRecord): void {
  const shopperReference = token.buyerRef ?? ''
  const item: RecurringContractNotificationItem = {
    additionalData: {
      'recurring.recurringDetailReference': token.id,
      'recurring.shopperReference': shopperReference,
      shopperReference,
      ...(payment.sessionId ? { checkoutSessionId: payment.sessionId } : {}),
    },
    amount: payment.amount,
    eventCode: 'RECURRING_CONTRACT',
    eventDate: eventDate(context.engine.clock.wall()),
    merchantAccountCode: payment.merchantAccount,
    merchantReference: payment.reference,
    originalReference: payment.pspReference,
    originalPsp: payment.pspReference,
    paymentMethod: adyenBrand(token.card.brand),
    pspReference: token.id,
    reason: '',
    success: 'true',
  }
  enqueue(context, merchant, 'RECURRING_CONTRACT', payment.pspReference, item)
}

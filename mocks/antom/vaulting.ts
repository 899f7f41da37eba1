import { antomContract } from '../../contracts/antom/index.ts'
import type { AntomResultCode } from '../../contracts/antom/result-codes.ts'
import type { CreateVaultingSessionRequest, InquireVaultingRequest, InquireVaultingResponse, VaultPaymentMethodRequest, VaultPaymentMethodResponse } from '../../contracts/antom/schemas.ts'
import { cardOutcome, type CardOutcome } from '../engine/outcomes.ts'
import type { CardData, VaultingRecord } from '../engine/store.ts'
import { maskedCardOf, saveCard, vaultedDetail } from './cards.ts'
import { PROVIDER_ID, type AntomContext } from './context.ts'
import { sendNotification } from './notifications.ts'
import { pageUrl, type OperationAnswer } from './payments.ts'
import { antomTime } from './signing.ts'
import { resultOf, resultOfAny } from './wire.ts'

/** How long a vaulting session stays open (the seed requires an expiry time; its length is assumed). */
export const VAULTING_SESSION_TTL_MS = 30 * 60_000

const VAULTING_STATUS: Record<VaultingRecord['status'], NonNullable<InquireVaultingResponse['vaultingStatus']>> = {
  awaiting_buyer: 'PROCESSING',
  pending: 'PROCESSING',
  succeeded: 'SUCCESS',
  failed: 'FAIL',
}

function notifyVaulting(context: AntomContext, vaulting: VaultingRecord): void {
  const token = vaulting.tokenId ? context.engine.store.tokens.get(vaulting.tokenId) : undefined
  sendNotification(context, {
    kind: 'notifyVaulting',
    clientId: vaulting.merchantId,
    url: vaulting.notifyUrl,
    subject: vaulting.id,
    body: {
      notifyType: 'VAULTING_RESULT',
      result: resultOfAny(vaulting.resultCode),
      vaultingRequestId: vaulting.requestId,
      ...(token ? { paymentMethodDetail: vaultedDetail(token) } : {}),
      vaultingCreateTime: antomTime(vaulting.createdAt),
    },
  })
}

function finish(context: AntomContext, vaulting: VaultingRecord, outcome: 'success' | { declineCode: string }, card: CardData): void {
  vaulting.updatedAt = context.engine.clock.now()
  if (outcome === 'success') {
    vaulting.status = 'succeeded'
    vaulting.resultCode = 'SUCCESS'
    vaulting.tokenId = saveCard(context, { merchantId: vaulting.merchantId, buyerRef: undefined, card, sourceVaultingId: vaulting.id }).id
  } else {
    vaulting.status = 'failed'
    // Any decline while verifying a card to vault is reported as a failed verification.
    vaulting.resultCode = 'VERIFICATION_FAIL'
  }
  notifyVaulting(context, vaulting)
}

/** Verifies a card for vaulting: success vaults it, a challenge waits for the buyer, a decline fails. */
function verify(context: AntomContext, vaulting: VaultingRecord, card: CardData, outcome: CardOutcome): void {
  vaulting.card = maskedCardOf(card)
  context.engine.store.keepCard(vaulting.id, card)
  switch (outcome.kind) {
    case 'success':
      return finish(context, vaulting, 'success', card)
    case 'decline':
    case 'invalid_number':
    case 'not_processed':
      return finish(context, vaulting, { declineCode: 'VERIFICATION_FAIL' }, card)
    case 'pending':
      vaulting.status = 'pending'
      vaulting.resultCode = 'VERIFICATION_IN_PROCESS'
      context.engine.scheduleFor(vaulting.id, context.engine.clock.now() + outcome.settleAfterMs, () => finish(context, vaulting, outcome.then, card))
      return
    case 'challenge':
      vaulting.status = 'awaiting_buyer'
      vaulting.resultCode = 'VERIFICATION_IN_PROCESS'
      context.challenges.set(vaulting.id, outcome.then)
      return
  }
}

function newVaulting(context: AntomContext, merchantId: string, requestId: string, notifyUrl: string | undefined): VaultingRecord {
  const now = context.engine.clock.now()
  return context.engine.store.vaultings.put({
    id: context.engine.nextId('vlt_'),
    provider: PROVIDER_ID,
    merchantId,
    requestId,
    status: 'awaiting_buyer',
    resultCode: 'VERIFICATION_IN_PROCESS',
    notifyUrl,
    createdAt: now,
    updatedAt: now,
  })
}

const forcedNotProcessed = (forcedCode: string | undefined): boolean => {
  if (forcedCode === undefined) return false
  const entry = antomContract.resultCodes[forcedCode as AntomResultCode]
  return !entry || entry.effect === 'not_processed'
}

/** createVaultingSession (seed 002): a session for the client SDK, which collects the card. */
export function createVaultingSession(context: AntomContext, merchantId: string, request: CreateVaultingSessionRequest, forcedCode: string | undefined, notifyUrl: string | undefined): OperationAnswer<object> {
  if (forcedNotProcessed(forcedCode) && forcedCode !== undefined) return { body: { result: resultOfAny(forcedCode) }, keep: false }
  const { engine } = context
  const vaulting = newVaulting(context, merchantId, request.vaultingRequestId, notifyUrl)
  const now = engine.clock.now()
  const expiresAt = now + VAULTING_SESSION_TTL_MS
  const sessionId = engine.nextId('vs_')
  engine.store.sessions.put({
    id: sessionId,
    provider: PROVIDER_ID,
    kind: 'vaulting',
    status: 'open',
    merchantId,
    requestId: request.vaultingRequestId,
    vaultingId: vaulting.id,
    expiresAt,
    createdAt: now,
    savedTokenIds: [],
    tokenize: 'enabled',
  })
  if (forcedCode !== undefined) context.forcedOnPage.set(vaulting.id, forcedCode)
  engine.scheduleFor(sessionId, expiresAt, () => {
    const session = engine.store.sessions.get(sessionId)
    if (session?.status === 'open') session.status = 'expired'
  })
  return {
    body: {
      result: resultOf('SUCCESS'),
      vaultingSessionData: Buffer.from(JSON.stringify({ sessionId, vaultingRequestId: request.vaultingRequestId, env: 'tokenproof' })).toString('base64'),
      vaultingSessionId: sessionId,
      vaultingSessionExpiryTime: antomTime(expiresAt),
      normalUrl: pageUrl(context, 'vaulting', sessionId),
    },
    keep: true,
  }
}

function vaultAnswer(context: AntomContext, vaulting: VaultingRecord): VaultPaymentMethodResponse {
  const token = vaulting.tokenId ? context.engine.store.tokens.get(vaulting.tokenId) : undefined
  const base = { result: resultOfAny(vaulting.resultCode), vaultingRequestId: vaulting.requestId }
  if (token) return { ...base, paymentMethodDetail: vaultedDetail(token) }
  if (vaulting.status === 'awaiting_buyer') return { ...base, normalUrl: pageUrl(context, 'vaulting-challenge', vaulting.id) }
  return base
}

/** vaultPaymentMethod: the merchant sends the card (independent card binding). */
export function vaultPaymentMethod(context: AntomContext, merchantId: string, request: VaultPaymentMethodRequest, forcedCode: string | undefined, notifyUrl: string | undefined): OperationAnswer<VaultPaymentMethodResponse> {
  if (forcedNotProcessed(forcedCode) && forcedCode !== undefined) return { body: { result: resultOfAny(forcedCode) }, keep: false }
  const cardInput = request.paymentMethodDetail.card
  if (!cardInput) return { body: { result: resultOf('PARAM_ILLEGAL', 'paymentMethodDetail.card is required for CARD.') }, keep: false }
  const card: CardData = { number: cardInput.cardNo, expiryMonth: cardInput.expiryMonth, expiryYear: cardInput.expiryYear, cvv: cardInput.cvv }
  const vaulting = newVaulting(context, merchantId, request.vaultingRequestId, notifyUrl)
  verify(context, vaulting, card, cardOutcome({ pan: card.number, testCards: antomContract.testCards, resultCodes: antomContract.resultCodes, forcedCode }))
  return { body: vaultAnswer(context, vaulting), keep: true }
}

/** inquireVaulting: the state of a vaulting request. */
export function inquireVaulting(context: AntomContext, merchantId: string, request: InquireVaultingRequest): InquireVaultingResponse {
  const vaulting = context.engine.store.byReference(context.engine.store.vaultings, PROVIDER_ID, merchantId, request.vaultingRequestId)[0]
  if (!vaulting) return { result: resultOf('VAULTING_NOT_EXIST') }
  const token = vaulting.tokenId ? context.engine.store.tokens.get(vaulting.tokenId) : undefined
  const code = resultOfAny(vaulting.resultCode)
  return {
    result: resultOf('SUCCESS'),
    vaultingRequestId: vaulting.requestId,
    vaultingStatus: VAULTING_STATUS[vaulting.status],
    vaultingResultCode: code.resultCode,
    vaultingResultMessage: code.resultMessage,
    ...(token ? { paymentMethodDetail: vaultedDetail(token) } : {}),
    ...(vaulting.status === 'awaiting_buyer' ? { normalUrl: pageUrl(context, 'vaulting-challenge', vaulting.id) } : {}),
  }
}

/** The buyer enters a card in the vaulting SDK of a vaulting session. */
export function buyerVaults(context: AntomContext, vaultingSessionId: string, card: CardData): VaultingRecord {
  const { store } = context.engine
  const session = store.sessions.get(vaultingSessionId)
  if (!session || session.provider !== PROVIDER_ID || session.kind !== 'vaulting') throw new Error(`no vaulting session ${vaultingSessionId}`)
  if (session.status !== 'open') throw new Error(`vaulting session ${session.id} is ${session.status}`)
  const vaulting = session.vaultingId ? store.vaultings.get(session.vaultingId) : undefined
  if (!vaulting) throw new Error(`vaulting session ${session.id} has no vaulting request`)
  session.status = 'completed'
  const forcedCode = context.forcedOnPage.get(vaulting.id)
  context.forcedOnPage.delete(vaulting.id)
  verify(context, vaulting, card, cardOutcome({ pan: card.number, testCards: antomContract.testCards, resultCodes: antomContract.resultCodes, forcedCode }))
  return vaulting
}

/** The buyer finishes (or fails) the 3DS challenge of a vaulting. */
export function buyerAuthenticatesVaulting(context: AntomContext, vaultingId: string, passed: boolean): VaultingRecord {
  const vaulting = context.engine.store.vaultings.get(vaultingId)
  const then = context.challenges.get(vaultingId)
  const card = context.engine.store.cardOf(vaultingId)
  if (!vaulting || then === undefined || !card) throw new Error(`vaulting ${vaultingId} has no 3DS challenge waiting`)
  context.challenges.delete(vaultingId)
  finish(context, vaulting, passed ? then : { declineCode: 'VERIFICATION_FAIL' }, card)
  return vaulting
}

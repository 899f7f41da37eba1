/**
 * How a /sessions or /payments request asks Adyen to store the card: the current fields
 * (`storePaymentMethodMode`, `storePaymentMethod` with `recurringProcessingModel`) and the legacy
 * booleans still documented in Checkout v71/v72 (`enableOneClick`, `enableRecurring`,
 * `enablePayOut`), read in one order of precedence. The table is data so the docs, NOTES.md and the
 * tests read the same rules (contracts/adyen/NOTES.md, "Tokenization fields").
 */
import type { RecurringContractType, RecurringProcessingModel, StorePaymentMethodMode } from '../../contracts/adyen/schemas.ts'
import type { TokenizeIntent } from '../engine/store.ts'

export type TokenizingOperation = 'sessions' | 'payments'

/** The request fields that decide storing, as both operations may carry them. */
export interface TokenizationRequest {
  readonly shopperReference?: string | undefined
  readonly storePaymentMethodMode?: StorePaymentMethodMode | undefined
  readonly storePaymentMethod?: boolean | undefined
  readonly enableOneClick?: boolean | undefined
  readonly enableRecurring?: boolean | undefined
  readonly enablePayOut?: boolean | undefined
  readonly recurringProcessingModel?: RecurringProcessingModel | undefined
}

type StoringField = 'storePaymentMethodMode' | 'storePaymentMethod' | 'enableRecurring' | 'enablePayOut' | 'enableOneClick'

interface FieldRule {
  /** Lower ranks are read first; the first field present decides the storing mode. */
  readonly rank: number
  readonly operations: readonly TokenizingOperation[]
  /** The storing mode the field asks for when it is true (or its value, for the mode itself). */
  readonly mode: (request: TokenizationRequest, operation: TokenizingOperation) => StorePaymentMethodMode | undefined
  /** Contract types a token stored because of this field gets. */
  readonly contracts: readonly RecurringContractType[]
}

/** The current fields make a token usable for every recurringProcessingModel (NOTES.md). */
const CURRENT_CONTRACTS: readonly RecurringContractType[] = ['ONECLICK', 'RECURRING']

const whenTrue = (value: boolean | undefined, mode: StorePaymentMethodMode): StorePaymentMethodMode | undefined => (value === undefined ? undefined : value ? mode : 'disabled')

/**
 * Precedence: an explicit `storePaymentMethodMode` (sessions) decides alone; else `storePaymentMethod`
 * (the field that replaced the booleans) when sent; else the legacy booleans, any true one storing.
 * `enableOneClick` "asks the shopper" (v71/v72 description): in a session that is Drop-in's checkbox,
 * on /payments the merchant's own page asked, so the card is stored. Nothing sent: nothing stored.
 */
export const TOKENIZATION_FIELDS: Readonly<Record<StoringField, FieldRule>> = {
  storePaymentMethodMode: { rank: 1, operations: ['sessions'], mode: (r) => r.storePaymentMethodMode, contracts: CURRENT_CONTRACTS },
  storePaymentMethod: { rank: 2, operations: ['sessions', 'payments'], mode: (r) => whenTrue(r.storePaymentMethod, 'enabled'), contracts: CURRENT_CONTRACTS },
  enableRecurring: { rank: 3, operations: ['sessions', 'payments'], mode: (r) => whenTrue(r.enableRecurring, 'enabled'), contracts: ['RECURRING'] },
  enablePayOut: { rank: 3, operations: ['sessions', 'payments'], mode: (r) => whenTrue(r.enablePayOut, 'enabled'), contracts: ['PAYOUT'] },
  enableOneClick: { rank: 3, operations: ['sessions', 'payments'], mode: (r, op) => whenTrue(r.enableOneClick, op === 'sessions' ? 'askForConsent' : 'enabled'), contracts: ['ONECLICK'] },
}

/**
 * The other tokenization fields the mock acts on, for the ignored-fields check: what each one does.
 * `recurringProcessingModel` and `shopperInteraction` do not decide storing; they flag the payment
 * and decide whether a stored card needs its CVC (payments.ts).
 */
export const TOKENIZATION_FLAG_FIELDS = {
  recurringProcessingModel: 'flags the payment; CardOnFile reuse needs the CVC unless skipCvcForOneClick',
  shopperInteraction: 'flags the payment (Ecommerce on the first payment, ContAuth on reuse)',
} as const

export const TOKENIZATION_FIELD_NAMES: readonly string[] = [...Object.keys(TOKENIZATION_FIELDS), ...Object.keys(TOKENIZATION_FLAG_FIELDS)]

export interface StorageDecision {
  /** What was asked (stored only with a shopperReference): disabled: never; askForConsent: if the shopper ticks Drop-in's box; enabled: always. */
  readonly mode: StorePaymentMethodMode
  /** The field whose value decided the mode (undefined: nothing was sent). */
  readonly decidedBy: StoringField | undefined
  /** The contract types a token stored by this request gets. */
  readonly contracts: readonly RecurringContractType[]
  /** Whether a storing mode was asked for without a shopperReference (nothing can be stored). */
  readonly withoutShopperReference: boolean
}

const STRENGTH: Readonly<Record<StorePaymentMethodMode, number>> = { enabled: 2, askForConsent: 1, disabled: 0 }

/** Each operation's fields grouped by rank, lowest first: worked out once, read on every call. */
const RANKED: Readonly<Record<TokenizingOperation, ReadonlyArray<ReadonlyArray<readonly [StoringField, FieldRule]>>>> = {
  sessions: rankedFieldsOf('sessions'),
  payments: rankedFieldsOf('payments'),
}

function rankedFieldsOf(operation: TokenizingOperation): Array<Array<readonly [StoringField, FieldRule]>> {
  const applicable = (Object.entries(TOKENIZATION_FIELDS) as Array<[StoringField, FieldRule]>).filter(([, rule]) => rule.operations.includes(operation))
  const ranks = [...new Set(applicable.map(([, rule]) => rule.rank))].sort((a, b) => a - b)
  return ranks.map((rank) => applicable.filter(([, rule]) => rule.rank === rank))
}

/** Reads a request's tokenization fields in the order of precedence above. */
export function storageOf(request: TokenizationRequest, operation: TokenizingOperation): StorageDecision {
  let decided: { readonly field: StoringField; readonly mode: StorePaymentMethodMode; readonly rule: FieldRule } | undefined
  for (const fields of RANKED[operation]) {
    // Within one rank (the legacy booleans) the strongest ask wins: a true one over a false one.
    for (const [field, rule] of fields) {
      const mode = rule.mode(request, operation)
      if (mode !== undefined && (decided === undefined || STRENGTH[mode] > STRENGTH[decided.mode])) decided = { field, mode, rule }
    }
    if (decided) break
  }
  const mode = decided?.mode ?? 'disabled'
  if (mode === 'disabled' || !decided) return { mode, decidedBy: decided?.field, contracts: [], withoutShopperReference: false }
  const contracts = new Set<RecurringContractType>(decided.rule.contracts)
  // A legacy boolean sent beside the deciding field still names its contract type.
  for (const fields of RANKED[operation]) for (const [field, rule] of fields) if (rule.rank === 3 && request[field] === true) for (const c of rule.contracts) contracts.add(c)
  return { mode, decidedBy: decided.field, contracts: [...contracts], withoutShopperReference: request.shopperReference === undefined }
}

/** The engine's view of what the merchant asked for. */
export const intentOf = (decision: StorageDecision): TokenizeIntent =>
  decision.mode === 'enabled' ? 'enabled' : decision.mode === 'askForConsent' ? 'ask_consent' : 'none'

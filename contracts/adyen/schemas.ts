/**
 * Adyen Checkout API (v71/v72), Recurring API v68 and standard webhooks as zod schemas, limited to
 * what card tokenization uses (seed 003).
 *
 * Conventions:
 * - Requests are `z.looseObject`: merchants send many fields this contract does not model and Adyen
 *   ignores none of them silently, but the mock only acts on the ones named here.
 * - Responses and webhooks are `z.object`: they are what the mock produces, and each one must also
 *   validate against Adyen's published OpenAPI component (contracts/adyen/openapi-judge.ts), so only
 *   fields present in both v71 and v72 are used.
 * - Limits are Adyen's documented ones (reference 80, shopperReference ≥ 3 and ≤ 256, holderName 80,
 *   Idempotency-Key 64). Choices where the docs are silent are in NOTES.md.
 */
import { z } from 'zod'

// ---------------------------------------------------------------------------------------------
// Building blocks (inline in the JSON Schema)
// ---------------------------------------------------------------------------------------------

const dateTime = () => z.iso.datetime({ offset: true })
/** `additionalData`: Adyen puts every value on the wire as a string. */
const stringMap = () => z.record(z.string(), z.string())

// ---------------------------------------------------------------------------------------------
// Shared types
// ---------------------------------------------------------------------------------------------

/** ISO 4217 currency code and a value in minor units (a JSON integer). */
export const Amount = z.object({
  currency: z.string().length(3).regex(/^[A-Z]{3}$/),
  value: z.number().int().min(0),
})
export type Amount = z.infer<typeof Amount>

export const ShopperInteraction = z.enum(['Ecommerce', 'ContAuth', 'Moto', 'POS'])
export type ShopperInteraction = z.infer<typeof ShopperInteraction>

export const RecurringProcessingModel = z.enum(['CardOnFile', 'Subscription', 'UnscheduledCardOnFile'])
export type RecurringProcessingModel = z.infer<typeof RecurringProcessingModel>

/** Whether the card is stored: never (default), when the shopper ticks the Drop-in checkbox, or always. */
export const StorePaymentMethodMode = z.enum(['disabled', 'askForConsent', 'enabled'])
export type StorePaymentMethodMode = z.infer<typeof StorePaymentMethodMode>

/** Case-sensitive, at least three characters, no PII (seed 003). */
export const ShopperReference = z.string().min(3).max(256)

export const ResultCode = z.enum([
  'AuthenticationFinished',
  'AuthenticationNotRequired',
  'Authorised',
  'Cancelled',
  'ChallengeShopper',
  'Error',
  'IdentifyShopper',
  'PartiallyAuthorised',
  'Pending',
  'PresentToShopper',
  'Received',
  'RedirectShopper',
  'Refused',
  'Success',
])
export type ResultCode = z.infer<typeof ResultCode>

/**
 * A card payment method: raw test values (`number`…), `test_`-prefixed values in the encrypted
 * fields (Adyen's test environment), or a stored token (`storedPaymentMethodId`, legacy
 * `recurringDetailReference`).
 */
export const CardDetails = z.looseObject({
  type: z.string().min(1).max(64).optional(),
  brand: z.string().optional(),
  number: z.string().optional(),
  expiryMonth: z.string().optional(),
  expiryYear: z.string().optional(),
  cvc: z.string().optional(),
  encryptedCardNumber: z.string().optional(),
  encryptedExpiryMonth: z.string().optional(),
  encryptedExpiryYear: z.string().optional(),
  encryptedSecurityCode: z.string().optional(),
  holderName: z.string().max(80).optional(),
  storedPaymentMethodId: z.string().min(1).max(64).optional(),
  recurringDetailReference: z.string().min(1).max(64).optional(),
})
export type CardDetails = z.infer<typeof CardDetails>

// ---------------------------------------------------------------------------------------------
// POST /sessions
// ---------------------------------------------------------------------------------------------

/**
 * The legacy tokenization booleans, still documented in Checkout v71 and v72 (and sent by apps built
 * on older libraries): how the mock reads them beside the current fields is mocks/adyen/tokenization.ts.
 */
const legacyTokenizationFields = {
  enableRecurring: z.boolean().optional(),
  enableOneClick: z.boolean().optional(),
  enablePayOut: z.boolean().optional(),
}

export const CreateCheckoutSessionRequest = z.looseObject({
  merchantAccount: z.string().min(1),
  reference: z.string().min(1).max(80),
  amount: Amount,
  returnUrl: z.string().min(1).max(8000),
  shopperReference: ShopperReference.optional(),
  storePaymentMethodMode: StorePaymentMethodMode.optional(),
  storePaymentMethod: z.boolean().optional(),
  ...legacyTokenizationFields,
  recurringProcessingModel: RecurringProcessingModel.optional(),
  shopperInteraction: ShopperInteraction.optional(),
  expiresAt: dateTime().optional(),
  countryCode: z.string().length(2).optional(),
  shopperLocale: z.string().optional(),
  channel: z.enum(['iOS', 'Android', 'Web']).optional(),
  mode: z.enum(['embedded', 'hosted']).optional(),
  /** Seed 003 names this for paying with a token through a session; the OpenAPI model lacks it. */
  paymentMethod: CardDetails.optional(),
})
export type CreateCheckoutSessionRequest = z.infer<typeof CreateCheckoutSessionRequest>

export const CreateCheckoutSessionResponse = z.object({
  id: z.string().min(1),
  sessionData: z.string().min(1),
  amount: Amount,
  expiresAt: dateTime(),
  merchantAccount: z.string(),
  reference: z.string(),
  returnUrl: z.string(),
  mode: z.enum(['embedded', 'hosted']),
  shopperReference: z.string().optional(),
  shopperInteraction: ShopperInteraction.optional(),
  recurringProcessingModel: RecurringProcessingModel.optional(),
  storePaymentMethodMode: StorePaymentMethodMode.optional(),
  storePaymentMethod: z.boolean().optional(),
  ...legacyTokenizationFields,
  countryCode: z.string().optional(),
  shopperLocale: z.string().optional(),
  channel: z.enum(['iOS', 'Android', 'Web']).optional(),
})
export type CreateCheckoutSessionResponse = z.infer<typeof CreateCheckoutSessionResponse>

// ---------------------------------------------------------------------------------------------
// GET /sessions/{sessionId}?sessionResult=
// ---------------------------------------------------------------------------------------------

export const SessionResultQuery = z.object({
  sessionId: z.string().min(1),
  sessionResult: z.string().min(1),
})
export type SessionResultQuery = z.infer<typeof SessionResultQuery>

export const ResponsePaymentMethod = z.object({ brand: z.string().optional(), type: z.string().optional() })
export type ResponsePaymentMethod = z.infer<typeof ResponsePaymentMethod>

export const SessionPayment = z.object({
  amount: Amount.optional(),
  paymentMethod: ResponsePaymentMethod.optional(),
  pspReference: z.string(),
  resultCode: z.enum(['Authorised']),
})
export type SessionPayment = z.infer<typeof SessionPayment>

export const SessionResultResponse = z.object({
  id: z.string(),
  reference: z.string().optional(),
  status: z.enum(['active', 'canceled', 'completed', 'expired', 'paymentPending', 'refused']),
  payments: z.array(SessionPayment).optional(),
})
export type SessionResultResponse = z.infer<typeof SessionResultResponse>

// ---------------------------------------------------------------------------------------------
// POST /payments, POST /payments/details
// ---------------------------------------------------------------------------------------------

export const PaymentRequest = z.looseObject({
  merchantAccount: z.string().min(1),
  reference: z.string().min(1).max(80),
  amount: Amount,
  paymentMethod: CardDetails,
  returnUrl: z.string().max(8000).optional(),
  shopperReference: ShopperReference.optional(),
  storePaymentMethod: z.boolean().optional(),
  ...legacyTokenizationFields,
  recurringProcessingModel: RecurringProcessingModel.optional(),
  shopperInteraction: ShopperInteraction.optional(),
  additionalData: z.record(z.string(), z.unknown()).optional(),
})
export type PaymentRequest = z.infer<typeof PaymentRequest>

/**
 * The action a RedirectShopper answer carries: the browser goes to `url` (GET, or a form POST of
 * `data`) and comes back to the merchant's `returnUrl` with `redirectResult` (CheckoutRedirectAction).
 */
export const CheckoutRedirectAction = z.object({
  type: z.literal('redirect'),
  url: z.string().optional(),
  method: z.string().optional(),
  data: stringMap().optional(),
  paymentMethodType: z.string().optional(),
})
export type CheckoutRedirectAction = z.infer<typeof CheckoutRedirectAction>

/** The answer of /payments: the business result is in `resultCode` (HTTP 200 also for Refused). */
export const PaymentResponse = z.object({
  pspReference: z.string(),
  resultCode: ResultCode,
  merchantReference: z.string(),
  amount: Amount.optional(),
  refusalReason: z.string().optional(),
  refusalReasonCode: z.string().optional(),
  paymentMethod: ResponsePaymentMethod.optional(),
  additionalData: stringMap().optional(),
  action: CheckoutRedirectAction.optional(),
})
export type PaymentResponse = z.infer<typeof PaymentResponse>

export const PaymentDetailsRequest = z.looseObject({
  details: z.looseObject({ redirectResult: z.string().optional(), threeDSResult: z.string().optional() }),
  paymentData: z.string().optional(),
})
export type PaymentDetailsRequest = z.infer<typeof PaymentDetailsRequest>

/** The answer of /payments/details has the shape of the /payments answer. */
export const PaymentDetailsResponse = PaymentResponse.describe('The answer of /payments/details: the same shape as the /payments answer.')
export type PaymentDetailsResponse = z.infer<typeof PaymentDetailsResponse>

// ---------------------------------------------------------------------------------------------
// POST /paymentMethods
// ---------------------------------------------------------------------------------------------

export const PaymentMethodsRequest = z.looseObject({
  merchantAccount: z.string().min(1),
  shopperReference: ShopperReference.optional(),
  amount: Amount.optional(),
  countryCode: z.string().length(2).optional(),
  channel: z.enum(['iOS', 'Android', 'Web']).optional(),
})
export type PaymentMethodsRequest = z.infer<typeof PaymentMethodsRequest>

export const CheckoutPaymentMethod = z.object({ type: z.string(), name: z.string(), brands: z.array(z.string()).optional() })
export type CheckoutPaymentMethod = z.infer<typeof CheckoutPaymentMethod>

/** A stored card as /paymentMethods shows it to Drop-in: last four digits only. */
export const StoredPaymentMethod = z.object({
  id: z.string(),
  type: z.string(),
  brand: z.string(),
  name: z.string(),
  lastFour: z.string().length(4),
  expiryMonth: z.string(),
  expiryYear: z.string(),
  holderName: z.string().optional(),
  supportedShopperInteractions: z.array(ShopperInteraction),
  supportedRecurringProcessingModels: z.array(RecurringProcessingModel),
})
export type StoredPaymentMethod = z.infer<typeof StoredPaymentMethod>

export const PaymentMethodsResponse = z.object({
  paymentMethods: z.array(CheckoutPaymentMethod),
  storedPaymentMethods: z.array(StoredPaymentMethod).optional(),
})
export type PaymentMethodsResponse = z.infer<typeof PaymentMethodsResponse>

// ---------------------------------------------------------------------------------------------
// GET /storedPaymentMethods, DELETE /storedPaymentMethods/{storedPaymentMethodId}
// ---------------------------------------------------------------------------------------------

export const ListStoredPaymentMethodsQuery = z.object({ shopperReference: ShopperReference, merchantAccount: z.string().min(1) })
export type ListStoredPaymentMethodsQuery = z.infer<typeof ListStoredPaymentMethodsQuery>

export const StoredPaymentMethodResource = z.object({
  id: z.string(),
  type: z.string(),
  brand: z.string(),
  name: z.string().optional(),
  lastFour: z.string().length(4),
  expiryMonth: z.string(),
  expiryYear: z.string(),
  holderName: z.string().optional(),
  shopperReference: z.string(),
  supportedRecurringProcessingModels: z.array(RecurringProcessingModel),
})
export type StoredPaymentMethodResource = z.infer<typeof StoredPaymentMethodResource>

export const ListStoredPaymentMethodsResponse = z.object({
  merchantAccount: z.string(),
  shopperReference: z.string(),
  storedPaymentMethods: z.array(StoredPaymentMethodResource),
})
export type ListStoredPaymentMethodsResponse = z.infer<typeof ListStoredPaymentMethodsResponse>

export const DeleteStoredPaymentMethodQuery = z.object({
  storedPaymentMethodId: z.string().min(1),
  shopperReference: ShopperReference,
  merchantAccount: z.string().min(1),
})
export type DeleteStoredPaymentMethodQuery = z.infer<typeof DeleteStoredPaymentMethodQuery>

/** DELETE answers 204 with no body. */
export const NoContent = z.undefined()

// ---------------------------------------------------------------------------------------------
// Recurring API v68 (pal host): stored details by shopperReference (RecurringService-v68.json)
// ---------------------------------------------------------------------------------------------

/** A recurring contract type: what a stored detail may be used for. */
export const RecurringContractType = z.enum(['ONECLICK', 'RECURRING', 'PAYOUT', 'EXTERNAL'])
export type RecurringContractType = z.infer<typeof RecurringContractType>

/** The `recurring` filter of listRecurringDetails (and of the classic API's payment requests). */
export const RecurringSpec = z.looseObject({
  contract: z.enum(['ONECLICK', 'ONECLICK,RECURRING', 'RECURRING', 'PAYOUT', 'EXTERNAL']).optional(),
  recurringDetailName: z.string().optional(),
  recurringExpiry: dateTime().optional(),
  recurringFrequency: z.string().optional(),
  tokenService: z.enum(['VISATOKENSERVICE', 'MCTOKENSERVICE', 'AMEXTOKENSERVICE', 'TOKEN_SHARING']).optional(),
})
export type RecurringSpec = z.infer<typeof RecurringSpec>

export const RecurringDetailsRequest = z.looseObject({
  merchantAccount: z.string().min(1),
  shopperReference: ShopperReference,
  recurring: RecurringSpec.optional(),
})
export type RecurringDetailsRequest = z.infer<typeof RecurringDetailsRequest>

/** A stored card as the Recurring API lists it: `card.number` is the last four digits only. */
export const RecurringDetail = z.object({
  additionalData: stringMap().optional(),
  alias: z.string().optional(),
  aliasType: z.string().optional(),
  card: z
    .object({
      expiryMonth: z.string().min(1).max(2),
      expiryYear: z.string().length(4),
      holderName: z.string().min(1).max(50).optional(),
      number: z.string().length(4),
    })
    .optional(),
  contractTypes: z.array(RecurringContractType),
  creationDate: dateTime(),
  firstPspReference: z.string().optional(),
  name: z.string().optional(),
  paymentMethodVariant: z.string().optional(),
  recurringDetailReference: z.string(),
  variant: z.string(),
})
export type RecurringDetail = z.infer<typeof RecurringDetail>

export const RecurringDetailsResult = z.object({
  creationDate: dateTime().optional(),
  details: z.array(z.object({ RecurringDetail })),
  shopperReference: z.string(),
})
export type RecurringDetailsResult = z.infer<typeof RecurringDetailsResult>

export const DisableRequest = z.looseObject({
  merchantAccount: z.string().min(1),
  shopperReference: ShopperReference,
  recurringDetailReference: z.string().min(1).optional(),
  /** Disables only this contract type of the details (ONECLICK, RECURRING, PAYOUT). */
  contract: z.string().min(1).optional(),
})
export type DisableRequest = z.infer<typeof DisableRequest>

export const DisableResult = z.object({
  response: z.enum(['[detail-successfully-disabled]', '[all-details-successfully-disabled]']),
})
export type DisableResult = z.infer<typeof DisableResult>

export const NotifyShopperRequest = z.looseObject({
  merchantAccount: z.string().min(1),
  shopperReference: ShopperReference,
  amount: Amount,
  reference: z.string().min(1).max(80),
  recurringDetailReference: z.string().min(1).optional(),
  storedPaymentMethodId: z.string().min(1).optional(),
  billingDate: z.string().optional(),
  billingSequenceNumber: z.string().optional(),
  displayedReference: z.string().optional(),
})
export type NotifyShopperRequest = z.infer<typeof NotifyShopperRequest>

export const NotifyShopperResult = z.object({
  displayedReference: z.string().optional(),
  message: z.string(),
  pspReference: z.string(),
  reference: z.string(),
  resultCode: z.string(),
  shopperNotificationReference: z.string(),
  storedPaymentMethodId: z.string(),
})
export type NotifyShopperResult = z.infer<typeof NotifyShopperResult>

export const ScheduleAccountUpdaterRequest = z.looseObject({
  merchantAccount: z.string().min(1),
  reference: z.string().min(1).max(80),
  shopperReference: ShopperReference.optional(),
  selectedRecurringDetailReference: z.string().min(1).optional(),
  card: z.looseObject({ number: z.string().optional(), expiryMonth: z.string().optional(), expiryYear: z.string().optional(), holderName: z.string().optional() }).optional(),
  additionalData: z.record(z.string(), z.string()).optional(),
})
export type ScheduleAccountUpdaterRequest = z.infer<typeof ScheduleAccountUpdaterRequest>

export const ScheduleAccountUpdaterResult = z.object({ pspReference: z.string(), result: z.string() })
export type ScheduleAccountUpdaterResult = z.infer<typeof ScheduleAccountUpdaterResult>

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Every 4xx/5xx answer of the Checkout API. `status` repeats the HTTP status (the Node library reads it). */
export const ServiceError = z.object({
  status: z.number().int(),
  errorCode: z.string(),
  message: z.string(),
  errorType: z.enum(['validation', 'security', 'configuration', 'internal']),
  pspReference: z.string().optional(),
})
export type ServiceError = z.infer<typeof ServiceError>

// ---------------------------------------------------------------------------------------------
// Standard webhooks
// ---------------------------------------------------------------------------------------------

const notificationItem = <E extends string>(eventCode: E) =>
  z.object({
    additionalData: stringMap(),
    amount: Amount,
    eventCode: z.literal(eventCode),
    eventDate: dateTime(),
    merchantAccountCode: z.string(),
    merchantReference: z.string(),
    originalReference: z.string().optional(),
    /** RECURRING_CONTRACT only: the pspReference of the payment that stored the card. */
    originalPsp: z.string().optional(),
    paymentMethod: z.string().optional(),
    pspReference: z.string(),
    reason: z.string().optional(),
    /** A string, as Adyen sends it. */
    success: z.enum(['true', 'false']),
    operations: z.array(z.enum(['CANCEL', 'CAPTURE', 'REFUND'])).optional(),
  })

export const AuthorisationNotificationItem = notificationItem('AUTHORISATION')
export type AuthorisationNotificationItem = z.infer<typeof AuthorisationNotificationItem>
export const RecurringContractNotificationItem = notificationItem('RECURRING_CONTRACT')
export type RecurringContractNotificationItem = z.infer<typeof RecurringContractNotificationItem>

export const AuthorisationNotification = z.object({
  live: z.enum(['true', 'false']),
  notificationItems: z.array(z.object({ NotificationRequestItem: AuthorisationNotificationItem })),
})
export type AuthorisationNotification = z.infer<typeof AuthorisationNotification>

export const RecurringContractNotification = z.object({
  live: z.enum(['true', 'false']),
  notificationItems: z.array(z.object({ NotificationRequestItem: RecurringContractNotificationItem })),
})
export type RecurringContractNotification = z.infer<typeof RecurringContractNotification>

/** Every named schema, for JSON Schema export. */
export const adyenSchemas = {
  Amount,
  ShopperInteraction,
  RecurringProcessingModel,
  StorePaymentMethodMode,
  ShopperReference,
  ResultCode,
  CardDetails,
  CreateCheckoutSessionRequest,
  CreateCheckoutSessionResponse,
  SessionResultQuery,
  ResponsePaymentMethod,
  SessionPayment,
  SessionResultResponse,
  PaymentRequest,
  CheckoutRedirectAction,
  PaymentResponse,
  PaymentDetailsRequest,
  PaymentDetailsResponse,
  PaymentMethodsRequest,
  CheckoutPaymentMethod,
  StoredPaymentMethod,
  PaymentMethodsResponse,
  ListStoredPaymentMethodsQuery,
  StoredPaymentMethodResource,
  ListStoredPaymentMethodsResponse,
  DeleteStoredPaymentMethodQuery,
  RecurringContractType,
  RecurringSpec,
  RecurringDetailsRequest,
  RecurringDetail,
  RecurringDetailsResult,
  DisableRequest,
  DisableResult,
  NotifyShopperRequest,
  NotifyShopperResult,
  ScheduleAccountUpdaterRequest,
  ScheduleAccountUpdaterResult,
  ServiceError,
  AuthorisationNotificationItem,
  RecurringContractNotificationItem,
  AuthorisationNotification,
  RecurringContractNotification,
} as const satisfies Record<string, z.ZodType>

/**
 * Pivot Payment API (Indonesia; `/v1/access-token`, `/v2/payments`, `/v1/customers`) as zod schemas.
 *
 * Conventions:
 * - Every answer is the envelope `{code, message, data?, error?}`; `code` "00" is success.
 * - Requests are `z.object`s with the documented fields; limits only where documented, otherwise
 *   the generous ones listed in NOTES.md. Unknown request fields are ignored.
 * - Amounts are integer IDR (no minor units), as in the samples.
 *
 * Sources: seed 001 (Pay and Save Card), research antom-pivot.md part 2. Choices the docs leave open
 * (confirm path, card encryption, stored-card reuse fields, event names) are in NOTES.md.
 */
import { z } from 'zod'

const text = (max: number) => z.string().min(1).max(max)
const dateTime = () => z.iso.datetime({ offset: true })
const url = () => z.url().max(2048)

// ---------------------------------------------------------------------------------------------
// Shared types
// ---------------------------------------------------------------------------------------------

export const Amount = z.object({
  value: z.number().int().positive().max(100_000_000_000),
  currency: z.literal('IDR'),
})
export type Amount = z.infer<typeof Amount>

export const SessionMode = z.enum(['REDIRECT', 'API'])
export const PaymentType = z.literal('SINGLE')

export const SessionStatus = z.enum(['REQUIRE_PAYMENT_METHOD', 'REQUIRE_CONFIRMATION', 'REQUIRE_ACTION', 'PROCESSING', 'PAID', 'FAILED', 'EXPIRED', 'CANCELLED'])
export type SessionStatus = z.infer<typeof SessionStatus>

export const ChargeStatus = z.enum(['WAITING_FOR_USER_ACTION', 'WAITING_FOR_AUTHENTICATION', 'PROCESSING', 'WAITING_FOR_CAPTURE', 'SUCCESS', 'FAILED', 'EXPIRED'])
export type ChargeStatus = z.infer<typeof ChargeStatus>

export const RedirectUrl = z.object({
  successReturnUrl: url(),
  failureReturnUrl: url(),
  expirationReturnUrl: url(),
})
export type RedirectUrl = z.infer<typeof RedirectUrl>

export const PhoneNumber = z.object({ countryCode: z.string().regex(/^\+\d{1,4}$/), number: z.string().regex(/^\d{4,15}$/) })

/** A new customer (email is its unique key), or a saved one by `id`. */
export const CustomerInput = z.object({
  id: z.uuid().optional(),
  givenName: text(100).optional(),
  surname: text(100).optional(),
  email: z.email().max(255).optional(),
  phoneNumber: PhoneNumber.optional(),
})
export type CustomerInput = z.infer<typeof CustomerInput>

export const ProductDetail = z.object({
  name: text(255),
  quantity: z.number().int().positive(),
  price: z.number().int().nonnegative(),
  sku: text(100).optional(),
  category: text(100).optional(),
})

export const OrderInformation = z.object({
  productDetails: z.array(ProductDetail).max(100).optional(),
  billingInfo: z.record(z.string(), z.unknown()).optional(),
  shippingInfo: z.record(z.string(), z.unknown()).optional(),
})

/**
 * The card part of `paymentMethod`: a new card encrypted with the session's key, or a stored
 * payment method's token with the CVC the buyer typed again.
 */
export const CardMethodInput = z.object({
  encryptedCard: z.string().min(16).max(4096).optional(),
  token: z.uuid().optional(),
  cvc: z.string().regex(/^\d{3,4}$/).optional(),
})

export const PaymentMethodInput = z.object({
  type: z.literal('CARD'),
  card: CardMethodInput.optional(),
})
export type PaymentMethodInput = z.infer<typeof PaymentMethodInput>

export const PaymentMethodOptions = z.object({
  card: z
    .object({
      captureMethod: z.enum(['automatic', 'manual']).default('automatic'),
      threeDsMethod: z.enum(['CHALLENGE', 'AUTO']).default('CHALLENGE'),
    })
    .optional(),
})

/** The plaintext of `encryptedCard` (RSA-OAEP, SHA-256, over this JSON in UTF-8; base64 on the wire). */
export const CardPlaintext = z.object({
  number: z.string().regex(/^\d{13,19}$/),
  expiryMonth: z.string().regex(/^(0[1-9]|1[0-2])$/),
  expiryYear: z.string().regex(/^\d{4}$/),
  cvc: z.string().regex(/^\d{3,4}$/),
  cardholderName: text(100).optional(),
})
export type CardPlaintext = z.infer<typeof CardPlaintext>

export const ErrorDetail = z.object({ field: z.string(), message: z.string() })
export const ApiError = z.object({
  type: z.enum(['API_ERROR', 'GATEWAY_ERROR', 'PARTNER_ERROR']),
  details: z.array(ErrorDetail),
  trace_id: z.string(),
})

/** Every non-success answer. */
export const ErrorEnvelope = z.object({ code: z.string(), message: z.string(), error: ApiError })
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>

const envelope = <T extends z.ZodType>(data: T) => z.object({ code: z.literal('00'), message: z.string(), data })

// ---------------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------------

export const BinInformation = z.object({ type: z.enum(['CREDIT', 'DEBIT', 'PREPAID']), issuingBank: z.string(), brand: z.string(), country: z.string() })
export const AuthenticationResult = z.object({ threeDsVersion: z.string(), threeDsResult: z.enum(['AUTHENTICATION_SUCCESSFUL', 'AUTHENTICATION_FAILED', 'FRICTIONLESS']), threeDsMethod: z.string(), eciCode: z.string() })

export const ChargeCard = z.object({
  first6: z.string().regex(/^\d{6}$/),
  last4: z.string().regex(/^\d{4}$/),
  expMonth: z.string(),
  expYear: z.string(),
  fingerprint: z.string(),
  binInformations: BinInformation,
  authenticationResult: AuthenticationResult.optional(),
})

export const ChargeDetail = z.object({
  id: z.uuid(),
  paymentSessionId: z.uuid(),
  paymentSessionClientReferenceId: z.string(),
  amount: Amount,
  status: ChargeStatus,
  failureCode: z.string().optional(),
  authorizedAmount: z.number().int(),
  capturedAmount: z.number().int(),
  isCaptured: z.boolean(),
  createdAt: dateTime(),
  updatedAt: dateTime(),
  paidAt: dateTime().optional(),
  card: ChargeCard.optional(),
})
export type ChargeDetail = z.infer<typeof ChargeDetail>

/** What the merchant sends the buyer to next (the 3DS page in API mode). */
export const NextAction = z.object({ type: z.literal('REDIRECT_TO_URL'), url: z.string() })

export const PaymentSession = z.object({
  id: z.uuid(),
  clientReferenceId: z.string(),
  amount: Amount,
  autoConfirm: z.boolean(),
  mode: SessionMode,
  bypassStatusPage: z.boolean(),
  redirectUrl: RedirectUrl,
  paymentType: PaymentType,
  paymentMethod: z.object({ type: z.literal('CARD') }).optional(),
  statementDescriptor: z.string().optional(),
  expirationMode: z.literal('STRICT'),
  saveForFutureUse: z.boolean(),
  showSavedPayment: z.boolean(),
  customerId: z.uuid().optional(),
  status: SessionStatus,
  createdAt: dateTime(),
  updatedAt: dateTime(),
  expiryAt: dateTime(),
  /** API mode with a CARD method: the RSA public key (SPKI PEM) to encrypt the card with. */
  encryptionKey: z.string().optional(),
  /** REDIRECT mode: the hosted payment page. */
  paymentUrl: z.string().optional(),
  nextAction: NextAction.optional(),
  chargeDetails: z.array(ChargeDetail),
})
export type PaymentSession = z.infer<typeof PaymentSession>

export const StoredCard = z.object({
  fingerprint: z.string(),
  network: z.string(),
  first6: z.string().regex(/^\d{6}$/),
  last4: z.string().regex(/^\d{4}$/),
  expMonth: z.string(),
  expYear: z.string(),
  cardHolderFirstName: z.string().optional(),
  cardHolderLastName: z.string().optional(),
})

export const StoredPaymentMethod = z.object({
  token: z.uuid(),
  paymentMethod: z.literal('CARD'),
  paymentChannel: z.string(),
  status: z.enum(['ACTIVE', 'INACTIVE']),
  createdAt: dateTime(),
  card: StoredCard,
})

export const Customer = z.object({
  id: z.uuid(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  email: z.string().optional(),
  phoneNumber: PhoneNumber.optional(),
  storedPaymentMethods: z.array(StoredPaymentMethod),
  createdAt: dateTime(),
})

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

export const AccessTokenRequest = z.object({ grantType: z.literal('client_credentials') })
export const AccessTokenResponse = envelope(z.object({ accessToken: z.string(), expiresIn: z.string(), tokenType: z.literal('Bearer') }))

export const CreatePaymentSessionRequest = z.object({
  clientReferenceId: text(255),
  amount: Amount,
  paymentType: PaymentType.default('SINGLE'),
  mode: SessionMode,
  bypassStatusPage: z.boolean().default(false),
  autoConfirm: z.boolean().default(false),
  paymentMethod: PaymentMethodInput.optional(),
  paymentMethodOptions: PaymentMethodOptions.optional(),
  saveForFuture: z.boolean().default(false),
  showSavedPayment: z.boolean().default(false),
  redirectUrl: RedirectUrl,
  customer: CustomerInput.optional(),
  orderInformation: OrderInformation.optional(),
  statementDescriptor: text(22).optional(),
  expiryAt: dateTime().optional(),
})
export type CreatePaymentSessionRequest = z.infer<typeof CreatePaymentSessionRequest>

export const ConfirmPaymentSessionRequest = z.object({
  paymentMethod: PaymentMethodInput,
  paymentMethodOptions: PaymentMethodOptions.optional(),
  saveForFuture: z.boolean().optional(),
})
export type ConfirmPaymentSessionRequest = z.infer<typeof ConfirmPaymentSessionRequest>

export const PaymentSessionResponse = envelope(PaymentSession)
export const CustomerResponse = envelope(Customer)
/** GET requests carry nothing but the path. */
export const EmptyRequest = z.object({})

// ---------------------------------------------------------------------------------------------
// Callbacks
// ---------------------------------------------------------------------------------------------

export const CallbackEvent = z.enum(['PAYMENT.PAID', 'PAYMENT.FAILED', 'PAYMENT.EXPIRED', 'PAYMENT.TEST'])
export const PaymentCallback = z.object({ event: CallbackEvent, data: PaymentSession })
export type PaymentCallback = z.infer<typeof PaymentCallback>

/** Every named schema, for the JSON Schema export. */
export const pivotSchemas: Record<string, z.ZodType> = {
  Amount,
  SessionMode,
  PaymentType,
  SessionStatus,
  ChargeStatus,
  RedirectUrl,
  PhoneNumber,
  CustomerInput,
  ProductDetail,
  OrderInformation,
  CardMethodInput,
  PaymentMethodInput,
  PaymentMethodOptions,
  CardPlaintext,
  ErrorDetail,
  ApiError,
  ErrorEnvelope,
  BinInformation,
  AuthenticationResult,
  ChargeCard,
  ChargeDetail,
  NextAction,
  PaymentSession,
  StoredCard,
  StoredPaymentMethod,
  Customer,
  AccessTokenRequest,
  AccessTokenResponse,
  CreatePaymentSessionRequest,
  ConfirmPaymentSessionRequest,
  PaymentSessionResponse,
  CustomerResponse,
  CallbackEvent,
  PaymentCallback,
}

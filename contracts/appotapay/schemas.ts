/**
 * AppotaPay credit-card API (merchant-hosted card form, `/credit-card/...`) as zod schemas.
 *
 * Conventions:
 * - Requests are `z.object`s with the documented limits, so the exported JSON Schema carries them.
 *   Unknown fields are ignored (AppotaPay's validator only checks the fields it knows).
 * - `customer` and `billing` are optional, but once given every field inside is required: the
 *   Token Create page says so for both ("if entered … you need to enter all information").
 * - Responses are what the mock produces; times are RFC 3339 at UTC+7.
 *
 * Sources: seed 004 (Token Create), research adyen-appota.md part 2. Choices the docs leave open are
 * in NOTES.md.
 */
import { z } from 'zod'

const text = (min: number, max: number) => z.string().min(min).max(max)
/** RFC 3339 with the +07:00 offset AppotaPay answers with. */
const dateTime = () => z.iso.datetime({ offset: true })
const merchantRefId = () => text(1, 40)
/** AppotaPay token ids are lower-case ULIDs (26 characters), documented as at most 32. */
const tokenId = () => text(1, 32)

// ---------------------------------------------------------------------------------------------
// Shared types
// ---------------------------------------------------------------------------------------------

export const TokenType = z.enum(['SINGLE', 'MULTIPLE'])
export type TokenType = z.infer<typeof TokenType>

export const CardBrandName = z.enum(['VISA', 'MASTERCARD', 'JCB', 'AMEX'])
export type CardBrandName = z.infer<typeof CardBrandName>

export const CardType = z.enum(['CREDIT', 'DEBIT', 'PREPAID', 'UNKNOWN'])
export type CardType = z.infer<typeof CardType>

/** Amounts are VND, sent as a JSON number (the docs type them Float). */
export const VndAmount = z.number().positive().max(1_000_000_000_000)
export const Currency = z.literal('VND')

/** The card as the merchant's own form collected it. */
export const CardInput = z.object({
  number: z.string().regex(/^\d{16}$/, 'card number must be 16 digits'),
  holderName: z.string().min(1).max(50).regex(/^[0-9a-zA-Z ]+$/, 'only 0-9, a-z, A-Z and space'),
  expirationMonth: z.string().regex(/^(0[1-9]|1[0-2])$/, 'format MM'),
  expirationYear: z.string().regex(/^\d{2}$/, 'format YY'),
  cvv: z.string().regex(/^\d{3,4}$/, '3 or 4 digits'),
})
export type CardInput = z.infer<typeof CardInput>

export const Browser = z.object({
  clientIp: z.ipv4().min(7).max(45),
  userAgent: text(1, 500),
  referrer: text(1, 500),
  acceptLanguage: text(2, 10),
})

/** Optional, but whole once given. */
export const Customer = z.object({ browser: Browser })
export type Customer = z.infer<typeof Customer>

/** Optional, but whole once given (alternatePhoneNumber, not in the field table, stays optional). */
export const Billing = z.object({
  firstName: text(1, 50),
  lastName: text(1, 50),
  email: z.email().max(255),
  phoneNumber: text(8, 20),
  alternatePhoneNumber: z.string().max(20).optional(),
  province: text(1, 100),
  city: text(1, 100),
  country: z.string().length(2).regex(/^[A-Z]{2}$/),
  addressLine1: text(1, 100),
  addressLine2: text(1, 100),
  postalCode: text(1, 10),
})
export type Billing = z.infer<typeof Billing>

/** The card as the token create answer shows it. */
export const TokenCard = z.object({
  /** First 6 and last 4 digits, the rest X. */
  number: z.string().min(16).max(19).regex(/^\d{6}X+\d{4}$/),
  type: CardType,
  brand: CardBrandName,
  country: z.string().length(2),
})

/** The card as enrollment answers show it. */
export const EnrollmentCard = z.object({
  number: z.string().regex(/^\d{6}X+\d{4}$/),
  expirationMonth: z.string(),
  expirationYear: z.string(),
  cardBrand: CardBrandName,
  cardType: CardType,
  country: z.string().length(2),
})

/** The card as charge answers show it (`countryCode` there, `country` elsewhere: as documented). */
export const ChargeCard = z.object({
  number: z.string().regex(/^\d{6}X+\d{4}$/),
  expirationMonth: z.string(),
  expirationYear: z.string(),
  cardBrand: CardBrandName,
  cardType: CardType,
  countryCode: z.string().length(2),
})

export const ErrorDetail = z.object({ field: z.string(), reason: z.string() })

/** Every non-200 answer. */
export const ErrorResponse = z.object({
  errorCode: z.number().int(),
  message: z.string(),
  errors: z.array(ErrorDetail),
})
export type ErrorResponse = z.infer<typeof ErrorResponse>

/** Headers AppotaPay reads on every credit-card call. */
export const RequestHeaders = z.object({
  'x-appotapay-auth': z.string().min(1),
  'content-type': z.string().optional(),
  'x-request-id': z.string().max(42).optional(),
  language: z.enum(['vi', 'en']).optional(),
  'x-account-ref-id': z.string().max(64).optional(),
})

/** The claims of the `X-APPOTAPAY-AUTH` JWT (HS256 with the partner's secret key). */
export const JwtClaims = z.object({
  iss: z.string().min(1),
  jti: z.string().min(1),
  api_key: z.string().min(1),
  exp: z.number().int(),
})

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

export const TokenCreateRequest = z.object({
  card: CardInput,
  tokenType: TokenType,
  merchantRefId: merchantRefId(),
  customer: Customer.optional(),
  billing: Billing.optional(),
})
export type TokenCreateRequest = z.infer<typeof TokenCreateRequest>

export const TokenCreateResponse = z.object({
  tokenId: tokenId(),
  merchantRefId: merchantRefId(),
  card: TokenCard,
  billing: Billing.optional(),
  createdAt: dateTime(),
  updatedAt: dateTime(),
})
export type TokenCreateResponse = z.infer<typeof TokenCreateResponse>

/** DELETE /credit-card/token/:tokenId takes its merchantRefId in the query string. */
export const TokenDeleteRequest = z.object({ merchantRefId: merchantRefId() })
export const TokenDeleteResponse = z.object({ tokenId: tokenId(), merchantRefId: merchantRefId(), isDeleted: z.boolean() })

/** Either a card or a token: `card` is required_if there is no `tokenId`. */
const cardOrToken = { card: CardInput.optional(), tokenId: tokenId().optional() }

export const EnrollmentRequest = z.object({
  ...cardOrToken,
  amount: VndAmount,
  currency: Currency,
  merchantRefId: merchantRefId(),
  returnUrl: z.url().max(2048),
  customer: Customer.optional(),
  billing: Billing.optional(),
})
export type EnrollmentRequest = z.infer<typeof EnrollmentRequest>

export const EnrollmentStatus = z.enum(['CARD_ENROLLED', 'ENROLLMENT_CHECK_FAILED', 'CARD_NOT_ENROLLED', 'VERIFIED', 'FAILED', 'PENDING'])
export type EnrollmentStatus = z.infer<typeof EnrollmentStatus>

export const EnrollmentResponse = z.object({
  id: text(1, 40),
  merchantRefId: merchantRefId(),
  tokenId: tokenId().optional(),
  status: EnrollmentStatus,
  amount: z.number(),
  currency: Currency,
  /** Where to send the buyer when the status is CARD_ENROLLED or PENDING. */
  deviceDataCollectionUrl: z.string().optional(),
  card: EnrollmentCard,
  eci: z.string().optional(),
})
export type EnrollmentResponse = z.infer<typeof EnrollmentResponse>

/** POST /credit-card/enrollment/validate/:authenticationId has no body of its own. */
export const EnrollmentValidateRequest = z.object({})
export const EnrollmentValidateResponse = z.object({
  authenticationId: text(1, 40),
  merchantRefId: merchantRefId(),
  status: EnrollmentStatus,
  amount: z.number(),
  currency: Currency,
  tokenId: tokenId().optional(),
  deviceDataCollectionUrl: z.string().optional(),
  card: EnrollmentCard,
  eci: z.string().optional(),
})

export const ChargeRequest = z.object({
  ...cardOrToken,
  amount: VndAmount.min(1000),
  currency: Currency,
  /** false (default): authorise only, capture later within 7 days. */
  capture: z.boolean().default(false),
  merchantRefId: merchantRefId(),
  authenticationId: text(1, 40).optional(),
  customer: Customer.optional(),
  billing: Billing.optional(),
})
export type ChargeRequest = z.infer<typeof ChargeRequest>

export const ChargeStatus = z.enum(['AUTHORIZED', 'CAPTURED'])
export const ChargeType = z.enum(['BY_CARD', 'BY_SINGLE_TOKEN', 'BY_MULTIPLE_TOKEN'])

export const ChargeResponse = z.object({
  id: text(1, 40),
  authenticationId: z.string().optional(),
  merchantRefId: merchantRefId(),
  status: ChargeStatus,
  authorizedAmount: z.number(),
  capturedAmount: z.number(),
  currency: Currency,
  approvalCode: z.string(),
  eci: z.string().optional(),
  reconciliationId: z.string(),
  bankReconciliationId: z.string(),
  tokenId: tokenId().optional(),
  card: ChargeCard,
  chargeType: ChargeType,
  createdAt: dateTime(),
  updatedAt: dateTime(),
})
export type ChargeResponse = z.infer<typeof ChargeResponse>

export const CaptureRequest = z.object({ amount: VndAmount.min(1000), currency: Currency })
export type CaptureRequest = z.infer<typeof CaptureRequest>

/** GET /credit-card/charge/:id takes its reference type in the query string. */
export const GetChargeRequest = z.object({ referenceType: z.enum(['APPOTAPAY_REFERENCE_ID', 'MERCHANT_REFERENCE_ID']).default('APPOTAPAY_REFERENCE_ID') })

/** Every named schema, for the JSON Schema export. */
export const appotapaySchemas: Record<string, z.ZodType> = {
  TokenType,
  CardBrandName,
  CardType,
  VndAmount,
  Currency,
  CardInput,
  Browser,
  Customer,
  Billing,
  TokenCard,
  EnrollmentCard,
  ChargeCard,
  ErrorDetail,
  ErrorResponse,
  RequestHeaders,
  JwtClaims,
  TokenCreateRequest,
  TokenCreateResponse,
  TokenDeleteRequest,
  TokenDeleteResponse,
  EnrollmentRequest,
  EnrollmentStatus,
  EnrollmentResponse,
  EnrollmentValidateResponse,
  ChargeRequest,
  ChargeStatus,
  ChargeType,
  ChargeResponse,
  CaptureRequest,
  GetChargeRequest,
}

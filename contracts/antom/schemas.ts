/**
 * Antom wire format (Alipay global open API, `/ams/api/v1/...`) as zod schemas.
 *
 * Conventions:
 * - Requests are `z.looseObject`: unknown fields pass through, because merchants send fields this
 *   contract does not model and Antom ignores what it does not use.
 * - Responses and notifications are `z.object`: they are what the mock produces, so every field is
 *   named here. Fields that Antom leaves out on an F or U result are optional.
 * - Antom documents every non-array field as a string on the wire ("20", "true") while its samples
 *   and SDKs send JSON booleans and numbers, so flags accept both (`WireBoolean`, `WireInteger`).
 * - Limits (`.max()`, `.length()`, patterns) are the documented ones, so they reach the exported
 *   JSON Schema. Where the docs are silent there is no limit.
 *
 * Sources: seed 000 (tokenization samples), seed 002 (createVaultingSession), research
 * antom-pivot.md part 1. Modelling choices the docs do not settle are listed in NOTES.md.
 */
import { z } from 'zod'

// ---------------------------------------------------------------------------------------------
// Field building blocks (not exported: they appear inline in the JSON Schema)
// ---------------------------------------------------------------------------------------------

/** A merchant- or Antom-assigned identifier: non-empty, at most `max` characters. */
const id = (max: number) => z.string().min(1).max(max)
/** Every URL field Antom documents is limited to 2048 characters. */
const url = () => z.url().max(2048)
/** ISO 8601 with seconds and an offset (or Z), e.g. 2025-03-01T02:58:03-08:00. */
const dateTime = () => z.iso.datetime({ offset: true })
/** Two-letter ISO 3166 country or region code. */
const region = () => z.string().length(2).regex(/^[A-Z]{2}$/)
const cardNumber = () => z.string().min(12).max(19).regex(/^\d{12,19}$/)
const cvv = () => z.string().min(3).max(4).regex(/^\d{3,4}$/)
const expiryMonth = () => z.string().length(2).regex(/^(0[1-9]|1[0-2])$/)
const expiryYear = () => z.string().length(2).regex(/^\d{2}$/)
/** A card token as Antom returns it and as `paymentMethodId` takes it back. */
const cardToken = () => z.string().min(1).max(128)

// ---------------------------------------------------------------------------------------------
// Shared types
// ---------------------------------------------------------------------------------------------

/** A boolean as Antom accepts it: a JSON boolean (samples, SDKs) or the string "true"/"false" (API reference). */
export const WireBoolean = z.union([z.boolean(), z.enum(['true', 'false'])])
export type WireBoolean = z.infer<typeof WireBoolean>

/** A non-negative integer as a JSON number or a string of digits. */
export const WireInteger = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
export type WireInteger = z.infer<typeof WireInteger>

/** ISO 4217 alphabetic currency code. */
export const Currency = z.string().length(3).regex(/^[A-Z]{3}$/)
export type Currency = z.infer<typeof Currency>

/** An amount in minor units of the currency, the value as a string of digits (HKD "10", USD "30000"). */
export const Amount = z.object({
  currency: Currency,
  value: z.string().min(1).regex(/^\d+$/),
})
export type Amount = z.infer<typeof Amount>

export const ResultStatus = z.enum(['S', 'F', 'U'])
export type ResultStatus = z.infer<typeof ResultStatus>

/** Outcome of an API call (or, in a notification, of the payment or vaulting it reports). */
export const Result = z.object({
  resultCode: z.string().min(1),
  resultStatus: ResultStatus,
  resultMessage: z.string(),
})
export type Result = z.infer<typeof Result>

export const ProductCode = z.enum(['CASHIER_PAYMENT', 'AGREEMENT_PAYMENT', 'IN_STORE_PAYMENT'])
export type ProductCode = z.infer<typeof ProductCode>

/** Whether Antom saves the card: ask the buyer (hosted page, Payment Element), always, or never. */
export const TokenizeMode = z.enum(['ASKFORCONSENT', 'ENABLED', 'DISABLED'])
export type TokenizeMode = z.infer<typeof TokenizeMode>

export const Funding = z.enum(['CREDIT', 'DEBIT', 'PREPAID', 'CHARGE', 'DEFERRED_DEBIT'])
export type Funding = z.infer<typeof Funding>

/** A person's name (Antom's UserName type); used for buyers. */
export const UserName = z.object({
  firstName: z.string().optional(),
  middleName: z.string().optional(),
  lastName: z.string().optional(),
  fullName: z.string().optional(),
})
export type UserName = z.infer<typeof UserName>

/** The name on a card (same shape as UserName). */
export const CardholderName = z.object({
  firstName: z.string().optional(),
  middleName: z.string().optional(),
  lastName: z.string().optional(),
  fullName: z.string().optional(),
})
export type CardholderName = z.infer<typeof CardholderName>

export const Address = z.looseObject({
  region: region().optional(),
  state: z.string().optional(),
  city: z.string().optional(),
  address1: z.string().optional(),
  address2: z.string().optional(),
  zipCode: z.string().optional(),
})
export type Address = z.infer<typeof Address>

export const Buyer = z.looseObject({
  referenceBuyerId: id(64).optional(),
  buyerName: UserName.optional(),
  buyerPhoneNo: z.string().optional(),
  buyerEmail: z.string().optional(),
  buyerRegistrationTime: dateTime().optional(),
})
export type Buyer = z.infer<typeof Buyer>

/** Where the buyer pays from. */
export const Env = z.looseObject({
  terminalType: z.enum(['WEB', 'WAP', 'APP', 'MINI_APP']).optional(),
  osType: z.enum(['IOS', 'ANDROID']).optional(),
  userAgent: z.string().optional(),
  deviceTokenId: z.string().optional(),
  clientIp: z.string().optional(),
  cookieId: z.string().optional(),
  browserInfo: z.looseObject({}).optional(),
})
export type Env = z.infer<typeof Env>

/** The merchant's order. */
export const Order = z.looseObject({
  referenceOrderId: id(64),
  orderDescription: z.string().min(1).max(256),
  orderAmount: Amount,
  buyer: Buyer.optional(),
  env: Env.optional(),
  extendInfo: z.string().optional(),
})
export type Order = z.infer<typeof Order>

export const SettlementStrategy = z.looseObject({
  settlementCurrency: Currency.optional(),
})
export type SettlementStrategy = z.infer<typeof SettlementStrategy>

export const PaymentFactor = z.looseObject({
  isAuthorization: WireBoolean.optional(),
})
export type PaymentFactor = z.infer<typeof PaymentFactor>

/**
 * `paymentMethod.paymentMethodMetaData` for CARD in pay: raw card data (server-to-server), the
 * tokenization switch (`tokenizeMode`) and the card-on-file flag for a saved card (`isCardOnFile`).
 */
export const CardPaymentMethodMetaData = z.looseObject({
  cardNo: cardNumber().optional(),
  cvv: cvv().optional(),
  expiryMonth: expiryMonth().optional(),
  expiryYear: expiryYear().optional(),
  cardholderName: CardholderName.optional(),
  billingAddress: Address.optional(),
  tokenizeMode: TokenizeMode.optional(),
  isCardOnFile: WireBoolean.optional(),
  requireIssuerAuthentication: WireBoolean.optional(),
  is3DSAuthentication: WireBoolean.optional(),
})
export type CardPaymentMethodMetaData = z.infer<typeof CardPaymentMethodMetaData>

/** The payment method of a pay (or SDK createPaymentSession) call; a saved card is `paymentMethodId` = cardToken. */
export const PaymentMethod = z.looseObject({
  paymentMethodType: id(64),
  paymentMethodId: cardToken().optional(),
  paymentMethodMetaData: CardPaymentMethodMetaData.optional(),
  customerId: id(64).optional(),
  requireIssuerAuthentication: WireBoolean.optional(),
  extendInfo: z.string().optional(),
})
export type PaymentMethod = z.infer<typeof PaymentMethod>

/** What the Payment Element or Checkout Page offers, and how it treats cards (save checkbox, card on file). */
export const AvailablePaymentMethod = z.looseObject({
  paymentMethodTypeList: z
    .array(
      z.looseObject({
        paymentMethodType: id(64),
        paymentMethodOrder: WireInteger.optional(),
        expressCheckout: WireBoolean.optional(),
      }),
    )
    .optional(),
  paymentMethodMetaData: z
    .looseObject({
      tokenizeMode: TokenizeMode.optional(),
      isCardOnFile: WireBoolean.optional(),
    })
    .optional(),
})
export type AvailablePaymentMethod = z.infer<typeof AvailablePaymentMethod>

/** A card the buyer saved earlier, offered again in createPaymentSession: `paymentMethodId` = cardToken. */
export const SavedPaymentMethod = z.looseObject({
  paymentMethodType: id(64),
  paymentMethodId: cardToken(),
})
export type SavedPaymentMethod = z.infer<typeof SavedPaymentMethod>

export const ThreeDSResult = z.object({
  threeDSVersion: z.string().optional(),
  eci: z.string().optional(),
  cavv: z.string().optional(),
  dsTransactionId: z.string().optional(),
  xid: z.string().optional(),
  threeDStransactionStatusReason: z.string().optional(),
  challengeCancel: z.string().optional(),
  challenged: WireBoolean.optional(),
  exemptionType: z.string().optional(),
  threeDSOffered: WireBoolean.optional(),
})
export type ThreeDSResult = z.infer<typeof ThreeDSResult>

/** Card details of a payment result; `cardToken` is present when the card was saved. Card numbers are masked. */
export const PaymentResultInfo = z.object({
  cardNo: z.string().min(1),
  cardBrand: z.string().min(1),
  cardToken: cardToken().optional(),
  issuingCountry: region().optional(),
  funding: Funding.optional(),
  paymentMethodRegion: z.string().optional(),
  threeDSResult: ThreeDSResult.optional(),
  avsResultRaw: z.string().optional(),
  cvvResultRaw: z.string().optional(),
  networkTransactionId: z.string().optional(),
  cardCategory: z.string().optional(),
  cardholderName: z.string().optional(),
  cardBin: z.string().regex(/^\d{6,8}$/).optional(),
  lastFour: z.string().regex(/^\d{4}$/).optional(),
  expiryMonth: expiryMonth().optional(),
  expiryYear: expiryYear().optional(),
  issuerName: z.string().optional(),
  refusalCodeRaw: z.string().optional(),
  refusalReasonRaw: z.string().optional(),
  merchantAdviceCode: z.string().optional(),
  authorizationCode: z.string().optional(),
  credentialTypeUsed: z.string().optional(),
  rrn: z.string().optional(),
})
export type PaymentResultInfo = z.infer<typeof PaymentResultInfo>

/** Where to send the buyer (3DS, hosted card page). */
export const RedirectActionForm = z.object({
  method: z.enum(['GET', 'POST']),
  redirectUrl: url(),
  parameters: z.string().optional(),
  actionFormType: z.string().optional(),
})
export type RedirectActionForm = z.infer<typeof RedirectActionForm>

/** The card to vault (vaultPaymentMethod request). */
export const VaultingCard = z.looseObject({
  cardNo: cardNumber(),
  brand: z.string().optional(),
  cardholderName: CardholderName.optional(),
  billingAddress: Address.optional(),
  cvv: cvv().optional(),
  expiryYear: expiryYear(),
  expiryMonth: expiryMonth(),
})
export type VaultingCard = z.infer<typeof VaultingCard>

/** The payment method to vault (vaultPaymentMethod request). */
export const PaymentMethodDetail = z.looseObject({
  paymentMethodType: id(64),
  card: VaultingCard.optional(),
})
export type PaymentMethodDetail = z.infer<typeof PaymentMethodDetail>

/** A vaulted payment method as Antom returns it: the card token and the masked number, never the PAN. */
export const VaultedPaymentMethodDetail = z.object({
  paymentMethodType: id(64),
  card: z
    .object({
      cardToken: cardToken(),
      maskedCardNo: z.string().min(1),
      brand: z.string().optional(),
      funding: Funding.optional(),
      issuingCountry: region().optional(),
      expiryMonth: expiryMonth().optional(),
      expiryYear: expiryYear().optional(),
      cardholderName: CardholderName.optional(),
      lastFour: z.string().regex(/^\d{4}$/).optional(),
      bin: z.string().regex(/^\d{6,8}$/).optional(),
      networkTransactionId: z.string().optional(),
    })
    .optional(),
})
export type VaultedPaymentMethodDetail = z.infer<typeof VaultedPaymentMethodDetail>

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/**
 * pay (One-time Payments): charges a card, saves it on the way (`tokenizeMode`) or charges a saved one (`paymentMethodId`).
 * @see https://docs.antom.com/ac/ams/payment_cashier.md
 */
export const PayRequest = z
  .looseObject({
    productCode: ProductCode,
    paymentRequestId: id(64),
    paymentAmount: Amount,
    paymentMethod: PaymentMethod,
    order: Order.optional(),
    paymentExpiryTime: dateTime().optional(),
    paymentRedirectUrl: url().optional(),
    paymentNotifyUrl: url().optional(),
    paymentFactor: PaymentFactor.optional(),
    settlementStrategy: SettlementStrategy.optional(),
    merchantRegion: region().optional(),
    userRegion: region().optional(),
    env: Env.optional(),
    isAuthorization: WireBoolean.optional(),
    metadata: z.string().optional(),
    extendInfo: z.string().optional(),
  })
  .describe('pay (One-time Payments) request. See https://docs.antom.com/ac/ams/payment_cashier.md')
export type PayRequest = z.infer<typeof PayRequest>

/**
 * pay response: the outcome, and a URL or action form when the buyer must act (hosted page, 3DS).
 * @see https://docs.antom.com/ac/ams/payment_cashier.md
 */
export const PayResponse = z
  .object({
    result: Result,
    paymentRequestId: id(64).optional(),
    paymentId: id(64).optional(),
    paymentAmount: Amount.optional(),
    actualPaymentAmount: Amount.optional(),
    paymentCreateTime: dateTime().optional(),
    paymentTime: dateTime().optional(),
    authExpiryTime: dateTime().optional(),
    normalUrl: url().optional(),
    schemeUrl: url().optional(),
    applinkUrl: url().optional(),
    redirectActionForm: RedirectActionForm.optional(),
    paymentResultInfo: PaymentResultInfo.optional(),
  })
  .describe('pay (One-time Payments) response. See https://docs.antom.com/ac/ams/payment_cashier.md')
export type PayResponse = z.infer<typeof PayResponse>

/**
 * createPaymentSession (One-time Payments): opens a Payment Element / Checkout Page session, optionally offering saved cards.
 * @see https://docs.antom.com/ac/ams/session_cashier.md
 */
export const CreatePaymentSessionRequest = z
  .looseObject({
    productCode: ProductCode,
    paymentRequestId: id(64),
    paymentAmount: Amount,
    order: Order,
    paymentRedirectUrl: url(),
    paymentNotifyUrl: url().optional(),
    paymentMethod: PaymentMethod.optional(),
    availablePaymentMethod: AvailablePaymentMethod.optional(),
    savedPaymentMethods: z.array(SavedPaymentMethod).optional(),
    paymentSessionExpiryTime: dateTime().optional(),
    paymentFactor: PaymentFactor.optional(),
    settlementStrategy: SettlementStrategy.optional(),
    productScene: z.string().optional(),
    env: Env.optional(),
    locale: z.string().optional(),
    allowedPaymentMethodRegions: z.array(z.string()).optional(),
    merchantRegion: region().optional(),
  })
  .describe('createPaymentSession (One-time Payments) request. See https://docs.antom.com/ac/ams/session_cashier.md')
export type CreatePaymentSessionRequest = z.infer<typeof CreatePaymentSessionRequest>

/**
 * createPaymentSession response: the session data for the client SDK and the Checkout Page link.
 * @see https://docs.antom.com/ac/ams/session_cashier.md
 */
export const CreatePaymentSessionResponse = z
  .object({
    result: Result,
    paymentSessionData: z.string().min(1).optional(),
    paymentSessionId: id(64).optional(),
    paymentSessionExpiryTime: dateTime().optional(),
    normalUrl: url().optional(),
  })
  .describe('createPaymentSession (One-time Payments) response. See https://docs.antom.com/ac/ams/session_cashier.md')
export type CreatePaymentSessionResponse = z.infer<typeof CreatePaymentSessionResponse>

/**
 * inquiryPayment: the status of a payment by paymentRequestId or paymentId (paymentId wins when both are given).
 * @see https://docs.antom.com/ac/ams/paymentri_online.md
 */
export const InquiryPaymentRequest = z
  .looseObject({
    paymentRequestId: id(64).optional(),
    paymentId: id(64).optional(),
    merchantAccountId: z.string().min(1).optional(),
  })
  .refine((r) => r.paymentRequestId !== undefined || r.paymentId !== undefined, {
    message: 'paymentRequestId or paymentId is required',
    path: ['paymentRequestId'],
  })
  .describe(
    'inquiryPayment request; at least one of paymentRequestId and paymentId is required. See https://docs.antom.com/ac/ams/paymentri_online.md',
  )
export type InquiryPaymentRequest = z.infer<typeof InquiryPaymentRequest>

export const PaymentStatus = z.enum(['SUCCESS', 'FAIL', 'PROCESSING', 'CANCELLED', 'PENDING'])
export type PaymentStatus = z.infer<typeof PaymentStatus>

/**
 * inquiryPayment response: `result` is the outcome of the inquiry itself, `paymentStatus` that of the payment.
 * @see https://docs.antom.com/ac/ams/paymentri_online.md
 */
export const InquiryPaymentResponse = z
  .object({
    result: Result,
    paymentStatus: PaymentStatus.optional(),
    paymentResultCode: z.string().optional(),
    paymentResultMessage: z.string().optional(),
    paymentRequestId: id(64).optional(),
    paymentId: id(64).optional(),
    paymentAmount: Amount.optional(),
    actualPaymentAmount: Amount.optional(),
    paymentCreateTime: dateTime().optional(),
    paymentTime: dateTime().optional(),
    authExpiryTime: dateTime().optional(),
    redirectActionForm: RedirectActionForm.optional(),
    paymentResultInfo: PaymentResultInfo.optional(),
    paymentMethodType: id(64).optional(),
  })
  .describe('inquiryPayment response. See https://docs.antom.com/ac/ams/paymentri_online.md')
export type InquiryPaymentResponse = z.infer<typeof InquiryPaymentResponse>

/**
 * createVaultingSession: opens a session for the client SDK to collect and vault a card (fields and limits as in seed 002).
 * @see https://docs.antom.com/ac/ams/vaulting_session.md
 */
export const CreateVaultingSessionRequest = z
  .looseObject({
    paymentMethodType: id(64),
    vaultingRequestId: id(64),
    vaultingNotificationUrl: url().optional(),
    passThroughMetadata: z.string().max(2048).optional(),
    redirectUrl: url().optional(),
    merchantRegion: region().optional(),
    is3DSAuthentication: WireBoolean.optional(),
  })
  .describe('createVaultingSession request. See https://docs.antom.com/ac/ams/vaulting_session.md')
export type CreateVaultingSessionRequest = z.infer<typeof CreateVaultingSessionRequest>

/**
 * createVaultingSession response: on S the session data, id and expiry are all present; on F or U only `result`.
 * @see https://docs.antom.com/ac/ams/vaulting_session.md
 */
export const CreateVaultingSessionResponse = z
  .union([
    z.object({
      result: Result.extend({ resultStatus: z.literal('S') }),
      vaultingSessionData: z.string().min(1).max(4096),
      vaultingSessionId: id(64),
      vaultingSessionExpiryTime: dateTime(),
      normalUrl: url().optional(),
    }),
    z.object({
      result: Result.extend({ resultStatus: z.enum(['F', 'U']) }),
    }),
  ])
  .describe(
    'createVaultingSession response; the session fields are required when result.resultStatus is S and absent otherwise. See https://docs.antom.com/ac/ams/vaulting_session.md',
  )
export type CreateVaultingSessionResponse = z.infer<typeof CreateVaultingSessionResponse>

/**
 * vaultPaymentMethod: vaults card data sent by the merchant (server-to-server) and returns a card token or a verification URL.
 * @see https://docs.antom.com/ac/ams/vault_method.md
 */
export const VaultPaymentMethodRequest = z
  .looseObject({
    vaultingRequestId: id(64),
    vaultingNotificationUrl: url().optional(),
    redirectUrl: url().optional(),
    merchantRegion: region().optional(),
    paymentMethodDetail: PaymentMethodDetail,
    env: Env.optional(),
    vaultingCurrency: Currency.optional(),
    metadata: z.string().optional(),
  })
  .describe('vaultPaymentMethod request. See https://docs.antom.com/ac/ams/vault_method.md')
export type VaultPaymentMethodRequest = z.infer<typeof VaultPaymentMethodRequest>

/**
 * vaultPaymentMethod response: the card token on S, a verification URL on U VERIFICATION_IN_PROCESS.
 * @see https://docs.antom.com/ac/ams/vault_method.md
 */
export const VaultPaymentMethodResponse = z
  .object({
    result: Result,
    vaultingRequestId: id(64).optional(),
    paymentMethodDetail: VaultedPaymentMethodDetail.optional(),
    normalUrl: url().optional(),
    schemeUrl: url().optional(),
    applinkUrl: url().optional(),
  })
  .describe('vaultPaymentMethod response. See https://docs.antom.com/ac/ams/vault_method.md')
export type VaultPaymentMethodResponse = z.infer<typeof VaultPaymentMethodResponse>

/**
 * inquireVaulting: the status of a vaulting request by vaultingRequestId.
 * @see https://global.alipay.com/docs/ac/ams/inquire_vaulting
 */
export const InquireVaultingRequest = z
  .looseObject({
    vaultingRequestId: id(64),
  })
  .describe('inquireVaulting request. See https://global.alipay.com/docs/ac/ams/inquire_vaulting')
export type InquireVaultingRequest = z.infer<typeof InquireVaultingRequest>

export const VaultingStatus = z.enum(['SUCCESS', 'FAIL', 'PROCESSING'])
export type VaultingStatus = z.infer<typeof VaultingStatus>

/**
 * inquireVaulting response: `vaultingStatus` when the inquiry succeeded, the card on SUCCESS, a URL while PROCESSING.
 * @see https://global.alipay.com/docs/ac/ams/inquire_vaulting
 */
export const InquireVaultingResponse = z
  .object({
    result: Result,
    vaultingRequestId: id(64).optional(),
    vaultingStatus: VaultingStatus.optional(),
    paymentMethodDetail: VaultedPaymentMethodDetail.optional(),
    normalUrl: url().optional(),
    schemeUrl: url().optional(),
    applinkUrl: url().optional(),
    vaultingResultCode: z.string().optional(),
    vaultingResultMessage: z.string().optional(),
  })
  .describe('inquireVaulting response. See https://global.alipay.com/docs/ac/ams/inquire_vaulting')
export type InquireVaultingResponse = z.infer<typeof InquireVaultingResponse>

// ---------------------------------------------------------------------------------------------
// Notifications (Antom -> merchant) and the merchant's acknowledgement
// ---------------------------------------------------------------------------------------------

/**
 * notifyPayment: the final (PAYMENT_RESULT) or pending (PAYMENT_PENDING) result of a payment; carries cardToken when the card was saved.
 * @see https://docs.antom.com/ac/ams/paymentrn_online.md
 */
export const NotifyPayment = z
  .object({
    notifyType: z.enum(['PAYMENT_RESULT', 'PAYMENT_PENDING']),
    result: Result,
    paymentRequestId: id(64),
    paymentId: id(64),
    paymentAmount: Amount,
    actualPaymentAmount: Amount.optional(),
    paymentCreateTime: dateTime(),
    paymentTime: dateTime().optional(),
    paymentMethodType: id(64).optional(),
    paymentResultInfo: PaymentResultInfo.optional(),
  })
  .describe('notifyPayment notification body. See https://docs.antom.com/ac/ams/paymentrn_online.md')
export type NotifyPayment = z.infer<typeof NotifyPayment>

/**
 * notifyVaulting: the final result of a vaulting request, with the card token on success.
 * @see https://global.alipay.com/docs/ac/ams/notify_vaulting
 */
export const NotifyVaulting = z
  .object({
    notifyType: z.literal('VAULTING_RESULT').optional(),
    result: Result,
    vaultingRequestId: id(64),
    paymentMethodDetail: VaultedPaymentMethodDetail.optional(),
    vaultingCreateTime: dateTime().optional(),
  })
  .describe('notifyVaulting notification body. See https://global.alipay.com/docs/ac/ams/notify_vaulting')
export type NotifyVaulting = z.infer<typeof NotifyVaulting>

/**
 * The merchant's answer to any notification: a fixed SUCCESS result; anything else makes Antom resend.
 * @see https://global.alipay.com/docs/ac/ams/notify_vaulting
 */
export const NotificationAck = z
  .object({
    result: z.object({
      resultCode: z.literal('SUCCESS'),
      resultStatus: z.literal('S'),
      resultMessage: z.string(),
    }),
  })
  .describe('Acknowledgement the merchant returns for a notification. See https://global.alipay.com/docs/ac/ams/notify_vaulting')
export type NotificationAck = z.infer<typeof NotificationAck>

/** Every named Antom schema, by export name: the input of the JSON Schema and type export. */
export const antomSchemas: Record<string, z.ZodType> = {
  WireBoolean,
  WireInteger,
  Currency,
  Amount,
  ResultStatus,
  Result,
  ProductCode,
  TokenizeMode,
  Funding,
  UserName,
  CardholderName,
  Address,
  Buyer,
  Env,
  Order,
  SettlementStrategy,
  PaymentFactor,
  CardPaymentMethodMetaData,
  PaymentMethod,
  AvailablePaymentMethod,
  SavedPaymentMethod,
  ThreeDSResult,
  PaymentResultInfo,
  RedirectActionForm,
  VaultingCard,
  PaymentMethodDetail,
  VaultedPaymentMethodDetail,
  PayRequest,
  PayResponse,
  CreatePaymentSessionRequest,
  CreatePaymentSessionResponse,
  InquiryPaymentRequest,
  InquiryPaymentResponse,
  PaymentStatus,
  CreateVaultingSessionRequest,
  CreateVaultingSessionResponse,
  VaultPaymentMethodRequest,
  VaultPaymentMethodResponse,
  InquireVaultingRequest,
  InquireVaultingResponse,
  VaultingStatus,
  NotifyPayment,
  NotifyVaulting,
  NotificationAck,
}

import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import * as antom from './schemas.ts'
import {
  CreatePaymentSessionRequest,
  CreateVaultingSessionRequest,
  CreateVaultingSessionResponse,
  InquireVaultingResponse,
  InquiryPaymentRequest,
  NotificationAck,
  NotifyPayment,
  NotifyVaulting,
  PayRequest,
  PayResponse,
  VaultPaymentMethodRequest,
  VaultPaymentMethodResponse,
  antomSchemas,
} from './schemas.ts'

/** A copy of `value` without `key`. */
function omit(value: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== key))
}

/** The notifyPayment sample of seed 000 (identical in every tab): a card saved on the first payment. */
const seedNotifyPayment = {
  actualPaymentAmount: { currency: 'HKD', value: '10' },
  notifyType: 'PAYMENT_RESULT',
  paymentAmount: { currency: 'HKD', value: '10' },
  paymentCreateTime: '2025-03-01T02:58:03-08:00',
  paymentId: '2025**********01',
  paymentMethodType: 'CARD',
  paymentRequestId: 'PAYMENT_********TO',
  paymentResultInfo: {
    avsResultRaw: 'I',
    cardBrand: 'VISA',
    cardCategory: 'CONSUMER',
    cardNo: '************0197',
    cardToken: 'AL*****************PQ==',
    cvvResultRaw: '',
    funding: 'CREDIT',
    issuingCountry: 'HK',
    networkTransactionId: '58**********81',
    paymentMethodRegion: 'GLOBAL',
    threeDSResult: { cavv: 'AJ*******************AA=', eci: '05', threeDSVersion: '2.2.0' },
  },
  paymentTime: '2025-03-01T02:58:19-08:00',
  result: { resultCode: 'SUCCESS', resultMessage: 'success.', resultStatus: 'S' },
}

/** The createPaymentSession sample of seed 000 (SDK tab): a complete request paying with a saved card. */
const seedSdkSession = {
  productCode: 'CASHIER_PAYMENT',
  paymentRequestId: '55bf********74eb',
  order: {
    referenceOrderId: '926e************e18c',
    orderDescription: 'xxxxx',
    orderAmount: { currency: 'BRL', value: '100' },
    buyer: { referenceBuyerId: 'ye******da', buyerPhoneNo: '134******71' },
  },
  paymentAmount: { currency: 'BRL', value: '100' },
  paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: 'alipayCardToken' },
  paymentRedirectUrl: 'https://www.yourMerchantWeb.com',
  paymentNotifyUrl: 'https://www.yourNotifyUrl',
  paymentFactor: { isAuthorization: true },
  settlementStrategy: { settlementCurrency: 'EUR' },
}

/** The fields the seed's pay fragments leave out as "...". */
const payBase = {
  productCode: 'CASHIER_PAYMENT',
  paymentRequestId: 'pay-0001',
  paymentAmount: { currency: 'HKD', value: '10' },
  order: {
    referenceOrderId: 'order-0001',
    orderDescription: 'Two coffees',
    orderAmount: { currency: 'HKD', value: '10' },
    buyer: { referenceBuyerId: 'buyer-0001' },
  },
  paymentRedirectUrl: 'https://merchant.example/return',
  paymentNotifyUrl: 'https://merchant.example/notify',
  env: { terminalType: 'WEB' },
}

/** Seed 000 pay fragments: `paymentMethod` of each tokenization flow. */
const payFragments = {
  // Hosted card: Antom's page asks the buyer whether to save the card.
  hostedAskForConsent: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' }, paymentMethodType: 'CARD' },
  // Server-to-server: the merchant sends the card and Antom saves it. The seed masks the number
  // (411227******9954); a sandbox success card stands in for it.
  serverToServerEnabled: {
    paymentMethodMetaData: {
      cvv: '682',
      cardholderName: { firstName: 'Tom', lastName: 'Jerry' },
      expiryMonth: '11',
      expiryYear: '28',
      cardNo: '4054695723100768',
      tokenizeMode: 'ENABLED',
    },
    paymentMethodType: 'CARD',
  },
  // Reuse: the card token from the notification, flagged as card on file.
  tokenReuse: {
    paymentMethodMetaData: { isCardOnFile: true },
    paymentMethodType: 'CARD',
    paymentMethodId: 'ALIPAYgzViZySEK**********5dAgkzs********xI0ssHmyU3VyWCloE4MwfmN48sP1+rSPQ==',
  },
}

const withPaymentMethod = (paymentMethod: unknown, extra: Record<string, unknown> = {}) => ({ ...payBase, paymentMethod, ...extra })

describe('notifyPayment', () => {
  test('the seed 000 notification parses, card token and masked number included', () => {
    const parsed = NotifyPayment.parse(seedNotifyPayment)
    expect(parsed.paymentResultInfo?.cardToken).toBe('AL*****************PQ==')
    expect(parsed.paymentResultInfo?.cardNo).toBe('************0197')
    expect(parsed.paymentResultInfo?.threeDSResult?.eci).toBe('05')
  })

  test.each([
    ['notifyType', { notifyType: 'PAYMENT_DONE' }],
    ['paymentCreateTime without offset', { paymentCreateTime: '2025-03-01T02:58:03' }],
    ['lower-case currency', { paymentAmount: { currency: 'hkd', value: '10' } }],
    ['decimal amount', { paymentAmount: { currency: 'HKD', value: '10.00' } }],
    ['resultStatus', { result: { resultCode: 'SUCCESS', resultMessage: 'success.', resultStatus: 'X' } }],
  ])('rejects a wrong %s', (_label, change) => {
    expect(NotifyPayment.safeParse({ ...seedNotifyPayment, ...change }).success).toBe(false)
  })

  test.each(['paymentRequestId', 'paymentId', 'paymentAmount', 'paymentCreateTime', 'result', 'notifyType'])(
    'requires %s',
    (field) => {
      expect(NotifyPayment.safeParse(omit(seedNotifyPayment, field)).success).toBe(false)
    },
  )
})

describe('pay request', () => {
  test.each(Object.entries(payFragments))('the seed %s fragment parses once completed', (_flow, paymentMethod) => {
    const parsed = PayRequest.parse(withPaymentMethod(paymentMethod))
    expect(parsed.paymentMethod).toEqual(paymentMethod)
  })

  test.each([true, false, 'true', 'false'])('isCardOnFile accepts %j', (isCardOnFile) => {
    const request = withPaymentMethod({ ...payFragments.tokenReuse, paymentMethodMetaData: { isCardOnFile } })
    expect(PayRequest.safeParse(request).success).toBe(true)
  })

  test('keeps fields it does not model', () => {
    const parsed = PayRequest.parse(withPaymentMethod(payFragments.hostedAskForConsent, { creditPayPlan: { installmentNum: '3' } }))
    expect(parsed['creditPayPlan']).toEqual({ installmentNum: '3' })
  })

  const metaData = payFragments.serverToServerEnabled.paymentMethodMetaData
  test.each([
    ['masked card number (as printed in the seed)', { paymentMethodMetaData: { ...metaData, cardNo: '411227******9954' } }],
    ['11-digit card number', { paymentMethodMetaData: { ...metaData, cardNo: '40546957231' } }],
    ['20-digit card number', { paymentMethodMetaData: { ...metaData, cardNo: '40546957231007681234' } }],
    ['2-digit cvv', { paymentMethodMetaData: { ...metaData, cvv: '68' } }],
    ['5-digit cvv', { paymentMethodMetaData: { ...metaData, cvv: '68212' } }],
    ['expiry month 13', { paymentMethodMetaData: { ...metaData, expiryMonth: '13' } }],
    ['one-digit expiry month', { paymentMethodMetaData: { ...metaData, expiryMonth: '1' } }],
    ['four-digit expiry year', { paymentMethodMetaData: { ...metaData, expiryYear: '2028' } }],
    ['tokenizeMode', { paymentMethodMetaData: { ...metaData, tokenizeMode: 'ALWAYS' } }],
    ['isCardOnFile', { paymentMethodMetaData: { isCardOnFile: 'yes' } }],
    ['129-character paymentMethodId', { paymentMethodId: 'A'.repeat(129) }],
    ['65-character paymentMethodType', { paymentMethodType: 'C'.repeat(65) }],
  ])('rejects a %s', (_label, change) => {
    expect(PayRequest.safeParse(withPaymentMethod({ ...payFragments.serverToServerEnabled, ...change })).success).toBe(false)
  })

  test.each([
    ['productCode', { productCode: 'ONE_TIME' }],
    ['65-character paymentRequestId', { paymentRequestId: 'p'.repeat(65) }],
    ['2049-character paymentNotifyUrl', { paymentNotifyUrl: `https://merchant.example/${'n'.repeat(2049 - 25)}` }],
    ['65-character referenceOrderId', { order: { ...payBase.order, referenceOrderId: 'o'.repeat(65) } }],
    ['257-character orderDescription', { order: { ...payBase.order, orderDescription: 'd'.repeat(257) } }],
    ['65-character referenceBuyerId', { order: { ...payBase.order, buyer: { referenceBuyerId: 'b'.repeat(65) } } }],
    ['non-numeric amount', { paymentAmount: { currency: 'HKD', value: 'ten' } }],
    ['4-letter currency', { paymentAmount: { currency: 'HKDD', value: '10' } }],
  ])('rejects a wrong %s', (_label, change) => {
    expect(PayRequest.safeParse(withPaymentMethod(payFragments.hostedAskForConsent, change)).success).toBe(false)
  })

  test('limits are inclusive: 64-character paymentRequestId and 2048-character URL pass', () => {
    const url = `https://merchant.example/${'n'.repeat(2048 - 25)}`
    expect(url).toHaveLength(2048)
    const request = withPaymentMethod(payFragments.hostedAskForConsent, { paymentRequestId: 'p'.repeat(64), paymentNotifyUrl: url })
    expect(PayRequest.safeParse(request).success).toBe(true)
  })

  test.each(['productCode', 'paymentRequestId', 'paymentAmount', 'paymentMethod'])('requires %s', (field) => {
    expect(PayRequest.safeParse(omit(withPaymentMethod(payFragments.hostedAskForConsent), field)).success).toBe(false)
  })

  test('a hosted pay answered PAYMENT_IN_PROCESS with a redirect parses as PayResponse', () => {
    const response = {
      result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'payment in process' },
      paymentRequestId: 'pay-0001',
      paymentId: '2025030100000001',
      paymentAmount: { currency: 'HKD', value: '10' },
      paymentCreateTime: '2025-03-01T02:58:03-08:00',
      normalUrl: 'https://open-sea-global.alipay.com/page/card?id=1',
      redirectActionForm: { method: 'GET', redirectUrl: 'https://open-sea-global.alipay.com/page/card?id=1' },
    }
    expect(PayResponse.safeParse(response).success).toBe(true)
    expect(PayResponse.safeParse({ result: response.result }).success).toBe(true)
  })
})

describe('createPaymentSession request', () => {
  test('the seed 000 SDK sample parses', () => {
    expect(CreatePaymentSessionRequest.parse(seedSdkSession).paymentMethod?.paymentMethodId).toBe('alipayCardToken')
  })

  test.each([
    ['save-card checkbox (ASKFORCONSENT)', { availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } } }],
    [
      'saved card offered again (isCardOnFile + savedPaymentMethods)',
      {
        availablePaymentMethod: { paymentMethodMetaData: { isCardOnFile: true } },
        savedPaymentMethods: [{ paymentMethodType: 'CARD', paymentMethodId: 'AL****************==' }],
      },
    ],
  ])('the seed %s fragment parses once completed', (_label, fragment) => {
    const base = omit(seedSdkSession, 'paymentMethod')
    expect(CreatePaymentSessionRequest.safeParse({ ...base, ...fragment }).success).toBe(true)
  })

  test.each(['productCode', 'paymentRequestId', 'paymentAmount', 'order', 'paymentRedirectUrl'])('requires %s', (field) => {
    expect(CreatePaymentSessionRequest.safeParse(omit(seedSdkSession, field)).success).toBe(false)
  })

  test('a saved payment method needs its token', () => {
    const request = { ...seedSdkSession, savedPaymentMethods: [{ paymentMethodType: 'CARD' }] }
    expect(CreatePaymentSessionRequest.safeParse(request).success).toBe(false)
  })
})

describe('inquiryPayment request', () => {
  test.each([
    [{ paymentRequestId: 'pay-0001' }, true],
    [{ paymentId: '2025030100000001' }, true],
    [{ paymentRequestId: 'pay-0001', paymentId: '2025030100000001' }, true],
    [{}, false],
    [{ merchantAccountId: 'm-1' }, false],
  ])('%j parses: %s', (request, ok) => {
    expect(InquiryPaymentRequest.safeParse(request).success).toBe(ok)
  })
})

describe('createVaultingSession (seed 002)', () => {
  const valid = {
    paymentMethodType: 'CARD',
    vaultingRequestId: 'vault-0001',
    vaultingNotificationUrl: 'https://merchant.example/vault-notify',
    passThroughMetadata: '{"channel":"web"}',
  }
  const longUrl = (length: number) => `https://merchant.example/${'u'.repeat(length - 25)}`

  test.each([
    ['all documented fields', valid, true],
    ['only the required fields', { paymentMethodType: 'CARD', vaultingRequestId: 'vault-0001' }, true],
    ['the research fields too', { ...valid, redirectUrl: 'https://merchant.example/done', merchantRegion: 'HK', is3DSAuthentication: true }, true],
    ['no paymentMethodType', { vaultingRequestId: 'vault-0001' }, false],
    ['no vaultingRequestId', { paymentMethodType: 'CARD' }, false],
    ['empty vaultingRequestId', { ...valid, vaultingRequestId: '' }, false],
    ['64-character vaultingRequestId', { ...valid, vaultingRequestId: 'v'.repeat(64) }, true],
    ['65-character vaultingRequestId', { ...valid, vaultingRequestId: 'v'.repeat(65) }, false],
    ['64-character paymentMethodType', { ...valid, paymentMethodType: 'C'.repeat(64) }, true],
    ['65-character paymentMethodType', { ...valid, paymentMethodType: 'C'.repeat(65) }, false],
    ['2048-character vaultingNotificationUrl', { ...valid, vaultingNotificationUrl: longUrl(2048) }, true],
    ['2049-character vaultingNotificationUrl', { ...valid, vaultingNotificationUrl: longUrl(2049) }, false],
    ['2049-character redirectUrl', { ...valid, redirectUrl: longUrl(2049) }, false],
    ['2048-character passThroughMetadata', { ...valid, passThroughMetadata: 'm'.repeat(2048) }, true],
    ['2049-character passThroughMetadata', { ...valid, passThroughMetadata: 'm'.repeat(2049) }, false],
    ['3-letter merchantRegion', { ...valid, merchantRegion: 'HKG' }, false],
  ])('request with %s parses: %s', (_label, request, ok) => {
    expect(CreateVaultingSessionRequest.safeParse(request).success).toBe(ok)
  })

  const success = {
    result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
    vaultingSessionData: 'ZW5jcnlwdGVkIHNlc3Npb24gZGF0YQ==',
    vaultingSessionId: 'vs-20191127-0001',
    vaultingSessionExpiryTime: '2019-11-27T12:01:01+08:00',
  }
  const failed = { result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: 'Illegal parameters.' } }
  const unknown = { result: { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: 'Unknown exception.' } }
  const without = (field: keyof typeof success) => omit(success, field)

  test.each([
    ['S with every field', success, true],
    ['S without vaultingSessionId', without('vaultingSessionId'), false],
    ['S without vaultingSessionData', without('vaultingSessionData'), false],
    ['S without vaultingSessionExpiryTime', without('vaultingSessionExpiryTime'), false],
    ['S with an expiry time without offset', { ...success, vaultingSessionExpiryTime: '2019-11-27T12:01:01' }, false],
    ['S with a 4097-character vaultingSessionData', { ...success, vaultingSessionData: 'd'.repeat(4097) }, false],
    ['S with a 65-character vaultingSessionId', { ...success, vaultingSessionId: 'i'.repeat(65) }, false],
    ['S with only the result', { result: success.result }, false],
    ['F with only the result', failed, true],
    ['U with only the result', unknown, true],
    ['no result', without('result'), false],
  ])('response %s parses: %s', (_label, response, ok) => {
    expect(CreateVaultingSessionResponse.safeParse(response).success).toBe(ok)
  })
})

describe('vaultPaymentMethod, inquireVaulting, notifyVaulting', () => {
  const vaulted = {
    paymentMethodType: 'CARD',
    card: { brand: 'VISA', cardToken: 'ALIPAY9CGwsAeMBug+G2dSKDV6==', maskedCardNo: '************8764' },
  }

  test('a card to vault parses; a card without expiry does not', () => {
    const request = {
      vaultingRequestId: 'vault-0002',
      vaultingNotificationUrl: 'https://merchant.example/vault-notify',
      redirectUrl: 'https://merchant.example/vault-done',
      paymentMethodDetail: {
        paymentMethodType: 'CARD',
        card: { cardNo: '4054695723100768', cvv: '123', expiryYear: '28', expiryMonth: '11', cardholderName: { fullName: 'Tom Jerry' } },
      },
      env: { terminalType: 'WEB' },
    }
    expect(VaultPaymentMethodRequest.safeParse(request).success).toBe(true)
    const card = omit(request.paymentMethodDetail.card, 'expiryMonth')
    expect(VaultPaymentMethodRequest.safeParse({ ...request, paymentMethodDetail: { paymentMethodType: 'CARD', card } }).success).toBe(false)
    expect(VaultPaymentMethodRequest.safeParse({ ...request, paymentMethodDetail: undefined }).success).toBe(false)
  })

  test('responses: S with the token, U VERIFICATION_IN_PROCESS with a URL', () => {
    const s = { result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' }, vaultingRequestId: 'vault-0002', paymentMethodDetail: vaulted }
    const u = {
      result: { resultCode: 'VERIFICATION_IN_PROCESS', resultStatus: 'U', resultMessage: 'verification in process' },
      vaultingRequestId: 'vault-0002',
      normalUrl: 'https://open-sea-global.alipay.com/page/3ds?id=1',
    }
    expect(VaultPaymentMethodResponse.safeParse(s).success).toBe(true)
    expect(VaultPaymentMethodResponse.safeParse(u).success).toBe(true)
    expect(InquireVaultingResponse.safeParse({ ...s, vaultingStatus: 'SUCCESS' }).success).toBe(true)
    expect(InquireVaultingResponse.safeParse({ ...s, vaultingStatus: 'DONE' }).success).toBe(false)
  })

  test('a vaulted card carries a token and a masked number', () => {
    const notification = {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      vaultingRequestId: 'vault-0002',
      paymentMethodDetail: vaulted,
      vaultingCreateTime: '2025-03-01T02:58:03-08:00',
    }
    expect(NotifyVaulting.safeParse(notification).success).toBe(true)
    const noToken = omit(vaulted.card, 'cardToken')
    expect(NotifyVaulting.safeParse({ ...notification, paymentMethodDetail: { ...vaulted, card: noToken } }).success).toBe(false)
  })
})

describe('notification acknowledgement', () => {
  test.each([
    [{ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } }, true],
    [{ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' } }, true],
    [{ result: { resultCode: 'SUCCESS', resultStatus: 'F', resultMessage: 'success' } }, false],
    [{ result: { resultCode: 'PROCESS_FAIL', resultStatus: 'S', resultMessage: 'success' } }, false],
    [{ result: { resultCode: 'SUCCESS', resultStatus: 'S' } }, false],
    [{}, false],
  ])('%j is an ack: %s', (body, ok) => {
    expect(NotificationAck.safeParse(body).success).toBe(ok)
  })
})

test('antomSchemas lists every exported schema under its export name', () => {
  const exported = Object.entries(antom).filter(([name, value]) => name !== 'antomSchemas' && value instanceof z.ZodType)
  expect(Object.keys(antomSchemas).sort()).toEqual(exported.map(([name]) => name).sort())
  for (const [name, schema] of exported) expect(antomSchemas[name], name).toBe(schema)
})

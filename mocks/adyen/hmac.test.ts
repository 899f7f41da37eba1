import { hmacValidator } from '@adyen/api-library'
import { expect, test } from 'vitest'
import { hmacDataToSign, hmacSign, hmacVerify } from './hmac.ts'

// The test vector of the Node library's hmacValidator spec (research notes 1.7).
const KEY = 'DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00'
const ITEM = {
  pspReference: 'pspReference',
  originalReference: 'originalReference',
  merchantAccountCode: 'merchantAccount',
  merchantReference: 'reference',
  amount: { value: 1000, currency: 'EUR' },
  eventCode: 'REPORT_AVAILABLE',
  success: 'true',
}

test('the string to sign follows the documented field order, and the HMAC matches the published vectors', () => {
  expect(hmacDataToSign(ITEM)).toBe('pspReference:originalReference:merchantAccount:reference:1000:EUR:REPORT_AVAILABLE:true')
  expect(hmacSign(hmacDataToSign(ITEM), KEY)).toBe('ZNBPtI+oDyyRrLyD1XirkKnQgIAlFc07Vj27TeHsDRE=')
  expect(hmacSign(hmacDataToSign({ ...ITEM, eventCode: 'EVENT' }), KEY)).toBe('ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=')
})

test('a missing originalReference is an empty field, as the library computes it', () => {
  const item = { ...ITEM, originalReference: undefined }
  expect(hmacDataToSign(item)).toBe('pspReference::merchantAccount:reference:1000:EUR:REPORT_AVAILABLE:true')
  const signature = hmacSign(hmacDataToSign(item), KEY)
  expect(new hmacValidator().validateHMAC({ ...item, eventDate: '2026-01-01T00:00:00+00:00', additionalData: { hmacSignature: signature } } as never, KEY)).toBe(true)
})

test('verification rejects another key and a changed field', () => {
  const signature = hmacSign(hmacDataToSign(ITEM), KEY)
  expect(hmacVerify(hmacDataToSign(ITEM), signature, KEY)).toBe(true)
  expect(hmacVerify(hmacDataToSign(ITEM), signature, KEY.replace('D', 'E'))).toBe(false)
  expect(hmacVerify(hmacDataToSign({ ...ITEM, amount: { value: 1001, currency: 'EUR' } }), signature, KEY)).toBe(false)
})

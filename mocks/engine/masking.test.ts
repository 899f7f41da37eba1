import { expect, test } from 'vitest'
import { CVV_REMOVED, luhnValid, maskPan, maskText, redact, redactBody, redactHeaders, redactText } from './masking.ts'

const VISA = '4111111111111111'
const VISA_MASKED = '411111******1111'

test.each([
  ['16 digits', VISA, '411111******1111'],
  ['19 digits', '6011000000000000001', '601100*********0001'],
  ['15 digits (Amex)', '378282246310005', '378282*****0005'],
  ['13 digits', '4222222222222', '422222***2222'],
  ['written with spaces', '4111 1111 1111 1111', VISA_MASKED],
  ['written with dashes', '4111-1111-1111-1111', VISA_MASKED],
])('maskPan keeps only the first 6 and last 4 digits: %s', (_name, pan, masked) => {
  expect(maskPan(pan)).toBe(masked)
})

test('maskPan hides a number too short to be a card entirely', () => {
  expect(maskPan('123456789012')).toBe('************')
})

test.each([
  ['a bare card number', `card ${VISA} declined`, `card ${VISA_MASKED} declined`],
  ['a card number with spaces', 'card 4111 1111 1111 1111 declined', `card ${VISA_MASKED} declined`],
  ['a card number with dashes', 'card 4111-1111-1111-1111.', `card ${VISA_MASKED}.`],
  ['a 15-digit Amex in 4-6-5 groups', 'amex 3782 822463 10005 ok', 'amex 378282*****0005 ok'],
  ['a 19-digit card number', 'pan=6011000000000000001&x=1', 'pan=601100*********0001&x=1'],
  ['a card number inside JSON text', `{"cardNo":"${VISA}"}`, `{"cardNo":"${VISA_MASKED}"}`],
  ['a card number glued to letters', `tok${VISA}x`, `tok${VISA_MASKED}x`],
  ['a 15-digit UATP card, the one card that starts with 1', 'uatp 1354 1001 4004 955', 'uatp 135410*****4955'],
  ['two card numbers', `${VISA} and 5555555555554444`, `${VISA_MASKED} and 555555******4444`],
])('maskText masks %s', (_name, text, masked) => {
  expect(maskText(text)).toBe(masked)
})

test('maskText never shows more of a card number than first 6 and last 4, whatever digits touch it', () => {
  // A card number followed by its CVV: the run is masked as a whole.
  const masked = maskText(`${VISA} 123`)
  expect(masked).not.toContain('1111 1111')
  expect(masked.replace(/\D/g, '')).toHaveLength(10)
  expect(maskText(`ref 12 4111 1111 1111 1111`)).not.toMatch(/1111 1111/)
})

test.each([
  ['an amount', 'amount 100.00 USD'],
  ['a short reference', 'order 123456789012'],
  ['an epoch-ms timestamp that fails Luhn', 'at 1685599933871'],
  ['an epoch-ms timestamp that passes Luhn (no card of 13 digits starts with 1)', 'request-time 1768464000000'],
  ['an epoch-µs timestamp that passes Luhn', 'ts 1768464000000008'],
  ['a 16-digit number that fails Luhn', 'ref 4111111111111112'],
  ['a date and time', '2026-01-15 08:00:00'],
  ['a 20-digit reference (no card is that long)', 'id 20260115080000123455'],
  ['a phone number', '+1 555-123-4567'],
])('maskText leaves %s alone', (_name, text) => {
  expect(maskText(text)).toBe(text)
})

test('the epoch-ms timestamp fails Luhn, the card number passes: that is the whole difference', () => {
  expect(luhnValid('1685599933871')).toBe(false)
  expect(maskText('1685599933871')).toBe('1685599933871')
  expect(luhnValid('4222222222222')).toBe(true)
  expect(maskText('4222222222222')).toBe('422222***2222')
})

test('redactText also removes CVVs written as form fields or in JSON that does not parse', () => {
  expect(redactText(`cardNo=${VISA}&cvv=123&amount=100`)).toBe(`cardNo=${VISA_MASKED}&cvv=[removed]&amount=100`)
  expect(redactText('https://x.test/pay?securityCode=9876')).toBe('https://x.test/pay?securityCode=[removed]')
  expect(redactText(`{"cardNo":"${VISA}","cvv":"123",`)).toBe(`{"cardNo":"${VISA_MASKED}","cvv":"[removed]",`)
  expect(redactText('{"cvc": 123 }')).toBe('{"cvc":"[removed]" }')
})

test('a CVV in a client-side-encryption field (test environments take it in plain) is removed too', () => {
  expect(redact({ paymentMethod: { encryptedCardNumber: `test_${VISA}`, encryptedSecurityCode: 'test_737' } })).toEqual({ paymentMethod: { encryptedCardNumber: `test_${VISA_MASKED}`, encryptedSecurityCode: '[removed]' } })
  expect(redactText('{"encryptedSecurityCode":"test_737",')).toBe('{"encryptedSecurityCode":"[removed]",')
})

test('redact removes CVV values at any depth and inside arrays, whatever their case, and keeps the key as evidence', () => {
  const input = {
    cvv: '123',
    card: { number: VISA, CVC: '456', securityCode: '789', holder: 'A' },
    cards: [{ cvv2: '111', cardSecurityCode: '222', cvn: '333', last4: '1111' }],
  }
  expect(redact(input)).toEqual({
    cvv: '[removed]',
    card: { number: VISA_MASKED, CVC: '[removed]', securityCode: '[removed]', holder: 'A' },
    cards: [{ cvv2: '[removed]', cardSecurityCode: '[removed]', cvn: '[removed]', last4: '1111' }],
  })
})

test.each(['merchantPrivateKey', 'private_key', 'clientSecret', 'secretKey', 'password', 'apiKey', 'x-api-key', 'Authorization'])(
  'redact redacts the secret-like key %s',
  (key) => {
    expect(redact({ nested: { [key]: 'hunter2', other: 'visible' } })).toEqual({ nested: { [key]: '[redacted]', other: 'visible' } })
  },
)

test('redact keeps public keys and ordinary values; masks card numbers in every string', () => {
  const input = { merchantPublicKey: 'PUB', amount: { value: '100', currency: 'USD' }, count: 3, ok: true, none: null, notes: [`paid with ${VISA}`] }
  expect(redact(input)).toEqual({ ...input, notes: [`paid with ${VISA_MASKED}`] })
})

test('redact returns a copy: the input keeps its card number and CVV', () => {
  const input = { card: { number: VISA, cvv: '123' } }
  redact(input)
  expect(input).toEqual({ card: { number: VISA, cvv: '123' } })
})

test('redactBody parses JSON, falls back to text, and maps an empty body to undefined', () => {
  expect(redactBody(JSON.stringify({ cardNo: VISA, cvv: '123' }))).toEqual({ cardNo: VISA_MASKED, cvv: '[removed]' })
  expect(redactBody(`cardNo=${VISA}&cvv=123`)).toBe(`cardNo=${VISA_MASKED}&cvv=[removed]`)
  expect(redactBody('')).toBeUndefined()
})

test('redactHeaders hides secret headers, lower-cases names and masks card numbers in other values', () => {
  const headers = new Headers({ Authorization: 'Bearer abc', 'X-Api-Key': 'k', 'Content-Type': 'application/json', 'X-Debug': `card ${VISA}` })
  expect(redactHeaders(headers)).toEqual({
    authorization: '[redacted]',
    'x-api-key': '[redacted]',
    'content-type': 'application/json',
    'x-debug': `card ${VISA_MASKED}`,
  })
  expect(redactHeaders({ AUTHORIZATION: 'x', Cookie: 'session=1', Signature: 'sig' })).toEqual({ authorization: '[redacted]', cookie: '[redacted]', signature: 'sig' })
})

test.each(['X-Partner-Auth', 'X-Merchant-Secret', 'X-Session-Token', 'Proxy-Authorization', 'X-Password'])('redactHeaders hides a provider credential header by its shape: %s', (name) => {
  expect(redactHeaders({ [name]: 'credential', 'Client-Id': 'SANDBOX_1', 'Idempotency-Key': 'k-1' })).toEqual({
    [name.toLowerCase()]: '[redacted]',
    'client-id': 'SANDBOX_1',
    'idempotency-key': 'k-1',
  })
})

test.each([
  [VISA, true],
  ['4111111111111112', false],
  ['5555555555554444', true],
  ['378282246310005', true],
  ['6011000000000000001', true],
  ['4222222222222', true],
  ['1685599933871', false],
  ['12345678903', false], // check digit valid, but too short for a card
  ['60110000000000000004', false], // 20 digits, check digit valid
  ['4111 1111 1111 1111', false], // digits only
  ['', false],
])('luhnValid(%s) is %s', (pan, valid) => {
  expect(luhnValid(pan)).toBe(valid)
})

test('a run of zeros inside an id is not a card number, though it passes Luhn', () => {
  expect(luhnValid('00000000000000')).toBe(true)
  expect(maskText('Client-Id SANDBOX_5X00000000000000')).toBe('Client-Id SANDBOX_5X00000000000000')
  expect(maskText('card 4111111111111111')).toBe('card 411111******1111')
})

test('a card number sent as a JSON number is masked under any key; other numbers are kept', () => {
  // By value: whatever the key, a Luhn-valid 13–19 digit number is shown as first 6 and last 4.
  expect(redact({ card: { number: 4111111111111111 }, amount: 4111111111111111, encryptedCardNumber: 5555555555554444 })).toEqual({
    card: { number: '411111******1111' },
    amount: '411111******1111',
    encryptedCardNumber: '555555******4444',
  })
  expect(redact({ cardNo: 1234, amount: 1000, at: 1768464000000, ratio: 4111111111111111.5 })).toEqual({ cardNo: 1234, amount: 1000, at: 1768464000000, ratio: 4111111111111111.5 })
})

test('a card number as a JSON key or a header name is masked', () => {
  expect(redact({ '4111111111111111': { ok: true } })).toEqual({ '411111******1111': { ok: true } })
  expect(redactHeaders({ 'x-card-4111111111111111': 'v' })).toEqual({ 'x-card-411111******1111': 'v' })
})

test.each([
  ['cvvNumber', { cvvNumber: '123' }],
  ['additionalData.cvcCopy', { additionalData: { cvcCopy: '123' } }],
  ['card_cvv', { card_cvv: 123 }],
  ['cvc2', { cvc2: '1234' }],
  ['encryptedSecurityCode', { encryptedSecurityCode: '737' }],
  ['CARD-SECURITY-CODE', { 'CARD-SECURITY-CODE': '737' }],
])('a CVV under %s is removed', (_name, body) => {
  expect(JSON.stringify(redact(body))).toContain(CVV_REMOVED)
  expect(JSON.stringify(redact(body))).not.toMatch(/\b(123|1234|737)\b/)
})

test('facts about a CVV are kept: cvcResult, cvvSent', () => {
  expect(redact({ cvcResult: '1 Matches', cvvSent: true })).toEqual({ cvcResult: '1 Matches', cvvSent: true })
})

test.each([
  ['cvv=123 inside a JSON string', { note: 'paid cvv=123 ok' }],
  ['CVC: 1234 in a log line', { log: 'card 4111 then CVC: 1234' }],
  ['escaped JSON in a string', { raw: '{"cvvNumber":"123"}' }],
  ['a header value', 'x'],
])('a CVV written in free text is removed: %s', (_name, body) => {
  const shown = typeof body === 'string' ? redactHeaders({ 'x-debug': 'cvv=123' }) : redact(body)
  expect(JSON.stringify(shown)).not.toMatch(/\b(123|1234)\b/)
  expect(JSON.stringify(shown)).toContain(CVV_REMOVED)
})

test.each(['CVN1234MVQMTVWMC', 'CVC123ABCDEFGHIJ', 'SECURITYCODE999X'])('an identifier that starts with a CVV name is kept: %s', (reference) => {
  // Adyen pspReferences are random: one in a few thousand begins with "CVN" and digits.
  expect(redact({ pspReference: reference, note: `ref ${reference}` })).toEqual({ pspReference: reference, note: `ref ${reference}` })
})

test('a UUID is never taken for a card number, even when its digit groups pass the Luhn check', () => {
  // 8-4-4-4-12 digits whose dash-separated run of the first 16 is Luhn-valid.
  const uuid = '41111111-1111-1111-1111-111111111111'
  expect(maskText(`customer ${uuid}`)).toBe(`customer ${uuid}`)
  expect(maskText(`${uuid} paid with 4111 1111 1111 1111`)).toBe(`${uuid} paid with 411111******1111`)
})

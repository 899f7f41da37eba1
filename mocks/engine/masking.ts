/** Keys whose values are card verification codes: removed wherever they appear. */
const CVV_KEY = /^(cvv|cvc|cvv2|cvc2|cvn|securityCode|cardSecurityCode)$/i

/** Keys whose values are secrets (keys, passwords, tokens of the merchant's account). */
const SECRET_KEY = /(privateKey|secret|password|apiKey|x-api-key|authorization)$/i

// 13–19 digit runs, optionally split by spaces or dashes: card numbers as merchants send them.
const PAN_IN_TEXT = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g

/** Masks a card number to its first 6 and last 4 digits. */
export function maskPan(pan: string): string {
  const digits = pan.replace(/\D/g, '')
  if (digits.length < 13) return '*'.repeat(digits.length)
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`
}

/** Replaces every card-number-like digit run in a text with its masked form. */
export function maskText(text: string): string {
  return text.replace(PAN_IN_TEXT, (match) => maskPan(match))
}

/**
 * Returns a deep copy with card numbers masked, CVVs removed and secrets redacted.
 * Used on everything the recorder keeps and everything the control API or a report shows.
 */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value)
  if (Array.isArray(value)) return value.map(redact)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) {
      if (CVV_KEY.test(key)) continue
      out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(inner)
    }
    return out
  }
  return value
}

/** Redacts a raw body: as JSON where it parses, as text otherwise. */
export function redactBody(raw: string): unknown {
  if (raw === '') return undefined
  try {
    return redact(JSON.parse(raw) as unknown)
  } catch {
    return maskText(raw)
  }
}

/** Header names whose values are never recorded in full. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-merchant-secret', 'x-appotapay-auth'])

export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers)
  for (const [name, value] of entries) {
    out[name.toLowerCase()] = SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : maskText(value)
  }
  return out
}

/** Luhn check digit validation. */
export function luhnValid(pan: string): boolean {
  if (!/^\d{12,19}$/.test(pan)) return false
  let sum = 0
  let double = false
  for (let i = pan.length - 1; i >= 0; i--) {
    let digit = pan.charCodeAt(i) - 48
    if (double) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
    double = !double
  }
  return sum % 10 === 0
}

import { parseJsonLimited } from './json-limits.ts'
/**
 * Keys whose values are card verification codes: removed wherever they appear. Compared without case,
 * `_` or `-`, so one pattern covers every spelling the contracts and merchants use: `cvv`, `cvc2`,
 * `cvvNumber`, `card_cvv`, `cvcCopy` (a merchant's own copy in a provider's free-form data),
 * `securityCode`, `cardSecurityCode`, `encryptedSecurityCode` (client-side-encrypted card forms; test
 * environments accept the plain code there). Not `cvcResult`, `cvvSent` and other facts about a CVV.
 */
const CVV_KEY = /^(encrypted)?(card)?(cvv2?|cvc2?|cvn2?|cvd|csc|securitycode|verificationcode|verificationvalue)(number|code|copy|value|no)?$/
const isCvvKey = (key: string): boolean => CVV_KEY.test(key.toLowerCase().replace(/[_-]/g, ''))

/**
 * A CVV written in free text: `cvv=123`, `CVC: 1234`, `"cvvNumber":"123"` inside a JSON string, a
 * log line. The name as CVV_KEY, separated by `_`/`-` or not; the 3–4 digits are removed. The digits
 * must end the word: a reference that merely starts with one of the names (a provider's payment reference
 * `CVN1234MVQ…` is 16 random letters and digits) is an identifier, not a CVV.
 */
const CVV_FREE_TEXT = /\b((?:encrypted[_-]?)?(?:card[_-]?)?(?:cvv2?|cvc2?|cvn2?|security[_-]?code)(?:[_-]?(?:number|code|copy|value|no))?)(\\?["']?\s*[:=]?\s*\\?["']?\s*)\d{3,4}(?![\dA-Za-z])/gi

/** Keys whose numeric values are card numbers. */
const CARD_NUMBER_KEY = /^(card_?no|card_?number|pan|number|accountNumber)$/i

/** Keys whose values are secrets (keys, passwords, tokens of the merchant's account). */
const SECRET_KEY = /(private[_-]?key|secret|secret[_-]?key|password|passphrase|api[_-]?key|authorization)$/i

/** CVV values written as `cvv=123` (form bodies, query strings) or `"cvv": "123"` (JSON that does not parse). */
const CVV_PARAM = /\b(cvv2?|cvc2?|cvn|securityCode|cardSecurityCode|encryptedSecurityCode)=[^&\s]*/gi
const CVV_JSON_MEMBER = /"(cvv2?|cvc2?|cvn|securityCode|cardSecurityCode|encryptedSecurityCode)"\s*:\s*("(?:[^"\\]|\\.)*"|\d+)/gi

/** Digit groups joined by single spaces or dashes: the shapes card numbers are written in. */
const DIGIT_GROUPS = /(?<!\d)\d+(?:[ -]\d+)*/g

/** Masks a card number to its first 6 and last 4 digits. */
export function maskPan(pan: string): string {
  const digits = pan.replace(/\D/g, '')
  if (digits.length < 13) return '*'.repeat(digits.length)
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`
}

/**
 * Whether a digit string can be a card number: 13–19 digits passing the Luhn check, and not one that
 * starts with 1 unless it has 15 digits.
 *
 * Why Luhn: every issued card number carries a Luhn check digit, so a number that fails it cannot be
 * charged and showing it leaks nothing usable. Requiring it keeps most timestamps, order numbers and
 * amounts readable in recordings: without it every 13–19 digit run was masked. A random digit run
 * still passes one time in ten, which errs on the safe side.
 *
 * Why the leading 1: the only cards whose number starts with 1 (the airline industry identifier) are
 * UATP cards, 15 digits long. Epoch-millisecond timestamps (13 digits, 2001–2033) and their micro- and
 * nanosecond forms all start with 1, so this keeps the one in ten that passes Luhn readable as well —
 * the engine's default start time, 1768464000000, is one of them.
 */
function mayBeCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false
  // No card network issues numbers starting with 0 (ISO/IEC 7812 reserves it), and runs of zeros
  // pass Luhn: without this, ids such as SANDBOX_5X00000000000000 were masked.
  if (digits.startsWith('0')) return false
  if (digits.startsWith('1') && digits.length !== 15) return false
  return luhnValid(digits)
}

/**
 * Whether a run of digit groups holds a card number: some stretch of whole groups that may be one.
 * Groups are never split: a single 20-digit reference is not a card.
 */
function holdsCardNumber(run: string): boolean {
  const groups = run.split(/[ -]/)
  for (let start = 0; start < groups.length; start++) {
    let digits = ''
    for (let end = start; end < groups.length; end++) {
      digits += groups[end]
      if (digits.length > 19) break
      if (mayBeCardNumber(digits)) return true
    }
  }
  return false
}

/**
 * Replaces every card number in a text with its masked form. A run of digit groups that holds a
 * Luhn-valid card number is masked as a whole, so that no more than its first 6 and last 4 digits
 * show whichever groups the card number spans.
 */
export function maskText(text: string): string {
  // Most strings (keys, codes, names) cannot hold a card number: 13 digits need 13 characters.
  if (text.length < 13 || !HAS_DIGIT.test(text)) return text
  // A UUID's dash-separated digit groups can add up to a Luhn-valid run; a UUID never holds a card
  // number (its groups are 8-4-4-4-12), so the parts between UUIDs are masked, the UUIDs kept.
  if (!UUID_ANYWHERE.test(text)) return text.replace(DIGIT_GROUPS, maskRun)
  return text
    .split(UUID_SPLIT)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(DIGIT_GROUPS, maskRun)))
    .join('')
}

const maskRun = (run: string): string => (holdsCardNumber(run) ? maskPan(run) : run)

/** The card numbers a text holds, masked (first 6, last 4), in order: what a log scan reports. */
export function cardNumbersIn(text: string): string[] {
  const parts = UUID_ANYWHERE.test(text) ? text.split(UUID_SPLIT).filter((_, i) => i % 2 === 0) : [text]
  return parts.flatMap((part) => [...part.matchAll(DIGIT_GROUPS)].map((m) => m[0]).filter(holdsCardNumber).map(maskPan))
}

const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
const UUID_SPLIT = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i

/** `maskText`, and CVV values in `key=value` or JSON-like text removed: for bodies that are not JSON and URLs. */
export function redactText(text: string): string {
  const masked = maskText(text)
  // Every CVV name has `cv`, `cs` or `security` in it: without them the three patterns cannot match.
  if (!CVV_NAME_HINT.test(masked)) return masked
  return masked.replace(CVV_PARAM, '$1=[removed]').replace(CVV_JSON_MEMBER, '"$1":"[removed]"').replace(CVV_FREE_TEXT, '$1$2[removed]')
}

const HAS_DIGIT = /\d/
const CVV_NAME_HINT = /c[vs]|security/i

/**
 * Returns a deep copy with card numbers masked, CVV values removed and secrets redacted. A CVV key
 * keeps its place with the value `[removed]`: whether a CVV was sent is evidence the suites need.
 * Used on everything the recorder keeps and everything the control API or a report shows.
 */
/** What a CVV value becomes in anything recorded or shown. */
export const CVV_REMOVED = '[removed]'

/**
 * Masks by value as well as by key: a card number is masked wherever it is — a string, a JSON number
 * under any key (`encryptedCardNumber: 4111…`), an object key — and a CVV is removed under every
 * name CVV_KEY knows and in free text (`"note": "cvv=123"`).
 */
export function redact(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return redactText(value)
  if (typeof value === 'number') return redactNumber(value, key)
  if (Array.isArray(value)) return value.map((item) => redact(item, key))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const name in value) {
      if (!Object.hasOwn(value, name)) continue
      const rule = keyRuleOf(name)
      out[rule.shown] = rule.value === 'cvv' ? CVV_REMOVED : rule.value === 'secret' ? '[redacted]' : redact((value as Record<string, unknown>)[name], name)
    }
    return out
  }
  return value
}

/** How a key is shown (card numbers in it masked) and what becomes of its value. */
interface KeyRule {
  readonly shown: string
  readonly value: 'cvv' | 'secret' | 'redact'
}

// Bodies repeat the same few hundred key names: each is classified once. Bounded, so that a stream
// of hostile bodies with ever-new keys costs classification, not memory.
const KEY_RULES = new Map<string, KeyRule>()
const KEY_RULES_MAX = 4096

function keyRuleOf(name: string): KeyRule {
  const known = KEY_RULES.get(name)
  if (known !== undefined) return known
  const rule: KeyRule = { shown: maskText(name), value: isCvvKey(name) ? 'cvv' : SECRET_KEY.test(name) ? 'secret' : 'redact' }
  // A key that holds a card number is not kept: the table would hold the number in full.
  if (rule.shown === name && KEY_RULES.size < KEY_RULES_MAX) KEY_RULES.set(name, rule)
  return rule
}

/**
 * A JSON number that may be a card number: its integer digits as JSON wrote them (a 16–19 digit
 * number past 2^53 has already lost its exact digits in parsing, so nothing usable is left to show).
 * Where the key says it is a card number, a non-card number of card length is hidden too.
 */
function redactNumber(value: number, key: string | undefined): unknown {
  if (!Number.isInteger(value) || Math.abs(value) < 1e11) return value
  const digits = BigInt(Math.abs(value)).toString()
  if (mayBeCardNumber(digits)) return maskPan(digits)
  return key !== undefined && CARD_NUMBER_KEY.test(key) && digits.length >= 13 && digits.length <= 19 ? maskPan(digits) : value
}

/** Redacts a raw body: as JSON where it parses, as text otherwise. */
export function redactBody(raw: string): unknown {
  if (raw === '') return undefined
  try {
    return redact(parseJsonLimited(raw))
  } catch {
    return redactText(raw)
  }
}

/** Header names whose values are never recorded in full. */
// By shape rather than by list, so a provider's own credential header (…-auth, …-secret, …-api-key,
// …-token) is hidden without the engine knowing the provider.
const SECRET_HEADER = /(^|-)(authorization|auth|cookie|secret|api-key|token|password)$/i

/** Headers redacted, by lower-case name in sorted order (as `Headers` iterates, whichever form they came in). */
export function redactHeaders(headers: Headers | Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const [name, value] of entries) {
    // Names too: a header name can carry a card number as well as a value can.
    out[maskText(name.toLowerCase())] = SECRET_HEADER.test(name) || isCvvKey(name) ? '[redacted]' : redactText(value)
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

/**
 * Checks that hold after every scenario, whatever it did: nothing the integration shows carries
 * card data, the buyer reference is not personal data, and genuine notifications were acknowledged.
 */
import { RULES } from './rules.ts'
import { driverEvidence, evidenceOf, type ScenarioContext } from './scenario.ts'

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/
const PHONE = /^\+?[\d\s-]{8,16}$/
/** Two or more capitalised words: "Jane Doe". */
const PERSON_NAME = /^\p{Lu}\p{Ll}+(\s+\p{Lu}\p{Ll}+)+$/u

export function looksLikePersonalData(reference: string): boolean {
  return EMAIL.test(reference) || PHONE.test(reference) || PERSON_NAME.test(reference)
}

/** More digits than first 6 + last 4: a saved card's `masked` shows too much. */
const tooManyDigits = (masked: string): boolean => (masked.match(/\d/g) ?? []).length > 10

/** An attempt of a notification the provider really sent as itself: not forged, not unsigned, not an impostor. */
const genuine = (a: { forged?: boolean | undefined; unsigned?: boolean | undefined; impostor?: string | undefined }): boolean => a.forged !== true && a.unsigned !== true && a.impostor === undefined

/** A security code written next to its name: `cvv=123`, `"cvc": "737"`, `securityCode 1234`. */
const CVV_IN_TEXT = /\b(cvv2?|cvc2?|cvn|csc|security[_ ]?code|card[_ ]?code)\b["']?\s*[:=]?\s*["']?\d{3,4}\b/i

export async function checkInvariants(ctx: ScenarioContext): Promise<void> {
  const shown = JSON.stringify(ctx.driverOutputs)
  const leaked = [...ctx.cardsUsed].some((number) => shown.includes(number)) || ctx.savedCardsSeen.some((card) => tooManyDigits(card.masked))
  const cvvShown = /"(cvv|cvc|securityCode)"\s*:/i.test(shown)
  ctx.check(RULES.NO_CARD_DATA, !leaked && !cvvShown, leaked ? 'the integration shows a full card number' : 'the integration shows a CVV', [
    // Masked by the evidence redaction: the finding never repeats the number it reports.
    driverEvidence('what the integration answered', ctx.driverOutputs.slice(-4)),
  ])
  await checkLogs(ctx)

  const requests = await ctx.paymentRequests()
  const personal = requests.filter((p) => p.facts.buyerRef !== undefined && looksLikePersonalData(p.facts.buyerRef))
  ctx.check(RULES.NO_PII_IN_BUYER_REF, personal.length === 0, 'the buyer reference sent to the provider is personal data (an e-mail, a phone number or a name)', personal.map((p) => evidenceOf(p.exchange)))

  const notifications = await ctx.mock.notifications(ctx.provider)
  const unacknowledged = notifications.filter((n) => n.attempts.some((a) => genuine(a) && !a.acknowledged))
  const statuses = [...new Set(unacknowledged.flatMap((n) => n.attempts.filter((a) => genuine(a) && !a.acknowledged).map((a) => (a.status === undefined ? 'no answer' : `HTTP ${a.status}`))))]
  ctx.check(
    RULES.NOTIFICATION_ACK,
    unacknowledged.length === 0,
    `${unacknowledged.length} genuine notification(s) were not acknowledged as the provider requires (answered ${statuses.join(', ')}), so it keeps resending them`,
    (await ctx.notificationDeliveries()).filter((e) => e.tags.forged !== true && e.tags.unsigned !== true && e.tags.impostor === undefined).map((e) => evidenceOf(e)),
  )
}

/**
 * Where the integration serves its log lines (driver protocol 1.1), they may hold no card number
 * the scenario used (nor any of the provider's test cards) and no CVV written next to its name.
 */
async function checkLogs(ctx: ScenarioContext): Promise<void> {
  const lines = await ctx.logs()
  if (lines === undefined) return
  const numbers = new Set([...ctx.cardsUsed, ...ctx.subject.contract.testCards.map((c) => c.number)])
  // Card numbers are written with spaces or dashes too.
  const withPan = lines.filter((line) => {
    const digits = line.replace(/(?<=\d)[ -](?=\d)/g, '')
    return [...numbers].some((n) => digits.includes(n))
  })
  const withCvv = lines.filter((line) => CVV_IN_TEXT.test(line))
  ctx.check(
    RULES.NO_CARD_DATA,
    withPan.length === 0 && withCvv.length === 0,
    withPan.length > 0 ? `the integration's logs hold a full card number (${withPan.length} line(s))` : `the integration's logs hold a CVV (${withCvv.length} line(s))`,
    // Redacted on the way into the finding: the lines show where, with the number masked.
    [driverEvidence("the integration's log lines that hold card data (masked)", [...withPan, ...withCvv].slice(0, 5).map(maskLine))],
  )
}

/** A log line fit for a report: card numbers (spaced or not) to first 6 / last 4, CVV values removed. */
function maskLine(line: string): string {
  return line
    .replace(/\d(?:[ -]?\d){11,18}/g, (run) => {
      const digits = run.replace(/[ -]/g, '')
      return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`
    })
    .replace(new RegExp(CVV_IN_TEXT.source, 'gi'), (match) => match.replace(/\d{3,4}$/, '[removed]'))
}

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

export async function checkInvariants(ctx: ScenarioContext): Promise<void> {
  const shown = JSON.stringify(ctx.driverOutputs)
  const leaked = [...ctx.cardsUsed].some((number) => shown.includes(number)) || ctx.savedCardsSeen.some((card) => tooManyDigits(card.masked))
  const cvvShown = /"(cvv|cvc|securityCode)"\s*:/i.test(shown)
  ctx.check(RULES.NO_CARD_DATA, !leaked && !cvvShown, leaked ? 'the integration shows a full card number' : 'the integration shows a CVV', [
    // Masked by the evidence redaction: the finding never repeats the number it reports.
    driverEvidence('what the integration answered', ctx.driverOutputs.slice(-4)),
  ])

  const requests = await ctx.paymentRequests()
  const personal = requests.filter((p) => p.facts.buyerRef !== undefined && looksLikePersonalData(p.facts.buyerRef))
  ctx.check(RULES.NO_PII_IN_BUYER_REF, personal.length === 0, 'the buyer reference sent to the provider is personal data (an e-mail, a phone number or a name)', personal.map((p) => evidenceOf(p.exchange)))

  const notifications = await ctx.mock.notifications(ctx.provider)
  const unacknowledged = notifications.filter((n) => n.attempts.some((a) => a.forged !== true && !a.acknowledged))
  ctx.check(
    RULES.NOTIFICATION_ACK,
    unacknowledged.length === 0,
    `${unacknowledged.length} genuine notification(s) were not acknowledged as the provider requires, so it keeps resending them`,
    (await ctx.notificationDeliveries()).filter((e) => e.tags.forged !== true).map((e) => evidenceOf(e)),
  )
}

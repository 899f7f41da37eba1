/**
 * Findings grouped by cause. One mistake has consequences further on in the same scenario (a
 * notification answered 401 leaves the card unsaved and the order unpaid): those are listed under
 * the finding of their cause, not beside it. Every finding left standing gets a one-line hint of
 * the likely mistake, and a cause key that groups the same mistake across scenarios in a report.
 */
import type { NotificationRecord } from './mock-control.ts'
import type { Finding } from './findings.ts'
import { RULES, type Rule } from './rules.ts'

/** A finding that follows from another in the same scenario, listed under it. */
export interface Consequence {
  readonly ruleId: string
  readonly title: string
  readonly message: string
}

interface Root {
  readonly rule: Rule
  /** Rules whose findings in the same scenario follow from this one. */
  readonly absorbs: readonly Rule[]
  /** Only when the scenario's record shows the mistake is the kind that has these consequences. */
  readonly when?: (facts: ScenarioFacts) => boolean
}

export interface ScenarioFacts {
  readonly notifications: readonly NotificationRecord[]
}

type Attempt = NotificationRecord['attempts'][number]
const genuine = (a: Attempt): boolean => a.forged !== true && a.unsigned !== true && a.impostor === undefined

/** The integration accepted none of the genuine notifications: it refused them (a non-2xx) or did not answer. */
function refusedEveryNotification(facts: ScenarioFacts): boolean {
  const attempts = facts.notifications.flatMap((n) => n.attempts).filter(genuine)
  return attempts.length > 0 && attempts.every((a) => !a.acknowledged && (a.status === undefined || a.status < 200 || a.status >= 300))
}

/** In priority order: a root absorbs the findings its mistake explains, with their own consequences. */
const ROOTS: readonly Root[] = [
  {
    rule: RULES.NOTIFICATION_ACK,
    absorbs: [RULES.SAVED_CARD_USABLE, RULES.FINAL_RESULT_APPLIED, RULES.NOTIFICATION_ONCE, RULES.NOTIFICATION_ORDER, RULES.SAVE_ONLY_AFTER_NOTIFICATION, RULES.PENDING_IS_NOT_FAILED],
    when: refusedEveryNotification,
  },
  { rule: RULES.BOUNDED_WAIT, absorbs: [RULES.RESOLVE_UNKNOWN, RULES.RETRY_SAME_KEY, RULES.PENDING_IS_NOT_FAILED, RULES.FINAL_RESULT_APPLIED] },
  { rule: RULES.RESOLVE_UNKNOWN, absorbs: [RULES.PENDING_IS_NOT_FAILED, RULES.FINAL_RESULT_APPLIED] },
  { rule: RULES.PENDING_IS_NOT_FAILED, absorbs: [RULES.FINAL_RESULT_APPLIED, RULES.SAVED_CARD_USABLE] },
  { rule: RULES.PENDING_IS_NOT_PAID, absorbs: [RULES.FINAL_RESULT_APPLIED, RULES.SAVE_ONLY_AFTER_NOTIFICATION] },
  { rule: RULES.NOTIFICATION_VERIFIED, absorbs: [RULES.SAVE_ONLY_AFTER_NOTIFICATION, RULES.FINAL_RESULT_APPLIED] },
  { rule: RULES.NOTIFICATION_IS_OURS, absorbs: [RULES.FINAL_RESULT_APPLIED, RULES.SAVE_ONLY_AFTER_NOTIFICATION] },
  { rule: RULES.ANSWER_VERIFIED, absorbs: [RULES.FINAL_RESULT_APPLIED] },
  { rule: RULES.REUSE_CARD_ON_FILE, absorbs: [RULES.FINAL_RESULT_APPLIED] },
  { rule: RULES.REUSE_SAME_BUYER, absorbs: [RULES.FINAL_RESULT_APPLIED, RULES.REUSE_CARD_ON_FILE] },
  { rule: RULES.SAVE_ONLY_AFTER_NOTIFICATION, absorbs: [RULES.SAVED_CARD_USABLE] },
]

/** The likely mistake behind each rule, in one line: where to look first. */
const HINTS: Readonly<Record<string, string>> = {
  'TP-SAVE-001': 'a card was saved from something other than the provider\'s verified confirmation (the synchronous answer?): save it from the verified notification, or the provider\'s own record',
  'TP-SAVE-002': 'the buyer\'s "save" choice does not reach the request: ask the provider to save only when the buyer agreed',
  'TP-SAVE-003': 'the token in the confirmation is not stored for the buyer: is it read from the field the provider documents, under the buyer the order belongs to?',
  'TP-STATUS-001': 'a pending answer (U, Received, PROCESSING, a timeout) was read as a failure: only the provider\'s final result fails an order',
  'TP-STATUS-002': 'the final result is not applied to the order: is the order found by the reference the provider echoes, and is every final state mapped?',
  'TP-STATUS-003': 'a pending answer was read as a success: only the provider\'s final result pays an order',
  'TP-REUSE-001': 'the reuse request lacks the provider\'s card-on-file flags, or sends the shopper-present ones for a merchant-initiated payment',
  'TP-REUSE-002': 'a CVV is kept after the first payment and sent again: never store it, and send none on a merchant-initiated reuse',
  'TP-REUSE-003': 'the reuse sends another token or buyer reference than the card was saved under',
  'TP-REUSE-004': 'the saved card is looked up by its id alone: look it up among the cards of the buyer checking out',
  'TP-RETRY-001': 'every failure is retried: a validation error, a decline or a refused token is final',
  'TP-RETRY-002': 'a retry makes a new request: derive the idempotency key from the order and resend the same body',
  'TP-RETRY-003': 'an unknown outcome (U, 5xx, a timeout) ends the checkout: retry under the same key or inquire before deciding',
  'TP-RETRY-004': 'the call to the provider has no timeout (or a very long one): give it one, then treat the outcome as unknown',
  'TP-RETRY-005': 'the client timeout is shorter than the provider documents: wait at least that long before treating the outcome as unknown',
  'TP-NOTIFY-001': 'the notification\'s signature is not checked, or only when there is one: verify every notification before acting, and refuse one without a signature',
  'TP-NOTIFY-002': 'notifications are not deduplicated: remember the ones applied (by the provider\'s id and event) and acknowledge a repeat without applying it',
  'TP-NOTIFY-003': 'a late notification overwrites a newer state: let a status only move forward, and keep what earlier ones brought',
  'TP-NOTIFY-004': 'the answer to a notification is not the acknowledgement the provider documents (its exact status and body)',
  'TP-NOTIFY-005': 'a notification is applied without checking it is about this merchant\'s payment: compare its client id / merchant account and amount with the order',
  'TP-ANSWER-001': 'the provider\'s answer is used without verifying its signature: an answer that does not verify is an unknown outcome',
  'TP-TOKEN-001': 'a refused token breaks the checkout: treat it as a card the buyer must enter again',
  'TP-TOKEN-002': 'a single-use token is kept as a saved card: keep only the multi-use tokens the buyer agreed to',
  'TP-DATA-001': 'card data reaches the integration\'s answers, store or logs: keep and show only first 6 / last 4, never a CVV',
  'TP-DATA-002': 'a personal identifier (an e-mail, a phone number, a name) is the buyer reference: send a pseudonymous id',
}

/** What the integration answered to notifications it did not acknowledge, and the likely reason. */
function notificationHint(facts: ScenarioFacts): { key: string; hint: string } | undefined {
  const missed = facts.notifications.flatMap((n) => n.attempts).filter((a) => genuine(a) && !a.acknowledged)
  if (missed.length === 0) return undefined
  const statuses = [...new Set(missed.map((a) => a.status))].sort()
  const shown = statuses.map((s) => (s === undefined ? 'no answer' : String(s))).join('/')
  const key = `notifications-answered-${shown}`
  if (statuses.some((s) => s === 401 || s === 403)) return { key, hint: `answered ${shown} to correctly signed notifications: is the signature computed over the raw body, with the key, fields and encoding the provider documents?` }
  if (statuses.some((s) => s !== undefined && s >= 500)) return { key, hint: `answered ${shown} to genuine notifications: does the handler fail on this provider's body (parsing, an event it does not know, an order it cannot find)?` }
  if (statuses.some((s) => s === undefined)) return { key, hint: 'did not answer notifications in time: acknowledge first, then process' }
  if (statuses.some((s) => s !== undefined && s >= 400)) return { key, hint: `answered ${shown} to genuine notifications: is the body read as the provider sends it (its content type and shape)?` }
  return { key, hint: `answered ${shown} without the acknowledgement the provider documents (its exact status and body)` }
}

/**
 * Folds the consequences of each root finding under it, and gives every finding left its hint and
 * cause key. The order of the findings that stay is kept.
 */
export function groupByCause(findings: readonly Finding[], facts: ScenarioFacts): Finding[] {
  let standing = [...findings]
  const folded = new Map<Finding, Consequence[]>()
  for (const root of ROOTS) {
    const cause = standing.find((f) => f.ruleId === root.rule.id)
    if (!cause || (root.when && !root.when(facts))) continue
    const absorbed = standing.filter((f) => f !== cause && root.absorbs.some((r) => r.id === f.ruleId))
    if (absorbed.length === 0) continue
    const own = folded.get(cause) ?? []
    for (const f of absorbed) own.push({ ruleId: f.ruleId, title: f.title, message: f.message }, ...(folded.get(f) ?? []))
    folded.set(cause, own)
    standing = standing.filter((f) => !absorbed.includes(f))
  }
  const notifications = notificationHint(facts)
  return standing.map((f) => {
    const specific = f.ruleId === RULES.NOTIFICATION_ACK.id ? notifications : undefined
    const consequences = folded.get(f)
    return {
      ...f,
      cause: specific?.key ?? f.ruleId,
      hint: specific?.hint ?? HINTS[f.ruleId] ?? f.title,
      ...(consequences && consequences.length > 0 ? { consequences } : {}),
    }
  })
}

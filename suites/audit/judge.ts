/**
 * `tokenproof audit`: judges whatever traffic a mock saw — the user's own end-to-end tests, a
 * click-through, an app under `tokenproof wrap` — with no driver, against every rule that can be
 * judged from where the provider stands. Each provider's audit gives one result per check (reuse,
 * retries, buyer reference, notifications, the app's logs), in the report model `run` uses, so the
 * same four report files come out. Provider facts come from the contracts' tables (the conformance
 * profile's `paymentFacts`, the result-code table, contracts/<id>/audit.ts); nothing here names a provider.
 */
import type { ConformanceProfile } from '../../contracts/core/conformance.ts'
import type { AuditProfile } from '../../contracts/core/audit.ts'
import type { ProviderContract } from '../../contracts/core/provider-contract.ts'
import { redact } from '../../mocks/engine/masking.ts'
import { groupByCause } from '../causes.ts'
import type { ConformanceRun, Evidence, Finding, ScenarioResult } from '../findings.ts'
import { looksLikePersonalData } from '../invariants.ts'
import type { Exchange, NotificationRecord } from '../mock-control.ts'
import { mockGapsOf } from '../mock-gaps.ts'
import { RULES, type Rule } from '../rules.ts'
import { DEFAULT_ANSWER_BUDGET_MS, evidenceOf } from '../scenario.ts'
import { classifyAnswer, type AnswerKind } from './answers.ts'

/** Card data `wrap` found in the app's output (bin/log-scan.ts), already masked. */
export interface AppLogFinding {
  readonly stream: 'stdout' | 'stderr'
  readonly line: number
  readonly kind: 'card_number' | 'cvv'
  readonly evidence: string
}

export interface AuditTraffic {
  /** Every exchange the mock recorded, in both directions, as the control API lists them (masked). */
  readonly exchanges: readonly Exchange[]
  /** The mock's notification records: each delivery attempt and whether the merchant's answer acknowledged it. */
  readonly notifications: readonly NotificationRecord[]
  /** What `wrap` found in the app's output; absent when the app's output was not scanned. */
  readonly logFindings?: readonly AppLogFinding[] | undefined
}

/** What the audit knows of a provider: its contract, conformance profile and audit profile. */
export interface AuditedProvider {
  readonly contract: ProviderContract
  readonly profile: ConformanceProfile
  readonly audit: AuditProfile
}

export interface AuditOptions {
  readonly providers: Readonly<Record<string, AuditedProvider>>
  /** Audit only these providers (default: every provider the traffic touched). */
  readonly only?: readonly string[]
  readonly integration?: string
  readonly startedAt?: string
  readonly durationMs?: number
  /**
   * A call left without an answer for longer than this counts as a client that never gives up
   * (TP-RETRY-004); default twice the provider's documented client timeout, or twice the run's
   * answer budget where none is documented.
   */
  readonly waitLimitMs?: number
}

/** The checks of an audit, as scenario results of the report (their ids are stable). */
export const AUDIT_CHECKS = {
  reuse: { id: 'audit-reuse', title: 'Payments with a saved card: card-on-file flags and no CVV', rules: [RULES.REUSE_CARD_ON_FILE, RULES.REUSE_NO_CVV] },
  retries: {
    id: 'audit-retries',
    title: 'Retries, unknown outcomes and timeouts of the calls to the provider',
    rules: [RULES.RETRY_SAME_KEY, RULES.NO_RETRY_OF_FINAL_ERROR, RULES.RESOLVE_UNKNOWN, RULES.BOUNDED_WAIT, RULES.WAITS_DOCUMENTED_TIME],
  },
  buyerRef: { id: 'audit-buyer-reference', title: 'The buyer reference sent to the provider', rules: [RULES.NO_PII_IN_BUYER_REF] },
  notifications: { id: 'audit-notifications', title: 'Answers to the notifications the provider sent', rules: [RULES.NOTIFICATION_ACK, RULES.NOTIFICATION_VERIFIED] },
  logs: { id: 'audit-app-logs', title: "Card data in the app's output", rules: [RULES.NO_CARD_DATA] },
  traffic: { id: 'audit-traffic', title: 'What the mock saw: calls it does not serve and fields it ignored', rules: [] as Rule[] },
} as const

/** The rules an audit can judge. */
export const AUDIT_RULES: readonly Rule[] = [...new Set(Object.values(AUDIT_CHECKS).flatMap((c) => c.rules))]

type CheckKey = keyof typeof AUDIT_CHECKS

/** One check's findings in the making: at most one per rule, every occurrence as evidence. */
class CheckFindings {
  readonly #found = new Map<string, { rule: Rule; messages: string[]; evidence: Evidence[] }>()

  add(rule: Rule, message: string, evidence: readonly Evidence[]): void {
    const entry = this.#found.get(rule.id) ?? { rule, messages: [], evidence: [] }
    entry.messages.push(message)
    for (const e of evidence) if (!entry.evidence.some((x) => x.exchangeId !== undefined && x.exchangeId === e.exchangeId)) entry.evidence.push(e)
    this.#found.set(rule.id, entry)
  }

  findings(provider: string, check: CheckKey, profile: ConformanceProfile): Finding[] {
    const scenario = AUDIT_CHECKS[check].id
    return [...this.#found.values()].map(({ rule, messages, evidence }) => {
      const distinct = [...new Set(messages)]
      const message = messages.length === 1 ? distinct[0]! : `${messages.length} times: ${distinct.slice(0, 3).join('; ')}${distinct.length > 3 ? '; …' : ''}`
      return {
        id: `${rule.id}/${provider}/${scenario}`,
        ruleId: rule.id,
        severity: rule.severity,
        title: rule.title,
        provider,
        scenario,
        message: String(redact(message)),
        citation: profile.citations[rule.id] ?? rule.source,
        evidence: evidence.slice(0, 6).map((e) => redact(e) as Evidence),
      }
    })
  }
}

interface Call {
  readonly exchange: Exchange
  readonly kind: AnswerKind
  readonly code: string | undefined
  readonly key: string | undefined
  readonly identity: string
}

const seqOrder = (a: { startedSeq: number }, b: { startedSeq: number }): number => a.startedSeq - b.startedSeq

/** A call with no provider answer: the client gave up (the mock's 499), or the connection failed. */
const unanswered = (e: Exchange): boolean => 'error' in e.response || e.response.status === 499

/** JSON with sorted keys, for comparing bodies. */
function canonical(value: unknown, drop: (v: unknown) => boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, drop)).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => !drop(v))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, drop)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

/**
 * What makes two calls the same operation, whatever their idempotency keys: the operation, the
 * path and the body (in its unsealed form where the merchant sealed a card, since a card is sealed
 * anew for every call), less the key where the key is a body field.
 */
function identityOf(exchange: Exchange, key: string | undefined): string {
  const path = new URL(exchange.request.url).pathname
  const body = exchange.request.sealed ?? exchange.request.body
  return `${exchange.operation ?? ''} ${exchange.request.method} ${path} ${canonical(body, (v) => key !== undefined && v === key)}`
}

/** Audits recorded traffic; the result is a run of the report model. */
export function auditTraffic(traffic: AuditTraffic, options: AuditOptions): ConformanceRun {
  const started = Date.now()
  const touched = new Set([...traffic.exchanges.map((e) => e.provider), ...traffic.notifications.map((n) => n.provider)])
  const ids = (options.only ?? [...touched]).filter((id) => options.providers[id] !== undefined)
  const results: ScenarioResult[] = []
  ids.forEach((id, index) => {
    const provider = options.providers[id]!
    const exchanges = traffic.exchanges.filter((e) => e.provider === id).sort(seqOrder)
    const notifications = traffic.notifications.filter((n) => n.provider === id)
    results.push(...auditProvider(id, provider, exchanges, notifications, options))
    // The app's output is one for all providers: judged once, under the first.
    if (index === 0) results.push(logsResult(id, provider, traffic.logFindings))
  })
  return {
    integration: options.integration ?? 'audited traffic',
    startedAt: options.startedAt ?? new Date(started).toISOString(),
    durationMs: options.durationMs ?? Date.now() - started,
    providers: ids,
    results,
  }
}

function result(provider: string, check: CheckKey, judged: boolean, findings: Finding[], skipReason: string, extra: Partial<ScenarioResult> = {}): ScenarioResult {
  const { id, title, rules } = AUDIT_CHECKS[check]
  // Hints and causes as a run gives them; no folding: the audit's findings come from unrelated calls.
  const grouped = findings.flatMap((f) => groupByCause([f], { notifications: [] }))
  return {
    provider,
    scenario: id,
    title,
    status: !judged ? 'skipped' : grouped.length > 0 ? 'failed' : 'passed',
    ...(judged ? {} : { reason: skipReason, skippedFor: 'integration' as const }),
    rules: rules.map((r) => r.id),
    findings: grouped,
    durationMs: 0,
    ...extra,
  }
}

function auditProvider(id: string, provider: AuditedProvider, exchanges: readonly Exchange[], notifications: readonly NotificationRecord[], options: AuditOptions): ScenarioResult[] {
  const { profile, audit, contract } = provider
  const payments = new Set(profile.operations.payment)
  const inquiries = new Set(profile.operations.inquiry)
  const inbound = exchanges.filter((e) => e.direction === 'inbound' && e.tags.mockGap === undefined)
  // A call the provider refused at authentication never reached a payment.
  const refusedAuth = (e: Exchange): boolean => 'status' in e.response && (e.response.status === 401 || e.response.status === 403)
  const calls: Call[] = inbound
    .filter((e) => e.operation !== undefined && payments.has(e.operation) && !refusedAuth(e))
    .map((exchange) => {
      const facts = profile.paymentFacts(exchange.request)
      const answer = classifyAnswer(exchange, contract, audit)
      return { exchange, kind: answer.kind, code: answer.code, key: facts.idempotencyKey, identity: identityOf(exchange, facts.idempotencyKey) }
    })

  const results = [
    reuseResult(id, provider, calls),
    retriesResult(id, provider, calls, inbound, inquiries, options),
    buyerRefResult(id, provider, calls),
    notificationsResult(id, provider, exchanges, notifications),
  ]
  const gaps = mockGapsOf(exchanges)
  results.push(result(id, 'traffic', exchanges.length > 0, [], 'the mock recorded no exchange with this provider', gaps.length > 0 ? { mockGaps: gaps } : {}))
  return results
}

function reuseResult(id: string, { profile, audit }: AuditedProvider, calls: readonly Call[]): ScenarioResult {
  const found = new CheckFindings()
  const reuses = calls.map((c) => ({ call: c, facts: profile.paymentFacts(c.exchange.request) })).filter((r) => r.facts.tokenUsed !== undefined)
  for (const { call, facts } of reuses) {
    const fields = facts.cardOnFileFields ?? {}
    const shopperPresent = (audit.shopperPresentReuse ?? []).some((combo) => Object.entries(combo).every(([k, v]) => fields[k] === v))
    if (shopperPresent) continue
    const shown = Object.entries(fields)
      .map(([k, v]) => `${k} ${v === undefined ? 'missing' : JSON.stringify(v)}`)
      .join(', ')
    if (!facts.cardOnFile) found.add(RULES.REUSE_CARD_ON_FILE, `a payment with a saved card went without the card-on-file flags a merchant-initiated payment needs (${shown || 'none sent'})`, [evidenceOf(call.exchange)])
    if (facts.cvvSent && profile.reuseCvv === 'forbidden') found.add(RULES.REUSE_NO_CVV, 'a merchant-initiated payment with a saved card carried a CVV', [evidenceOf(call.exchange)])
  }
  return result(id, 'reuse', reuses.length > 0, found.findings(id, 'reuse', profile), 'the traffic holds no payment with a saved card')
}

function retriesResult(id: string, { profile, audit }: AuditedProvider, calls: readonly Call[], inbound: readonly Exchange[], inquiries: ReadonlySet<string>, options: AuditOptions): ScenarioResult {
  const found = new CheckFindings()
  // Each call against the latest earlier call of the same operation, if any: that pair is a retry.
  calls.forEach((later, index) => {
    const earlier = calls
      .slice(0, index)
      .reverse()
      .find((c) => c.identity === later.identity)
    if (!earlier) return
    const evidence = [evidenceOf(earlier.exchange, 'the first call'), evidenceOf(later.exchange, 'sent again')]
    if (earlier.kind === 'final') {
      found.add(RULES.NO_RETRY_OF_FINAL_ERROR, `a call the provider refused for good${earlier.code !== undefined ? ` (${earlier.code})` : ''} was sent again`, evidence)
    } else if (earlier.kind === 'unknown' || earlier.kind === 'noAnswer') {
      if (earlier.key === undefined || later.key === undefined) found.add(RULES.RETRY_SAME_KEY, 'a call with an unknown outcome was sent again without an idempotency key', evidence)
      else if (earlier.key !== later.key) found.add(RULES.RETRY_SAME_KEY, 'a call with an unknown outcome was sent again under a new idempotency key', evidence)
    }
  })
  // An unknown outcome must be settled: the same call again, or an inquiry, after it.
  for (const call of calls) {
    if (call.kind !== 'unknown' && call.kind !== 'noAnswer') continue
    const seq = call.exchange.startedSeq
    const retried = calls.some((c) => c.exchange.startedSeq > seq && c.identity === call.identity)
    const inquired = inbound.some((e) => e.startedSeq > seq && e.operation !== undefined && inquiries.has(e.operation))
    if (!retried && !inquired) {
      const what = call.kind === 'noAnswer' ? 'no answer (the client gave up)' : `an unknown outcome${call.code !== undefined ? ` (${call.code})` : ` (HTTP ${'status' in call.exchange.response ? call.exchange.response.status : '?'})`}`
      found.add(RULES.RESOLVE_UNKNOWN, `a payment call ended with ${what} and was neither retried nor inquired about`, [evidenceOf(call.exchange)])
    }
  }
  // Timeouts: every call the client left without an answer, whatever the operation.
  const documented = audit.clientTimeout
  const waitLimit = options.waitLimitMs ?? 2 * (documented?.ms ?? DEFAULT_ANSWER_BUDGET_MS)
  const abandoned = inbound.filter(unanswered)
  for (const e of abandoned) {
    if (e.durationMs === undefined) continue
    const seconds = (e.durationMs / 1000).toFixed(1)
    if (e.durationMs >= waitLimit) found.add(RULES.BOUNDED_WAIT, `a call waited ${seconds} s for an answer and never gave up`, [evidenceOf(e)])
    else if (documented && e.durationMs < documented.ms) found.add(RULES.WAITS_DOCUMENTED_TIME, `a call was given up after ${seconds} s, before the ${documented.ms / 1000} s the provider documents (${documented.source})`, [evidenceOf(e)])
  }
  const judged = calls.length > 0 || abandoned.length > 0
  return result(id, 'retries', judged, found.findings(id, 'retries', profile), 'the traffic holds no payment call')
}

function buyerRefResult(id: string, { profile }: AuditedProvider, calls: readonly Call[]): ScenarioResult {
  const found = new CheckFindings()
  const withRef = calls.map((c) => ({ call: c, ref: profile.paymentFacts(c.exchange.request).buyerRef })).filter((r) => r.ref !== undefined)
  for (const { call, ref } of withRef) {
    if (looksLikePersonalData(ref!)) found.add(RULES.NO_PII_IN_BUYER_REF, 'the buyer reference sent to the provider is personal data (an e-mail, a phone number or a name)', [evidenceOf(call.exchange)])
  }
  return result(id, 'buyerRef', withRef.length > 0, found.findings(id, 'buyerRef', profile), 'no payment call carried a buyer reference')
}

type Attempt = NotificationRecord['attempts'][number]
const genuine = (a: Attempt): boolean => a.forged !== true && a.unsigned !== true && a.impostor === undefined

function notificationsResult(id: string, { profile }: AuditedProvider, exchanges: readonly Exchange[], notifications: readonly NotificationRecord[]): ScenarioResult {
  const found = new CheckFindings()
  const deliveries = exchanges.filter((e) => e.direction === 'outbound')
  const evidenceFor = (n: NotificationRecord, a: Attempt): Evidence[] => {
    const e = deliveries.find((d) => d.tags.notification === n.id && d.tags.attempt === a.number)
    return e ? [evidenceOf(e)] : []
  }
  for (const n of notifications) {
    for (const a of n.attempts) {
      const answered = a.status === undefined ? 'no answer' : `HTTP ${a.status}`
      if (genuine(a) && !a.acknowledged)
        found.add(RULES.NOTIFICATION_ACK, `a genuine ${n.kind} notification${a.duplicate === true ? ' (a duplicate delivery)' : ''} was answered ${answered}, not acknowledged as the provider requires, so it keeps resending it`, evidenceFor(n, a))
      if ((a.forged === true || a.unsigned === true) && a.acknowledged)
        found.add(RULES.NOTIFICATION_VERIFIED, `a ${n.kind} notification ${a.unsigned === true ? 'with no signature' : 'with a forged signature'} was acknowledged (${answered}) as if it were the provider's`, evidenceFor(n, a))
    }
  }
  const attempted = notifications.some((n) => n.attempts.length > 0)
  return result(id, 'notifications', attempted, found.findings(id, 'notifications', profile), 'the provider sent no notification to the app')
}

function logsResult(id: string, { profile }: AuditedProvider, logFindings: readonly AppLogFinding[] | undefined): ScenarioResult {
  const found = new CheckFindings()
  const lines = logFindings ?? []
  if (lines.length > 0) {
    const numbers = lines.filter((l) => l.kind === 'card_number').length
    const cvvs = lines.length - numbers
    const what = [numbers > 0 ? `${numbers} full card number(s)` : '', cvvs > 0 ? `${cvvs} CVV(s)` : ''].filter(Boolean).join(' and ')
    found.add(RULES.NO_CARD_DATA, `the app's output holds ${what}`, [
      { direction: 'driver', note: "the app's output lines that hold card data (masked)", response: lines.slice(0, 10).map((l) => `${l.stream}:${l.line} ${l.kind} ${l.evidence}`) },
    ])
  }
  return result(id, 'logs', logFindings !== undefined, found.findings(id, 'logs', profile), "the app's output was not scanned (run the app under tokenproof audit -- <command>, or wrap)")
}

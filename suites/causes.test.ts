import { expect, test } from 'vitest'
import { groupByCause, type ScenarioFacts } from './causes.ts'
import type { Finding } from './findings.ts'
import { RULES, type Rule } from './rules.ts'

const finding = (rule: Rule, message = `broke ${rule.id}`): Finding => ({
  id: `${rule.id}/antom/s`,
  ruleId: rule.id,
  severity: rule.severity,
  title: rule.title,
  provider: 'antom',
  scenario: 's',
  message,
  citation: 'c',
  evidence: [],
})

const answered = (...statuses: (number | undefined)[]): ScenarioFacts => ({
  notifications: [{ id: 'n1', provider: 'antom', kind: 'notifyPayment', status: 'failed', attempts: statuses.map((status) => ({ acknowledged: false, ...(status !== undefined ? { status } : {}) })) }],
})

test('notifications refused with 401: the unsaved card and the unpaid order are listed under the acknowledgement finding, with a raw-body hint', () => {
  const grouped = groupByCause([finding(RULES.SAVED_CARD_USABLE), finding(RULES.FINAL_RESULT_APPLIED), finding(RULES.NOTIFICATION_ACK)], answered(401, 401))
  expect(grouped.map((f) => f.ruleId)).toEqual(['TP-NOTIFY-004'])
  expect(grouped[0]?.consequences?.map((c) => c.ruleId)).toEqual(['TP-SAVE-003', 'TP-STATUS-002'])
  expect(grouped[0]?.hint).toMatch(/answered 401 to correctly signed notifications: is the signature computed over the raw body/)
  expect(grouped[0]?.cause).toBe('notifications-answered-401')
})

test('a 500 to every notification gets its own cause and hint', () => {
  const [root] = groupByCause([finding(RULES.NOTIFICATION_ACK)], answered(500))
  expect(root?.cause).toBe('notifications-answered-500')
  expect(root?.hint).toMatch(/does the handler fail/)
})

test('a wrong acknowledgement that still applied the notification explains nothing else: the other findings stand', () => {
  const grouped = groupByCause([finding(RULES.NOTIFICATION_ACK), finding(RULES.SAVED_CARD_USABLE)], answered(200))
  expect(grouped.map((f) => f.ruleId)).toEqual(['TP-NOTIFY-004', 'TP-SAVE-003'])
  expect(grouped.every((f) => f.consequences === undefined)).toBe(true)
})

test('a follow-on of an unresolved unknown outcome is its consequence, not a finding beside it', () => {
  const grouped = groupByCause([finding(RULES.RESOLVE_UNKNOWN), finding(RULES.PENDING_IS_NOT_FAILED)], { notifications: [] })
  expect(grouped.map((f) => f.ruleId)).toEqual(['TP-RETRY-003'])
  expect(grouped[0]?.consequences).toEqual([{ ruleId: 'TP-STATUS-001', title: RULES.PENDING_IS_NOT_FAILED.title, message: 'broke TP-STATUS-001' }])
})

test('a provider the integration waited on for ever explains the unresolved outcome and what followed', () => {
  const grouped = groupByCause([finding(RULES.BOUNDED_WAIT), finding(RULES.RESOLVE_UNKNOWN), finding(RULES.PENDING_IS_NOT_FAILED)], { notifications: [] })
  expect(grouped.map((f) => f.ruleId)).toEqual(['TP-RETRY-004'])
  expect(grouped[0]?.consequences?.map((c) => c.ruleId).sort()).toEqual(['TP-RETRY-003', 'TP-STATUS-001'])
})

test('every finding left standing has a hint and a cause', () => {
  const grouped = groupByCause(Object.values(RULES).map((r) => finding(r)), { notifications: [] })
  for (const f of grouped) {
    expect(f.hint, f.ruleId).toBeTruthy()
    expect(f.cause, f.ruleId).toBeTruthy()
  }
})

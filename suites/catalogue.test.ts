import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { contractRegistry } from '../contracts/registry.ts'
import { ALL_RULES } from './rules.ts'
import { SCENARIOS } from './scenarios/index.ts'
import { AUDIT_RULES } from './audit/judge.ts'

const DOC = readFileSync(new URL('../docs/conformance.md', import.meta.url), 'utf8')

test('rule and scenario ids are unique and stable in shape', () => {
  expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length)
  for (const rule of ALL_RULES) expect(rule.id).toMatch(/^TP-[A-Z]+-\d{3}$/)
  expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length)
})

test('every rule is checked by some scenario, and every scenario names known rules', () => {
  const checked = new Set(SCENARIOS.flatMap((s) => s.rules.map((r) => r.id)))
  // The data rules are checked after every scenario (suites/invariants.ts).
  for (const id of ['TP-DATA-001', 'TP-DATA-002', 'TP-NOTIFY-004']) checked.add(id)
  // Some rules can only be judged from recorded traffic, by tokenproof audit (suites/audit/).
  for (const rule of AUDIT_RULES) checked.add(rule.id)
  expect(ALL_RULES.map((r) => r.id).filter((id) => !checked.has(id))).toEqual([])
})

test('docs/conformance.md lists every rule and every scenario', () => {
  expect(ALL_RULES.map((r) => r.id).filter((id) => !DOC.includes(id))).toEqual([])
  expect(SCENARIOS.map((s) => s.id).filter((id) => !DOC.includes(`\`${id}\``))).toEqual([])
})

test('every provider declares a conformance profile whose citations name only known rules', () => {
  const known = new Set(ALL_RULES.map((r) => r.id))
  for (const contract of Object.values(contractRegistry)) {
    expect(contract.conformance, contract.id).toBeDefined()
    expect(Object.keys(contract.conformance?.citations ?? {}).filter((id) => !known.has(id))).toEqual([])
    expect(Object.keys(contract.conformance?.gaps ?? {}).filter((id) => !SCENARIOS.some((s) => s.id === id))).toEqual([])
  }
})

import { expect, test } from 'vitest'
import { formatAdyenTable, SESSION_BODY, type AdyenRow } from './adyen.ts'
import { CreateCheckoutSessionRequest } from '../contracts/adyen/schemas.ts'

const row = (scenario: string, rps: number, p99Ms: number, faults = 0): AdyenRow => ({ scenario, rps, p50Ms: p99Ms / 2, p99Ms, faults, statusCodes: { 201: 10 } })

test('the bench sends a /sessions request the contract accepts', () => {
  expect(CreateCheckoutSessionRequest.safeParse(JSON.parse(SESSION_BODY)).success).toBe(true)
})

test('the table shows Prism as the reference and the mock with its verdict and speed-up', () => {
  const table = formatAdyenTable(row('mock', 20_000, 3), row('prism', 1_000, 20), 20, true, [])
  const lines = table.split('\n')
  expect(lines).toHaveLength(4)
  expect(lines[2]).toMatch(/^prism .*\(reference\)$/)
  expect(lines[3]).toMatch(/^mock .*PASS \(20\.0×\)$/)
  expect(formatAdyenTable(row('mock', 2_000, 22), row('prism', 1_000, 20), 2, false, ['speedup', 'p99'])).toContain('FAIL (speedup, p99; 2.0×)')
})

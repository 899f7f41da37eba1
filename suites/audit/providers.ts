/** The providers an audit can judge: those with a contract, a conformance profile and an audit profile. */
import { auditRegistry } from '../../contracts/audit-registry.ts'
import { contractRegistry } from '../../contracts/registry.ts'
import type { AuditedProvider } from './judge.ts'

export function auditedProviders(): Record<string, AuditedProvider> {
  const out: Record<string, AuditedProvider> = {}
  for (const [id, contract] of Object.entries(contractRegistry)) {
    const audit = auditRegistry[id]
    if (contract.conformance && audit) out[id] = { contract, profile: contract.conformance, audit }
  }
  return out
}

/** Each provider's audit profile (contracts/core/audit.ts), by contract id: what `tokenproof audit` reads of its answers. */
import { adyenAudit } from './adyen/audit.ts'
import { antomAudit } from './antom/audit.ts'
import { appotapayAudit } from './appotapay/audit.ts'
import type { AuditProfile } from './core/audit.ts'
import { pivotAudit } from './pivot/audit.ts'

export const auditRegistry: Readonly<Record<string, AuditProfile>> = {
  adyen: adyenAudit,
  antom: antomAudit,
  appotapay: appotapayAudit,
  pivot: pivotAudit,
}

/** What `tokenproof audit` reads of Antom's answers (see contracts/core/audit.ts): `result.resultCode` of every answer (https://docs.antom.com/ac/ams/api_fund). */
import { fieldAt, type AuditProfile } from '../core/audit.ts'

export const antomAudit: AuditProfile = {
  resultCodeOf: ({ body }) => fieldAt(body, ['result', 'resultCode']),
}

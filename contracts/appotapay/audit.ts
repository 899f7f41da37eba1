/** What `tokenproof audit` reads of AppotaPay's answers (see contracts/core/audit.ts): the numeric `errorCode` of an error answer `{errorCode, message, errors}`. */
import { fieldAt, type AuditProfile } from '../core/audit.ts'

export const appotapayAudit: AuditProfile = {
  resultCodeOf: ({ body }) => fieldAt(body, ['errorCode']),
}

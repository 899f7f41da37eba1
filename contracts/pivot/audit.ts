/** What `tokenproof audit` reads of Pivot's answers (see contracts/core/audit.ts): the envelope's `code` (`00` success, or an error code). */
import { fieldAt, type AuditProfile } from '../core/audit.ts'

export const pivotAudit: AuditProfile = {
  resultCodeOf: ({ body }) => fieldAt(body, ['code']),
  clientTimeout: { ms: 60_000, source: 'research/antom-pivot.md (Pivot API): a request still running after 60 s is answered 408; a client that gives up sooner leaves one it cannot tell' },
}

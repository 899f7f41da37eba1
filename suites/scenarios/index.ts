/** Every conformance scenario, in the order a run takes them. */
import type { Scenario } from '../scenario.ts'
import { finalErrorNotRetried, lostAnswer, serverError, unknownResult } from './errors.ts'
import { duplicateNotification, forgedNotification, reorderedNotifications } from './notifications.ts'
import { deadToken, tokenReuse } from './reuse.ts'
import { firstSaveWithConsent, firstSaveWithoutConsent, zeroAmountSave } from './save.ts'
import { pendingThenFailure, pendingThenSuccess, refused } from './status.ts'

export const SCENARIOS: readonly Scenario[] = [
  firstSaveWithConsent,
  firstSaveWithoutConsent,
  zeroAmountSave,
  tokenReuse,
  deadToken,
  pendingThenSuccess,
  pendingThenFailure,
  refused,
  finalErrorNotRetried,
  unknownResult,
  lostAnswer,
  serverError,
  duplicateNotification,
  forgedNotification,
  reorderedNotifications,
]

/** Every conformance scenario, in the order a run takes them. */
import type { Scenario } from '../scenario.ts'
import { finalErrorNotRetried, lostAnswer, serverError, slowAnswer, tamperedAnswer, unknownResult } from './errors.ts'
import { duplicateNotification, forgedNotification, otherAmountNotification, otherMerchantNotification, reorderedNotifications, unsignedNotification } from './notifications.ts'
import { anotherBuyersCard, deadToken, tokenReuse } from './reuse.ts'
import { firstSaveWithConsent, firstSaveWithoutConsent, zeroAmountSave } from './save.ts'
import { pendingThenFailure, pendingThenSuccess, refused } from './status.ts'

export const SCENARIOS: readonly Scenario[] = [
  firstSaveWithConsent,
  firstSaveWithoutConsent,
  zeroAmountSave,
  tokenReuse,
  deadToken,
  anotherBuyersCard,
  pendingThenSuccess,
  pendingThenFailure,
  refused,
  finalErrorNotRetried,
  unknownResult,
  lostAnswer,
  serverError,
  slowAnswer,
  tamperedAnswer,
  duplicateNotification,
  forgedNotification,
  unsignedNotification,
  otherMerchantNotification,
  otherAmountNotification,
  reorderedNotifications,
]

import { test } from 'vitest'
import { antomLifecycle } from '../../mocks/antom/test-support/lifecycle.ts'
import { adyenLifecycle } from '../../mocks/adyen/test-support/lifecycle.ts'
import { appotapayLifecycle } from '../../mocks/appotapay/test-support/lifecycle.ts'
import { pivotLifecycle } from '../../mocks/pivot/test-support/lifecycle.ts'
import { assertLifecycle } from './run.ts'

test('antom lifecycle matches the model', async () => {
  await assertLifecycle(antomLifecycle, { numRuns: 60 })
}, 60_000)

test('adyen lifecycle matches the model', async () => {
  await assertLifecycle(adyenLifecycle, { numRuns: 60 })
}, 60_000)

test('pivot lifecycle matches the model', async () => {
  await assertLifecycle(pivotLifecycle, { numRuns: 60 })
}, 60_000)

// Payments, replays, races and time only: see mocks/appotapay/test-support/lifecycle.ts.
test('appotapay lifecycle matches the model', async () => {
  await assertLifecycle(appotapayLifecycle, { numRuns: 60 })
}, 60_000)

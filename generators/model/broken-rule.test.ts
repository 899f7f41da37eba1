import { expect, test } from 'vitest'
import { adyenLifecycle } from '../../mocks/adyen/test-support/lifecycle.ts'
import { antomLifecycle } from '../../mocks/antom/test-support/lifecycle.ts'
import { createMock } from '../../mocks/create-mock.ts'
import { ForgetfulIdempotencyStore } from './forgetful-idempotency.ts'
import { checkLifecycle, replayPathOf } from './run.ts'

// The done-when proof: a mock whose idempotency store never remembers must fail the lifecycle
// model with a shrunk counterexample that fast-check replays from its seed, path and replayPath.
// (Pivot also refuses a reused clientReferenceId and AppotaPay a reused merchantRefId, so a
// forgetful store alone does not break them: they are not in this list.)
const broken = () => createMock({ clockOptions: { mode: 'manual' }, idempotency: new ForgetfulIdempotencyStore() })

test.each([antomLifecycle, adyenLifecycle])('$provider: a mock that forgets idempotency keys fails with a short, replayable counterexample', async (driver) => {
  const mock = broken()
  const details = await checkLifecycle(driver, { numRuns: 100, mock })
  mock.close()
  expect(details.failed).toBe(true)
  expect(details.counterexample).not.toBeNull()
  expect(typeof details.seed).toBe('number')
  expect(details.counterexamplePath).toMatch(/^\d+(:\d+)*$/)
  const [commands] = details.counterexample!
  const replayPath = replayPathOf(commands)
  expect(replayPath).toBeDefined()
  console.log(`${driver.provider}: seed ${details.seed}, path ${details.counterexamplePath}, replayPath ${replayPath}\ncounterexample: ${String(commands)}\n${String(details.errorInstance).slice(0, 300)}`)
  // Shrunk: one pay and its replay, or one race, is all it takes. The commands' text lists those
  // that ran (the iterable also holds the unrun tail of the generated sequence).
  const ran = String(commands).match(/(?:^|,)(?:pay|complete|replay|race|reuse|deleteToken|chaos|advance)\(/g) ?? []
  expect(ran.length).toBeGreaterThanOrEqual(1)
  expect(ran.length).toBeLessThanOrEqual(2)

  // Replaying the seed and path reproduces the same failure on a fresh broken mock, in one run.
  const again = broken()
  const replay = await checkLifecycle(driver, { seed: details.seed, path: details.counterexamplePath!, replayPath: replayPath!, mock: again })
  again.close()
  expect(replay.failed).toBe(true)
  expect(replay.numRuns).toBe(1)
  // The same commands in the same schedule; only the mock's payment ids differ between engines.
  const shape = (c: unknown) => String(c).replace(/"[\w-]+"/g, '"<id>"')
  expect(shape(replay.counterexample![0])).toBe(shape(commands))
}, 60_000)

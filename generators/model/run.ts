/**
 * Runs the lifecycle commands against a mock: one in-process mock and one recording merchant
 * endpoint per run, reset before each sequence. A failure is shrunk by fast-check to a minimal
 * sequence and reported with its `seed`, `path` and the commands' `replayPath`; set TOKENPROOF_SEED,
 * TOKENPROOF_PATH and TOKENPROOF_REPLAY_PATH to replay exactly that sequence (docs/generators.md).
 */
import fc from 'fast-check'
import type { TokenproofMock } from '../../mocks/create-mock.ts'
import { startInProcessMock } from '../../mocks/node.ts'
import { lifecycleCommands } from './commands.ts'
import { ControlClient } from './control.ts'
import type { DriverEnv, LifecycleDriver } from './driver.ts'
import { compare, emptyModel, type LifecycleModel, type LifecycleReal } from './model.ts'
import { startRecordingEndpoint } from './recording-endpoint.ts'

export interface LifecycleRunOptions {
  /** Sequences to try (default 50). */
  readonly numRuns?: number
  /** Longest sequence (default 10 commands). */
  readonly maxCommands?: number
  readonly seed?: number
  readonly path?: string
  /** fast-check's `replayPath` of the commands (printed as a comment after the counterexample). */
  readonly replayPath?: string
  readonly verbose?: boolean
  /** A mock built by the caller (for example over an engine with a broken rule); one is built otherwise. */
  readonly mock?: TokenproofMock
}

/** The replay parameters from the environment: TOKENPROOF_SEED, TOKENPROOF_PATH and TOKENPROOF_REPLAY_PATH. */
export function replayFromEnv(env: NodeJS.ProcessEnv = process.env): { seed?: number; path?: string; replayPath?: string } {
  const seed = env.TOKENPROOF_SEED === undefined || env.TOKENPROOF_SEED === '' ? undefined : Number(env.TOKENPROOF_SEED)
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`TOKENPROOF_SEED must be an integer, got ${env.TOKENPROOF_SEED}`)
  const path = env.TOKENPROOF_PATH === undefined || env.TOKENPROOF_PATH === '' ? undefined : env.TOKENPROOF_PATH
  const replayPath = env.TOKENPROOF_REPLAY_PATH === undefined || env.TOKENPROOF_REPLAY_PATH === '' ? undefined : env.TOKENPROOF_REPLAY_PATH
  return { ...(seed === undefined ? {} : { seed }), ...(path === undefined ? {} : { path }), ...(replayPath === undefined ? {} : { replayPath }) }
}

/** The `replayPath` fast-check prints after a counterexample of commands (`/*replayPath="…"*\/`). */
export function replayPathOf(counterexample: unknown): string | undefined {
  return /replayPath="([^"]+)"/.exec(String(counterexample))?.[1]
}

/**
 * fast-check's parameters for a run: a replay the caller asked for, else one from the environment
 * (the tests in `npm test` pass none, so the environment replays them).
 */
export function lifecycleParameters(options: LifecycleRunOptions): fc.Parameters<[Sequence]> {
  const replay = options.seed === undefined ? replayFromEnv() : {}
  const seed = options.seed ?? replay.seed
  const path = options.seed === undefined ? replay.path : options.path
  return {
    // A replay runs the one recorded case, then shrinks no further than it had.
    numRuns: path === undefined ? (options.numRuns ?? 50) : 1,
    verbose: options.verbose ?? 1,
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined ? {} : { path }),
  }
}

/**
 * Runs the property and returns fast-check's details (`failed`, `seed`, `counterexample`,
 * `counterexamplePath`) without throwing; `assertLifecycle` throws fast-check's report instead.
 */
export async function checkLifecycle(driver: LifecycleDriver, options: LifecycleRunOptions = {}): Promise<fc.RunDetails<[Sequence]>> {
  return withLifecycle(driver, options, (property, parameters) => fc.check(property, parameters))
}

export async function assertLifecycle(driver: LifecycleDriver, options: LifecycleRunOptions = {}): Promise<void> {
  await withLifecycle(driver, options, (property, parameters) => fc.assert(property, parameters))
}

/** One generated sequence of lifecycle commands. */
type Sequence = Iterable<fc.AsyncCommand<LifecycleModel, LifecycleReal>>
type Runner<R> = (property: fc.IAsyncPropertyWithHooks<[Sequence]>, parameters: fc.Parameters<[Sequence]>) => Promise<R>

async function withLifecycle<R>(driver: LifecycleDriver, options: LifecycleRunOptions, runner: Runner<R>): Promise<R> {
  const owned = options.mock === undefined
  const inProcess = startInProcessMock({ clockOptions: { mode: 'manual' }, ...(options.mock === undefined ? {} : { mock: options.mock }) })
  const mock = inProcess.mock
  const endpoint = await startRecordingEndpoint()
  endpoint.acknowledgement = () => driver.acknowledgement()
  const env: DriverEnv = { baseUrl: mock.baseUrl(), notifyUrl: endpoint.url, now: () => mock.engine.clock.now() }
  const real: LifecycleReal = { driver, env, control: new ControlClient(mock.baseUrl(), driver.provider), endpoint, idle: () => mock.engine.outbox.idle() }
  const replayPath = options.seed === undefined ? replayFromEnv().replayPath : options.replayPath
  const commands = fc.commands(lifecycleCommands(driver), { maxCommands: options.maxCommands ?? 10, ...(replayPath === undefined ? {} : { replayPath }) })
  const property = fc.asyncProperty(commands, async (cmds) => {
    await mock.reset()
    endpoint.clear()
    await driver.prepare(env)
    const model = emptyModel(mock.engine.clock.now())
    await compare(model, real)
    await fc.asyncModelRun(() => ({ model, real }), cmds)
  })
  try {
    return await runner(property, lifecycleParameters(options))
  } finally {
    await mock.engine.outbox.idle()
    await endpoint.close()
    // A caller's mock is the caller's to close; the interception is always ours.
    if (owned) inProcess.close()
    else inProcess.server.close()
  }
}

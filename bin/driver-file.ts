/**
 * `tokenproof run --driver-file app.driver.json -- <command>`: the target of a run for an app that
 * serves no driver protocol. The mock (started here, or the one at --mock), the app started with
 * its provider traffic sent to the mock (the preload and the TOKENPROOF_* settings, as under
 * `tokenproof wrap`), and the declarative driver that translates the protocol to the app's endpoints.
 */
import { CONTROL_PREFIX } from '../mocks/engine/control-api.ts'
import { appEnvironment } from '../mocks/redirect/app-env.ts'
import { preloadFile } from '../mocks/redirect/preload.ts'
import { mockRegistry, type MockProviderId } from '../mocks/registry.ts'
import { startMockServer } from '../mocks/server.ts'
import { createAppProcess } from '../suites/declarative/app-process.ts'
import { createDeclarativeDriver } from '../suites/declarative/driver.ts'
import { DriverFileError, readDriverFile } from '../suites/declarative/file.ts'
import type { ConformanceTarget } from '../suites/run.ts'
import { UsageError } from './usage.ts'

export interface DeclarativeTargetOptions {
  readonly file: string
  readonly command: readonly string[]
  /** A mock already running; undefined: one is started (manual clock, a free port). */
  readonly mockUrl?: string
}

export interface DeclarativeTarget extends ConformanceTarget {
  close(): Promise<void>
}

export async function startDeclarativeTarget(options: DeclarativeTargetOptions): Promise<DeclarativeTarget> {
  let file
  try {
    file = await readDriverFile(options.file)
  } catch (error) {
    if (error instanceof DriverFileError) throw new UsageError(`--driver-file ${error.message}`)
    throw error
  }
  if (!(file.provider in mockRegistry)) throw new UsageError(`--driver-file ${options.file}: provider: unknown provider "${file.provider}"; known: ${Object.keys(mockRegistry).join(', ')}`)
  const provider = file.provider as MockProviderId
  if (options.command.length === 0) throw new UsageError("--driver-file needs the app's command after --, e.g. tokenproof run --driver-file app.driver.json -- node app.js")

  const own = options.mockUrl === undefined ? await startMockServer({ port: 0, providers: [provider], clockOptions: { mode: 'manual' } }) : undefined
  const mockUrl = own?.url ?? options.mockUrl ?? ''
  const cleanups: (() => Promise<void>)[] = own ? [() => own.close()] : []
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  }
  try {
    if (!own) {
      const answer = await fetch(`${mockUrl}${CONTROL_PREFIX}/providers`).catch((error: unknown) => {
        throw new UsageError(`--mock ${mockUrl}: no mock answers there (${error instanceof Error ? error.message : String(error)}); start one with tokenproof serve`)
      })
      await answer.body?.cancel()
    }
    const preload = await preloadFile()
    cleanups.push(() => preload.dispose())
    const nodeOptions = [process.env.NODE_OPTIONS, `--import=${preload.url}`].filter(Boolean).join(' ')
    const app = await createAppProcess({
      command: options.command,
      env: { ...process.env, ...appEnvironment(mockUrl, [provider]), NODE_OPTIONS: nodeOptions },
      ...(file.app.url !== undefined ? { url: file.app.url } : {}),
      ...(file.app.portEnv !== undefined ? { portEnv: file.app.portEnv } : {}),
      ready: file.app.ready,
      startTimeoutMs: file.app.startTimeoutMs,
    })
    cleanups.push(() => app.stop())
    return { driver: createDeclarativeDriver({ file, app }), mockUrl, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Where a conformance run points: the integration named by the environment, or the bundled
 * reference merchant with its own mock.
 *
 *   TOKENPROOF_DRIVER_URL   the integration's driver protocol base URL (docs/driver-protocol.md)
 *   TOKENPROOF_MOCK_URL     the Tokenproof mock it is configured against
 *   TOKENPROOF_PROVIDERS    optional comma-separated provider filter
 */
import type { ConformanceTarget } from './run.ts'
import { createHttpDriver } from './http-driver.ts'

export interface OpenTarget extends ConformanceTarget {
  readonly description: string
  close(): Promise<void>
}

export async function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<OpenTarget> {
  const driverUrl = env.TOKENPROOF_DRIVER_URL
  const mockUrl = env.TOKENPROOF_MOCK_URL
  if (driverUrl !== undefined || mockUrl !== undefined) {
    if (!driverUrl || !mockUrl) throw new Error('TOKENPROOF_DRIVER_URL and TOKENPROOF_MOCK_URL go together')
    return { driver: createHttpDriver({ url: driverUrl }), mockUrl, description: driverUrl, close: async () => {} }
  }
  // Imported lazily: a user pointing at their own integration needs none of the example code.
  const { startBundledTarget } = await import('../examples/reference-merchant/bundled.ts')
  const bundled = await startBundledTarget()
  return { driver: bundled.driver, mockUrl: bundled.mockUrl, description: `bundled reference merchant at ${bundled.merchantUrl}`, close: () => bundled.close() }
}

export function providerFilter(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  return env.TOKENPROOF_PROVIDERS?.split(',').map((p) => p.trim()).filter(Boolean)
}

/**
 * The wiring every reference-merchant test shares: the standalone mock of one provider (manual
 * clock) and the reference merchant with that provider's adapter, both on 127.0.0.1 port 0, the
 * merchant driven only through the HTTP driver and configured with the credentials the mock issued.
 * Each provider's fixture adds its buyer steps on top.
 */
import type { MockProviderId } from '../../../mocks/registry.ts'
import { startMockServer, type MockServer } from '../../../mocks/server.ts'
import type { MerchantDriverV1 } from '../../../suites/driver.ts'
import { createHttpDriver } from '../../../suites/http-driver.ts'
import type { MerchantFault } from '../faults.ts'
import type { ProviderAdapter } from '../provider-adapter.ts'
import { createReferenceMerchant, type ReferenceMerchant } from '../server.ts'

export interface World {
  readonly mock: MockServer
  readonly merchant: ReferenceMerchant
  readonly driver: MerchantDriverV1
  readonly logs: string[]
  /** Where the merchant receives this provider's notifications (what `configure` answered). */
  readonly notificationUrl: string
  /** POST to the mock's control API (`/__tokenproof<path>`); a 4xx or 5xx throws. */
  control(path: string, body?: unknown): Promise<unknown>
  get<T = unknown>(path: string): Promise<T>
  /** Waits until every notification the mock has queued has been delivered (or failed an attempt). */
  idle(): Promise<void>
  advance(ms: number): Promise<void>
  /** Everything the merchant kept: its database and its log lines, as text. */
  keptText(): string
  /** Which of these card numbers the merchant kept anywhere (the answer must always be none). */
  cardNumbersKept(numbers: Iterable<string>): string[]
  close(): Promise<void>
}

export interface WorldOptions {
  readonly provider: MockProviderId
  readonly adapter: ProviderAdapter
  readonly faults?: Iterable<MerchantFault>
  /** The credentials `configure` gets, from the provider's settings on the mock. */
  readonly credentials: (settings: Record<string, unknown>) => Record<string, string>
}

export async function startProviderWorld(options: WorldOptions): Promise<World & { readonly settings: Record<string, unknown> }> {
  const mock = await startMockServer({ port: 0, providers: [options.provider], clockOptions: { mode: 'manual' } })
  const logs: string[] = []
  const merchant = await createReferenceMerchant({ adapters: [options.adapter], faults: new Set(options.faults ?? []), log: (line) => logs.push(line) })
  const driver = createHttpDriver({ url: merchant.driverUrl })

  async function request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${mock.url}/__tokenproof${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await response.text()
    if (response.status >= 400) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`)
    return text === '' ? undefined : (JSON.parse(text) as unknown)
  }

  const settings = (await request('GET', `/providers/${options.provider}`)) as Record<string, unknown>
  const configured = await driver.configure({ provider: options.provider, baseUrl: mock.url, credentials: options.credentials(settings) })
  if (!configured.ok) {
    await merchant.close()
    await mock.close()
    throw new Error(`configure: ${configured.issue.message}`)
  }

  const world: World & { readonly settings: Record<string, unknown> } = {
    mock,
    merchant,
    driver,
    logs,
    settings,
    notificationUrl: configured.value.notificationUrl,
    control: (path, body) => request('POST', path, body ?? {}),
    get: async <T>(path: string) => (await request('GET', path)) as T,
    idle: () => mock.mock.engine.outbox.idle(),
    async advance(ms) {
      await world.control('/clock/advance', { ms })
      await world.idle()
    },
    keptText: () => JSON.stringify(merchant.store) + logs.join('\n'),
    cardNumbersKept(numbers) {
      const kept = world.keptText()
      return [...numbers].filter((number) => kept.includes(number))
    },
    async close() {
      await merchant.close()
      await mock.close()
    },
  }
  return world
}

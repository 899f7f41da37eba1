/**
 * The main tokenization call of each JSON provider, as the bench sends it: a pool of requests built
 * before the run against the mock it will hit (unique references where the provider refuses a
 * repeat; a Pivot access token fetched from that mock).
 */
import { DEFAULT_API_KEY } from '../mocks/adyen/merchants.ts'
import { appotapayJwt, testCard } from '../mocks/appotapay/test-support/client.ts'
import { PivotClient, session } from '../mocks/pivot/test-support/client.ts'
import { SESSION_BODY } from './adyen.ts'
import type { CheckName } from './checks.ts'
import type { WireEntry } from './load.ts'

export interface JsonCall {
  readonly provider: 'adyen' | 'appotapay' | 'pivot'
  readonly label: string
  readonly path: string
  readonly check: CheckName
  /** `size` requests against the mock at `baseUrl`, plus one more (the first) to capture the answer the bare reference repeats. */
  pool(baseUrl: string, size: number): Promise<WireEntry[]>
}

export const JSON_CALLS: readonly JsonCall[] = [
  {
    provider: 'adyen',
    label: 'adyen POST /v71/sessions',
    path: '/v71/sessions',
    check: 'adyenSession',
    // A session may be asked for again with the same body: a pool of one.
    pool: async () => [{ body: SESSION_BODY, headers: { 'content-type': 'application/json', 'x-api-key': DEFAULT_API_KEY } }],
  },
  {
    provider: 'appotapay',
    label: 'appotapay POST /credit-card/token',
    path: '/credit-card/token',
    check: 'appotapayToken',
    async pool(_baseUrl, size) {
      // One JWT for the run (valid 10 minutes): signing per request would measure jose, not the mock.
      const jwt = await appotapayJwt({ nowSeconds: Math.floor(Date.now() / 1000), ttlSeconds: 600 })
      const headers = { 'content-type': 'application/json', 'x-appotapay-auth': jwt }
      return Array.from({ length: size + 1 }, (_, i) => ({ headers, body: JSON.stringify({ merchantRefId: `bench-${i}`, tokenType: 'MULTIPLE', card: testCard('4000000000000010') }) }))
    },
  },
  {
    provider: 'pivot',
    label: 'pivot POST /v2/payments (saveForFuture)',
    path: '/v2/payments',
    check: 'pivotSession',
    async pool(baseUrl, size) {
      const token = await new PivotClient(baseUrl).login()
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
      return Array.from({ length: size + 1 }, (_, i) => ({ headers, body: JSON.stringify(session({ clientReferenceId: `bench-${i}`, saveForFuture: true })) }))
    },
  },
]

/**
 * A ClientInterface for @adyen/api-library v32 that sends the library's requests to a local server
 * instead of checkout-test.adyen.com and pal-test.adyen.com (the library has no base-URL option). It does what the
 * library's own HttpURLConnectionClient does on the wire: X-API-Key, JSON, Idempotency-Key, query
 * params, and an HttpClientException built from an error body's `status`.
 */
import { HttpClientException, type Client, type Config } from '@adyen/api-library'

/** The library's ClientInterface (the second argument of the v32 Client constructor). */
type ClientInterface = NonNullable<ConstructorParameters<typeof Client>[1]>
type RequestOptions = NonNullable<Parameters<ClientInterface['request']>[4]>

/** The Adyen test hosts the library calls: Checkout, and the pal host of the Recurring API. */
const ADYEN_TEST_HOSTS = ['https://checkout-test.adyen.com', 'https://pal-test.adyen.com']

export class LocalAdyenHttpClient implements ClientInterface {
  readonly sent: Array<{ method: string; url: string }> = []

  constructor(private readonly baseUrl: string) {}

  async request(endpoint: string, json: string | Buffer, config: Config, _isApiKeyRequired: boolean, requestOptions: RequestOptions = {}): Promise<string> {
    const host = ADYEN_TEST_HOSTS.find((h) => endpoint.startsWith(h)) ?? ADYEN_TEST_HOSTS[0]!
    const url = new URL(endpoint.replace(host, this.baseUrl))
    if (requestOptions.params) for (const [k, v] of new URLSearchParams(requestOptions.params)) url.searchParams.set(k, v)
    const method = requestOptions.method ?? 'POST'
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' }
    if (config.apiKey) headers['X-API-Key'] = config.apiKey
    if (requestOptions.idempotencyKey) headers['Idempotency-Key'] = requestOptions.idempotencyKey
    this.sent.push({ method, url: url.toString() })
    const response = await fetch(url, { method, headers, ...(method === 'GET' || method === 'DELETE' ? {} : { body: typeof json === 'string' ? json : new Uint8Array(json) }) })
    const text = await response.text()
    if (response.ok) return text
    const body = JSON.parse(text) as { status: number; errorCode?: string; message?: string }
    throw new HttpClientException({ message: `HTTP Exception: ${body.status}. ${body.message ?? ''}`, statusCode: body.status, errorCode: body.errorCode, responseBody: text })
  }
}

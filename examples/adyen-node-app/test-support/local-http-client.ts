/**
 * A ClientInterface for @adyen/api-library 20.x (the library's custom HTTP client option) that
 * sends its requests to a local Tokenproof mock instead of Adyen's test hosts. It does on the wire
 * what the library's own HttpURLConnectionClient does: X-API-Key, JSON, Idempotency-Key, query
 * params, and an HttpClientException built from an error body's `status` and `errorCode`.
 */
import type { Client, Config } from 'adyen-api-library-20'
import exceptionModule from 'adyen-api-library-20/lib/src/httpClient/httpClientException.js'

// A CommonJS module whose class is `exports.default`: Node's ESM loader gives the module object as
// the default import, bundlers (vitest) the class itself.
type HttpClientExceptionClass = typeof exceptionModule.default
const HttpClientException: HttpClientExceptionClass = (exceptionModule as unknown as { default?: HttpClientExceptionClass }).default ?? (exceptionModule as unknown as HttpClientExceptionClass)

type ClientOptions = ConstructorParameters<typeof Client>[0]
type ClientInterface = ClientOptions extends infer O ? (O extends { httpClient: infer H } ? H : never) : never
type RequestOptions = NonNullable<Parameters<ClientInterface['request']>[4]>

/** The Adyen test hosts the library 20.x calls (Checkout v71, Recurring v68). */
const ADYEN_TEST_HOSTS = ['https://checkout-test.adyen.com', 'https://pal-test.adyen.com', 'https://paltokenization-test.adyen.com']

export class LocalAdyenHttpClientV20 implements ClientInterface {
  readonly sent: Array<{ method: string; url: string }> = []

  constructor(private readonly baseUrl: string) {}

  async request(endpoint: string, json: string, config: Config, _isApiKeyRequired: boolean, requestOptions: RequestOptions = {}): Promise<string> {
    const host = ADYEN_TEST_HOSTS.find((h) => endpoint.startsWith(h))
    if (!host) throw new Error(`not an Adyen test host: ${endpoint}`)
    const url = new URL(`${this.baseUrl}${endpoint.slice(host.length)}`)
    if (requestOptions.params) for (const [k, v] of new URLSearchParams(requestOptions.params as Record<string, string>)) url.searchParams.set(k, v)
    const method = requestOptions.method ?? 'POST'
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' }
    if (config.apiKey) headers['X-API-Key'] = config.apiKey
    if (requestOptions.idempotencyKey) headers['Idempotency-Key'] = requestOptions.idempotencyKey
    this.sent.push({ method, url: url.toString() })
    const response = await fetch(url, { method, headers, ...(method === 'GET' || method === 'DELETE' ? {} : { body: json }) })
    const text = await response.text()
    if (response.ok) return text
    const body = JSON.parse(text) as { status: number; errorCode?: string; message?: string }
    throw new HttpClientException({ message: `HTTP Exception: ${body.status}. ${body.message ?? ''}`, statusCode: body.status, ...(body.errorCode !== undefined ? { errorCode: body.errorCode } : {}), responseBody: text })
  }

  post(): Promise<string> {
    return Promise.reject(new Error('form posts are not used by this app'))
  }
}

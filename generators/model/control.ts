/**
 * The provider-neutral control API (docs/control-api.md), as the model-based tests use it: what
 * the mock holds, time, notification chaos and token deletion. Answers are parsed only as far as
 * the model compares them.
 */

export interface StatePayment {
  readonly id: string
  readonly provider: string
  readonly requestId: string
  readonly status: string
  readonly tokenId?: string
  readonly usedTokenId?: string
  readonly buyerRef?: string
}

export interface StateToken {
  readonly id: string
  readonly provider: string
  readonly buyerRef?: string
  readonly status: 'active' | 'deleted'
  readonly card: { readonly last4: string }
}

/** A hosted session; some providers make the payment only when the buyer pays in it. */
export interface StateSession {
  readonly id: string
  readonly provider: string
  readonly requestId: string
  readonly status: 'open' | 'completed' | 'expired'
}

export interface MockState {
  readonly clock: { readonly now: number }
  readonly payments: readonly StatePayment[]
  readonly sessions: readonly StateSession[]
  readonly tokens: readonly StateToken[]
}

export interface NotificationAttempt {
  readonly status?: number
  readonly error?: string
  readonly acknowledged: boolean
}

export interface NotificationRecord {
  readonly id: string
  readonly subject: string
  readonly status: 'scheduled' | 'held' | 'delivered' | 'failed' | 'no_url'
  readonly attempts: readonly NotificationAttempt[]
}

export type ChaosMode = 'duplicate' | 'outOfOrder' | 'late'

export class ControlClient {
  constructor(
    private readonly baseUrl: string,
    private readonly provider: string,
  ) {}

  async #call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}/__tokenproof${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) }
  }

  async #ok(method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await this.#call(method, path, body)
    if (answer.status >= 300) throw new Error(`control API ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  /** Only this provider's payments and tokens: the model covers one provider at a time. */
  async state(): Promise<MockState> {
    const only = `provider=${encodeURIComponent(this.provider)}`
    const clock = (await this.#ok('GET', '/clock')) as MockState['clock']
    return {
      clock,
      payments: await this.#all<MockState['payments'][number]>(`/state/payments?${only}`, 'payments'),
      sessions: await this.#all<MockState['sessions'][number]>(`/state/sessions?${only}`, 'sessions'),
      tokens: await this.#all<MockState['tokens'][number]>(`/state/tokens?${only}`, 'tokens'),
    }
  }

  async notifications(): Promise<readonly NotificationRecord[]> {
    return this.#all<NotificationRecord>(`/notifications?provider=${encodeURIComponent(this.provider)}`, 'notifications')
  }

  /** Every record of a paged listing: follows `next` to the end (docs/control-api.md, "Listings"). */
  async #all<T>(path: string, key: string): Promise<T[]> {
    const items: T[] = []
    let since: number | null = null
    for (;;) {
      const page = (await this.#ok('GET', since === null ? path : `${path}&since=${since}`)) as Record<string, unknown> & { next?: number | null }
      items.push(...((page[key] ?? []) as T[]))
      if (typeof page.next !== 'number') return items
      since = page.next
    }
  }

  async advance(ms: number): Promise<void> {
    await this.#ok('POST', '/clock/advance', { ms })
  }

  async chaos(mode: ChaosMode): Promise<void> {
    const chaos = mode === 'late' ? { mode, delayMs: 120_000 } : { mode }
    await this.#ok('POST', '/notifications/chaos', { provider: this.provider, times: 1, chaos })
  }

  /** The buyer deleted the card (control API, the same for every provider). */
  async deleteToken(id: string): Promise<number> {
    return (await this.#call('DELETE', `/tokens/${encodeURIComponent(id)}`)).status
  }
}

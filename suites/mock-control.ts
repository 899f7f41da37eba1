/**
 * The conformance run's hands on the mock: its control API over HTTP (docs/control-api.md), so the
 * suites work the same against an in-process mock, the standalone server or one a team runs in CI.
 * Answers are parsed at this edge; the mock masks everything it returns.
 */
import { z } from 'zod'
import type { InjectedFault } from '../contracts/core/conformance.ts'

const Exchange = z.object({
  id: z.number(),
  direction: z.enum(['inbound', 'outbound']),
  provider: z.string(),
  operation: z.string().optional(),
  startedAt: z.number(),
  /** Start order (ids are end order). */
  startedSeq: z.number(),
  /** How long the exchange took, in real ms (a call the client gave up on: until it went). */
  durationMs: z.number().optional(),
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown().optional(),
    /** The body with what the merchant sealed (an encrypted card) unsealed and redacted, where the provider seals. */
    sealed: z.unknown().optional(),
  }),
  response: z.union([z.object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown().optional() }), z.object({ error: z.string() })]),
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
})
export type Exchange = z.infer<typeof Exchange>

const Attempt = z.object({
  number: z.number().optional(),
  at: z.number().optional(),
  acknowledged: z.boolean(),
  forged: z.boolean().optional(),
  unsigned: z.boolean().optional(),
  impostor: z.string().optional(),
  duplicate: z.boolean().optional(),
  manual: z.boolean().optional(),
  status: z.number().optional(),
  error: z.string().optional(),
})
// Loose: the mock's record says more than the suites read; what it says is evidence as it is.
const Notification = z.looseObject({
  id: z.string(),
  provider: z.string(),
  kind: z.string(),
  status: z.string(),
  subject: z.string().optional(),
  attempts: z.array(Attempt),
  chaos: z.array(z.looseObject({ mode: z.string() })).optional(),
})
export type NotificationRecord = z.infer<typeof Notification>

const Token = z.looseObject({ id: z.string(), provider: z.string(), buyerRef: z.string().optional(), status: z.string(), usage: z.enum(['single', 'multiple']) })
const Payment = z.looseObject({
  id: z.string(),
  provider: z.string(),
  requestId: z.string(),
  status: z.string(),
  resultCode: z.string().optional(),
  amount: z.object({ currency: z.string(), value: z.string() }).optional(),
  buyerRef: z.string().optional(),
  tokenId: z.string().optional(),
  usedTokenId: z.string().optional(),
  createdAt: z.number().optional(),
})
const State = z.object({ tokens: z.array(Token), payments: z.array(Payment) })
export type MockState = z.infer<typeof State>
export type MockPayment = z.infer<typeof Payment>
export type MockToken = z.infer<typeof Token>

/** A scenario rule as the mock lists it, with how many calls it has answered. */
const InjectedRule = z.looseObject({ id: z.number(), provider: z.string().optional(), operation: z.string().optional(), used: z.number(), times: z.number().optional() })
export type InjectedRule = z.infer<typeof InjectedRule>

export type ChaosMode =
  | { readonly mode: 'duplicate' }
  | { readonly mode: 'late'; readonly delayMs: number }
  | { readonly mode: 'forgedSignature' }
  | { readonly mode: 'unsigned' }
  | { readonly mode: 'impostor'; readonly as: 'otherMerchant' | 'otherAmount' }
  | { readonly mode: 'outOfOrder' }

export class MockControlError extends Error {
  override readonly name = 'MockControlError'
}

export interface MockControl {
  readonly url: string
  providerSettings(provider: string): Promise<Record<string, unknown>>
  registerMerchant(provider: string, settings: Record<string, unknown>): Promise<void>
  reset(): Promise<void>
  inject(rule: { readonly provider: string; readonly operation: string; readonly times: number; readonly effect: InjectedFault; readonly afterProcessing?: boolean }): Promise<void>
  chaos(rule: { readonly provider: string; readonly kind?: string; readonly times: number; readonly chaos: ChaosMode }): Promise<void>
  buyerAction(provider: string, action: string, body: Readonly<Record<string, unknown>>): Promise<{ readonly status: number; readonly body: unknown }>
  advance(ms: number): Promise<void>
  idle(): Promise<void>
  exchanges(provider: string): Promise<Exchange[]>
  notifications(provider: string): Promise<NotificationRecord[]>
  state(): Promise<MockState>
  deleteToken(id: string): Promise<void>
  /** The scenario rules set since the last reset, with their use counts (proof that a fault was applied). */
  rules(): Promise<InjectedRule[]>
  /** The mock's clock, in ms. */
  now(): Promise<number>
}

/** `mockUrl` is the mock's origin, e.g. http://127.0.0.1:4010. */
export function mockControl(mockUrl: string): MockControl {
  const base = `${mockUrl.replace(/\/$/, '')}/__tokenproof`
  const controlToken = process.env.TOKENPROOF_CONTROL_TOKEN

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${base}${path}`, {
      method,
      // JSON on every write, even bodiless: the standalone mock refuses other writes (cross-origin
      // pages can send text/plain without a preflight). A mock started with --control-token needs it.
      headers: {
        ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
        ...(controlToken ? { authorization: `Bearer ${controlToken}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown)
    } catch {
      // Not JSON: kept as text for the error message.
    }
    return { status: response.status, body: parsed }
  }

  async function ok(method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await call(method, path, body)
    if (answer.status >= 400) throw new MockControlError(`${method} ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  /**
   * Every record of a paged listing (docs/control-api.md, "Listings"): follows `next` until the end,
   * so a store larger than one page still reads in full.
   */
  async function all(path: string, key: string): Promise<unknown[]> {
    const items: unknown[] = []
    const join = path.includes('?') ? '&' : '?'
    let since: number | null = null
    for (;;) {
      const page = z
        .looseObject({ next: z.number().nullable().optional() })
        .catchall(z.unknown())
        .parse(await ok('GET', since === null ? path : `${path}${join}since=${since}`))
      const listed = page[key]
      if (Array.isArray(listed)) items.push(...(listed as unknown[]))
      if (page.next === null || page.next === undefined) return items
      since = page.next
    }
  }

  return {
    url: mockUrl,
    providerSettings: async (provider) => z.record(z.string(), z.unknown()).parse(await ok('GET', `/providers/${provider}`)),
    registerMerchant: async (provider, settings) => void (await ok('POST', `/providers/${provider}/merchants`, settings)),
    reset: async () => void (await ok('POST', '/reset')),
    inject: async (rule) => void (await ok('POST', '/scenarios', rule)),
    chaos: async (rule) => void (await ok('POST', '/notifications/chaos', rule)),
    buyerAction: (provider, action, body) => call('POST', `/providers/${provider}/buyer/${action}`, body),
    advance: async (ms) => void (await ok('POST', '/clock/advance', { ms })),
    idle: async () => void (await ok('POST', '/idle')),
    exchanges: async (provider) => z.array(Exchange).parse(await all(`/exchanges?provider=${encodeURIComponent(provider)}`, 'exchanges')),
    notifications: async (provider) => z.array(Notification).parse(await all(`/notifications?provider=${encodeURIComponent(provider)}`, 'notifications')),
    state: async () => State.parse({ tokens: await all('/state/tokens', 'tokens'), payments: await all('/state/payments', 'payments') }),
    deleteToken: async (id) => void (await ok('DELETE', `/tokens/${encodeURIComponent(id)}`)),
    rules: async () => z.object({ rules: z.array(InjectedRule) }).parse(await ok('GET', '/scenarios')).rules,
    now: async () => z.object({ now: z.number() }).parse(await ok('GET', '/clock')).now,
  }
}

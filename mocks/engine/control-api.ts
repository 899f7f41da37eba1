import { z } from 'zod'
import type { Engine } from './engine.ts'
import { jsonProblemOf, parseJsonLimited } from './json-limits.ts'
import { redact, redactBody } from './masking.ts'
import { refusedUrlsIn } from './notify-url-policy.ts'
import { DEFAULT_PAGE_LIMIT, PageParams, streamListing, type ListingPart } from './listing.ts'
import { matchesNotification, NotificationChaosRuleInput, type NotificationRecord } from './outbox.ts'
import { exchangeMatches, type KeptExchange } from './recorder.ts'
import { renderBuyerPage } from './pages.ts'
import { renderDashboard } from './dashboard.ts'
import type { ProviderMock } from './provider-mock.ts'
import { ScenarioRuleInput } from './scenarios.ts'
import { fetchRoute, type FetchRoute } from './fetch-routes.ts'

/** Reserved path prefix of the control API; no provider uses it. */
export const CONTROL_PREFIX = '/__tokenproof'

const AdvanceInput = z.object({ ms: z.number().int().min(0).max(400 * 24 * 3600_000) })
const ExchangeQuery = PageParams.extend({
  provider: z.string().optional(),
  operation: z.string().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  /** The cursor under its older name: an exchange's id is its cursor. */
  sinceId: z.coerce.number().int().min(0).optional(),
})
const NotificationQuery = PageParams.extend({ provider: z.string().optional(), subject: z.string().optional() })
const StateQuery = PageParams.extend({ provider: z.string().optional(), merchant: z.string().optional() })
const STATE_PARTS = ['payments', 'sessions', 'vaultings', 'tokens', 'buyers'] as const
type StatePart = (typeof STATE_PARTS)[number]

/** The query of a listing, or the 400 that says what does not fit. */
function queryOf<T>(request: Request, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; response: Response } {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, response: problem(400, 'invalid query', z.treeifyError(parsed.error)) }
}

/** Mock pages: HTML, never framed by another site, never cached (they show live state). */
const PAGE_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }

const problem = (status: number, error: string, issues?: unknown): Response =>
  Response.json({ error, ...(issues === undefined ? {} : { issues }) }, { status })

async function jsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await request.text()
  if (text.trim() === '') return { ok: true, value: {} }
  try {
    return { ok: true, value: parseJsonLimited(text) }
  } catch (error) {
    return { ok: false, response: problem(400, jsonProblemOf(error, 'body is not valid JSON')) }
  }
}

/** Parses a JSON body with a schema, answering 400 with the issues when it does not fit. */
async function parseBody<T>(request: Request, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const body = await jsonBody(request)
  if (!body.ok) return body
  const parsed = schema.safeParse(body.value)
  if (!parsed.success) return { ok: false, response: problem(400, 'invalid input', z.treeifyError(parsed.error)) }
  return { ok: true, value: parsed.data }
}

export interface ControlApiOptions {
  readonly engine: Engine
  readonly providers: readonly ProviderMock[]
  readonly baseUrl: () => string
}

/** A control API path: under the reserved prefix. */
const at = (path: string): string => `${CONTROL_PREFIX}${path}`

/**
 * The control API (documented in docs/control-api.md): keys, merchants, scenario rules, buyer
 * steps, the clock, recorded exchanges, notifications and reset. Served beside the providers, by
 * either transport (mocks/engine/fetch-routes.ts).
 */
export function controlRoutes({ engine, providers, baseUrl }: ControlApiOptions): FetchRoute[] {
  const byId = new Map(providers.map((p) => [p.id, p]))
  const withProvider = (id: string | readonly string[] | undefined, run: (mock: ProviderMock) => Promise<Response> | Response): Promise<Response> | Response => {
    const mock = typeof id === 'string' ? byId.get(id) : undefined
    return mock ? run(mock) : problem(404, `unknown provider ${String(id)}; known: ${[...byId.keys()].join(', ')}`)
  }
  const clock = () => ({ now: engine.clock.now(), iso: new Date(engine.clock.now()).toISOString(), pendingTasks: engine.clock.pending() })
  const state = () => ({ clock: clock() })
  const statePart = (name: StatePart, query: z.infer<typeof StateQuery>): ListingPart<unknown> => {
    const entries: Iterable<readonly [number, { readonly provider: string; readonly merchantId: string }]> = engine.store[name].entries(query.since)
    return {
      key: name,
      entries,
      where: (r) => {
        const record = r as { readonly provider: string; readonly merchantId: string }
        return (query.provider === undefined || record.provider === query.provider) && (query.merchant === undefined || record.merchantId === query.merchant)
      },
      show: redact,
    }
  }

  return [
    fetchRoute('GET', at(''), () =>
      Response.json({
        name: 'tokenproof',
        controlApi: `${baseUrl()}${CONTROL_PREFIX}`,
        docs: 'docs/control-api.md',
        providers: providers.map((p) => ({ id: p.id, name: p.contract.displayName, ...p.describe(baseUrl()), buyerActions: Object.keys(p.buyerActions), buyerExamples: Object.fromEntries(Object.entries(p.buyerActions).flatMap(([name, a]) => (a.example === undefined ? [] : [[name, a.example]]))) })),
      }),
    ),
    fetchRoute('GET', at('/providers/:id'), ({ params }) => withProvider(params.id, (p) => Response.json({ id: p.id, ...p.describe(baseUrl()) }))),
    fetchRoute('POST', at('/providers/:id/merchants'), ({ params, request }) =>
      withProvider(params.id, async (p) => {
        const input = await parseBody(request, p.merchantInput)
        if (!input.ok) return input.response
        const refused = refusedUrlsIn(input.value, engine.notifyUrls)
        if (refused.length > 0) return problem(400, 'a notification URL is refused', refused)
        return Response.json(p.registerMerchant(input.value), { status: 201 })
      }),
    ),
    fetchRoute('POST', at('/providers/:id/buyer/:action'), ({ params, request }) =>
      withProvider(params.id, async (p) => {
        const action = typeof params.action === 'string' ? p.buyerActions[params.action] : undefined
        if (!action) return problem(404, `unknown buyer action; known: ${Object.keys(p.buyerActions).join(', ')}`)
        const input = await parseBody(request, action.input)
        if (!input.ok) return input.response
        try {
          return Response.json(redact(await action.run(input.value)) as Record<string, unknown>)
        } catch (error) {
          return problem(409, error instanceof Error ? error.message : String(error))
        }
      }),
    ),
    fetchRoute('GET', at('/pages/:id/:kind/:subject'), ({ params, request }) =>
      withProvider(params.id, (p) => {
        const page = typeof params.kind === 'string' ? p.pages?.[params.kind] : undefined
        if (!page || typeof params.subject !== 'string') return problem(404, `unknown page; known: ${Object.keys(p.pages ?? {}).join(', ')}`)
        const view = page.view ? page.view(params.subject, new URL(request.url)) : {}
        const html = renderBuyerPage({
          providerId: p.id,
          providerName: p.contract.displayName,
          page,
          id: params.subject,
          view,
          // Relative: the page posts to the origin it was opened from, whichever of the server's names
          // that is, so the post is same-origin (the control API refuses other origins).
          actionUrl: `${CONTROL_PREFIX}/providers/${p.id}/buyer/${page.action}`,
          testCards: p.contract.testCards,
        })
        return new Response(html, { status: view ? 200 : 404, headers: PAGE_HEADERS })
      }),
    ),
    fetchRoute('GET', at('/ui'), () => new Response(renderDashboard(), { headers: PAGE_HEADERS })),
    fetchRoute('GET', at('/scenarios'), () => Response.json({ rules: engine.scenarios.list() })),
    fetchRoute('POST', at('/scenarios'), async ({ request }) => {
      const input = await parseBody(request, ScenarioRuleInput)
      if (!input.ok) return input.response
      return Response.json(engine.scenarios.add(input.value), { status: 201 })
    }),
    fetchRoute('DELETE', at('/scenarios/:id'), ({ params }) =>
      engine.scenarios.remove(Number(params.id)) ? new Response(null, { status: 204 }) : problem(404, 'no such rule'),
    ),
    fetchRoute('DELETE', at('/scenarios'), () => {
      engine.scenarios.clear()
      return new Response(null, { status: 204 })
    }),
    fetchRoute('GET', at('/clock'), () => Response.json(clock())),
    // What the mock keeps, for a long-lived server (bench/soak.ts): every retained kind, the side
    // tables beside them, the clock's tasks and the process's memory (docs/control-api.md, "Retention").
    fetchRoute('GET', at('/stats'), ({ request }) => {
      engine.evictExpired()
      // `?gc=1` on a process started with --expose-gc: the memory after a full collection, what is really kept.
      const gc = (globalThis as { gc?: () => void }).gc
      if (new URL(request.url).searchParams.get('gc') === '1' && gc) gc()
      const { store, retention } = engine
      const memory = process.memoryUsage()
      return Response.json({
        clock: clock(),
        // The bound of each count below, under the same name: `retained.x` never exceeds `limits.x.maxCount`.
        limits: {
          payments: retention.payments,
          sessions: retention.payments,
          vaultings: retention.payments,
          tokens: retention.tokens,
          buyers: retention.tokens,
          notifications: retention.notifications,
          exchanges: retention.exchanges,
          idempotencyKeys: retention.payments,
          ...store.vaultLimits(),
          sideTables: engine.sideTableLimits(),
        },
        retained: {
          payments: store.payments.size,
          sessions: store.sessions.size,
          vaultings: store.vaultings.size,
          tokens: store.tokens.size,
          buyers: store.buyers.size,
          notifications: engine.outbox.size,
          exchanges: engine.recorder.size,
          idempotencyKeys: engine.idempotency.size,
          ...store.vaultSizes(),
        },
        sideTables: engine.sideTableSizes(),
        memoryMb: Object.fromEntries(Object.entries(memory).map(([k, v]) => [k, Math.round((v / 1048576) * 10) / 10])),
      })
    }),
    fetchRoute('POST', at('/clock/advance'), async ({ request }) => {
      const input = await parseBody(request, AdvanceInput)
      if (!input.ok) return input.response
      await engine.clock.advance(input.value.ms)
      await engine.outbox.idle()
      return Response.json(clock())
    }),
    // Deliveries run on their own; a remote test runner waits here instead of sleeping.
    fetchRoute('POST', at('/idle'), async () => {
      await engine.outbox.idle()
      return Response.json(clock())
    }),
    // Listings are paged and streamed (mocks/engine/listing.ts, docs/control-api.md "Listings").
    fetchRoute('GET', at('/exchanges'), ({ request }) => {
      const query = queryOf(request, ExchangeQuery)
      if (!query.ok) return query.response
      const filter = query.value
      engine.evictExpired()
      return streamListing(
        [{ key: 'exchanges', entries: engine.recorder.entries(filter.since ?? filter.sinceId), where: (e) => exchangeMatches(e as KeptExchange, filter), show: (e) => (e as KeptExchange).exchange }],
        filter.limit ?? DEFAULT_PAGE_LIMIT,
      )
    }),
    fetchRoute('GET', at('/notifications'), ({ request }) => {
      const query = queryOf(request, NotificationQuery)
      if (!query.ok) return query.response
      const filter = query.value
      engine.evictExpired()
      return streamListing(
        [
          {
            key: 'notifications',
            entries: engine.outbox.entries(filter.since),
            where: (n) => matchesNotification(n as NotificationRecord, filter),
            show: (n) => ({ ...(n as NotificationRecord), body: redactBody((n as NotificationRecord).body) }),
          },
        ],
        filter.limit ?? DEFAULT_PAGE_LIMIT,
      )
    }),
    fetchRoute('POST', at('/notifications/chaos'), async ({ request }) => {
      const input = await parseBody(request, NotificationChaosRuleInput)
      if (!input.ok) return input.response
      return Response.json(engine.outbox.addChaos(input.value), { status: 201 })
    }),
    fetchRoute('POST', at('/notifications/:id/redeliver'), async ({ params }) => {
      const record = typeof params.id === 'string' ? await engine.outbox.redeliver(params.id) : undefined
      return record ? Response.json({ ...record, body: redactBody(record.body) }) : problem(404, 'no such notification')
    }),
    // The buyer deleted the card, or it expired: every provider's reuse then finds no active token.
    fetchRoute('DELETE', at('/tokens/:id'), ({ params }) => {
      const token = typeof params.id === 'string' ? engine.store.tokens.get(params.id) : undefined
      if (!token) return problem(404, 'no such token')
      token.status = 'deleted'
      return new Response(null, { status: 204 })
    }),
    fetchRoute('GET', at('/state'), ({ request }) => {
      const query = queryOf(request, StateQuery)
      if (!query.ok) return query.response
      engine.evictExpired()
      return streamListing(
        STATE_PARTS.map((name) => statePart(name, query.value)),
        query.value.limit ?? DEFAULT_PAGE_LIMIT,
        state(),
      )
    }),
    fetchRoute('GET', at('/state/:part'), ({ params, request }) => {
      const name = STATE_PARTS.find((p) => p === params.part)
      if (name === undefined) return problem(404, `unknown state listing; known: ${STATE_PARTS.join(', ')}`)
      const query = queryOf(request, StateQuery)
      if (!query.ok) return query.response
      engine.evictExpired()
      return streamListing([statePart(name, query.value)], query.value.limit ?? DEFAULT_PAGE_LIMIT)
    }),
    fetchRoute('POST', at('/reset'), async () => {
      await engine.outbox.idle()
      engine.reset()
      return new Response(null, { status: 204 })
    }),
    fetchRoute(undefined, at('*'), () => problem(404, `unknown control API path; see ${CONTROL_PREFIX} and docs/control-api.md`)),
  ]
}

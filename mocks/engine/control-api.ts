import { http, HttpResponse, type HttpHandler } from 'msw'
import { z } from 'zod'
import type { Engine } from './engine.ts'
import { redact, redactBody } from './masking.ts'
import { NotificationChaosRuleInput } from './outbox.ts'
import { renderBuyerPage } from './pages.ts'
import type { ProviderMock } from './provider-mock.ts'
import { ScenarioRuleInput } from './scenarios.ts'
import { anyOrigin } from './route-pattern.ts'

/** Reserved path prefix of the control API; no provider uses it. */
export const CONTROL_PREFIX = '/__tokenproof'

const AdvanceInput = z.object({ ms: z.number().int().min(0).max(400 * 24 * 3600_000) })
const ExchangeQuery = z.object({
  provider: z.string().optional(),
  operation: z.string().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  sinceId: z.coerce.number().int().min(0).optional(),
})

const problem = (status: number, error: string, issues?: unknown): Response =>
  HttpResponse.json({ error, ...(issues === undefined ? {} : { issues }) }, { status })

async function jsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await request.text()
  if (text.trim() === '') return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, response: problem(400, 'body is not valid JSON') }
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

/**
 * The control API (documented in docs/control-api.md): keys, merchants, scenario rules, buyer
 * steps, the clock, recorded exchanges, notifications and reset. Served beside the providers.
 */
export function controlHandlers({ engine, providers, baseUrl }: ControlApiOptions): HttpHandler[] {
  const byId = new Map(providers.map((p) => [p.id, p]))
  const at = (path: string): RegExp => anyOrigin(`${CONTROL_PREFIX}${path}`)
  const withProvider = (id: string | readonly string[] | undefined, run: (mock: ProviderMock) => Promise<Response> | Response): Promise<Response> | Response => {
    const mock = typeof id === 'string' ? byId.get(id) : undefined
    return mock ? run(mock) : problem(404, `unknown provider ${String(id)}; known: ${[...byId.keys()].join(', ')}`)
  }
  const state = () => ({
    clock: { now: engine.clock.now(), iso: new Date(engine.clock.now()).toISOString(), pendingTasks: engine.clock.pending() },
    payments: engine.store.payments.filter(),
    sessions: engine.store.sessions.filter(),
    vaultings: engine.store.vaultings.filter(),
    tokens: engine.store.tokens.filter(),
    buyers: engine.store.buyers.filter(),
  })

  return [
    http.get(at(''), () =>
      HttpResponse.json({
        name: 'tokenproof',
        controlApi: `${baseUrl()}${CONTROL_PREFIX}`,
        docs: 'docs/control-api.md',
        providers: providers.map((p) => ({ id: p.id, name: p.contract.displayName, ...p.describe(baseUrl()), buyerActions: Object.keys(p.buyerActions) })),
      }),
    ),
    http.get(at('/providers/:id'), ({ params }) => withProvider(params.id, (p) => HttpResponse.json({ id: p.id, ...p.describe(baseUrl()) }))),
    http.post(at('/providers/:id/merchants'), ({ params, request }) =>
      withProvider(params.id, async (p) => {
        const input = await parseBody(request, p.merchantInput)
        if (!input.ok) return input.response
        return HttpResponse.json(p.registerMerchant(input.value), { status: 201 })
      }),
    ),
    http.post(at('/providers/:id/buyer/:action'), ({ params, request }) =>
      withProvider(params.id, async (p) => {
        const action = typeof params.action === 'string' ? p.buyerActions[params.action] : undefined
        if (!action) return problem(404, `unknown buyer action; known: ${Object.keys(p.buyerActions).join(', ')}`)
        const input = await parseBody(request, action.input)
        if (!input.ok) return input.response
        try {
          return HttpResponse.json(redact(await action.run(input.value)) as Record<string, unknown>)
        } catch (error) {
          return problem(409, error instanceof Error ? error.message : String(error))
        }
      }),
    ),
    http.get(at('/pages/:id/:kind/:subject'), ({ params }) =>
      withProvider(params.id, (p) => {
        const page = typeof params.kind === 'string' ? p.pages?.[params.kind] : undefined
        if (!page || typeof params.subject !== 'string') return problem(404, `unknown page; known: ${Object.keys(p.pages ?? {}).join(', ')}`)
        const html = renderBuyerPage({
          providerId: p.id,
          providerName: p.contract.displayName,
          page,
          id: params.subject,
          actionUrl: `${baseUrl()}${CONTROL_PREFIX}/providers/${p.id}/buyer/${page.action}`,
          testCard: p.contract.testCards.find((c) => c.behaviour.kind === 'success')?.number,
        })
        return new HttpResponse(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })
      }),
    ),
    http.get(at('/scenarios'), () => HttpResponse.json({ rules: engine.scenarios.list() })),
    http.post(at('/scenarios'), async ({ request }) => {
      const input = await parseBody(request, ScenarioRuleInput)
      if (!input.ok) return input.response
      return HttpResponse.json(engine.scenarios.add(input.value), { status: 201 })
    }),
    http.delete(at('/scenarios/:id'), ({ params }) =>
      engine.scenarios.remove(Number(params.id)) ? new HttpResponse(null, { status: 204 }) : problem(404, 'no such rule'),
    ),
    http.delete(at('/scenarios'), () => {
      engine.scenarios.clear()
      return new HttpResponse(null, { status: 204 })
    }),
    http.get(at('/clock'), () => HttpResponse.json(state().clock)),
    http.post(at('/clock/advance'), async ({ request }) => {
      const input = await parseBody(request, AdvanceInput)
      if (!input.ok) return input.response
      await engine.clock.advance(input.value.ms)
      await engine.outbox.idle()
      return HttpResponse.json(state().clock)
    }),
    // Deliveries run on their own; a remote test runner waits here instead of sleeping.
    http.post(at('/idle'), async () => {
      await engine.outbox.idle()
      return HttpResponse.json(state().clock)
    }),
    http.get(at('/exchanges'), ({ request }) => {
      const query = ExchangeQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams))
      if (!query.success) return problem(400, 'invalid query', z.treeifyError(query.error))
      return HttpResponse.json({ exchanges: engine.recorder.list(query.data) })
    }),
    http.get(at('/notifications'), ({ request }) => {
      const url = new URL(request.url)
      const list = engine.outbox.list({ provider: url.searchParams.get('provider') ?? undefined, subject: url.searchParams.get('subject') ?? undefined })
      return HttpResponse.json({ notifications: list.map((n) => ({ ...n, body: redactBody(n.body) })) })
    }),
    http.post(at('/notifications/chaos'), async ({ request }) => {
      const input = await parseBody(request, NotificationChaosRuleInput)
      if (!input.ok) return input.response
      return HttpResponse.json(engine.outbox.addChaos(input.value), { status: 201 })
    }),
    http.post(at('/notifications/:id/redeliver'), async ({ params }) => {
      const record = typeof params.id === 'string' ? await engine.outbox.redeliver(params.id) : undefined
      return record ? HttpResponse.json({ ...record, body: redactBody(record.body) }) : problem(404, 'no such notification')
    }),
    // The buyer deleted the card, or it expired: every provider's reuse then finds no active token.
    http.delete(at('/tokens/:id'), ({ params }) => {
      const token = typeof params.id === 'string' ? engine.store.tokens.get(params.id) : undefined
      if (!token) return problem(404, 'no such token')
      token.status = 'deleted'
      return new HttpResponse(null, { status: 204 })
    }),
    http.get(at('/state'), () => HttpResponse.json(redact(state()) as Record<string, unknown>)),
    http.post(at('/reset'), async () => {
      await engine.outbox.idle()
      engine.reset()
      return new HttpResponse(null, { status: 204 })
    }),
    http.all(at('*'), () => problem(404, `unknown control API path; see ${CONTROL_PREFIX} and docs/control-api.md`)),
  ]
}

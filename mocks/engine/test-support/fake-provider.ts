import { getResponse, type HttpHandler } from 'msw'
import { z } from 'zod'
import type { ProviderContract } from '../../../contracts/core/provider-contract.ts'
import { controlRoutes } from '../control-api.ts'
import { createEngine, type Engine } from '../engine.ts'
import { fetchRouter } from '../fetch-routes.ts'
import { mswRouterHandler, providerHandlers } from '../msw-adapter.ts'
import type { BuyerAction, ProviderMock, RouteSpec } from '../provider-mock.ts'

/** A test-only provider, as small as the engine allows: what the engine does, not what a provider does. */

export const START = Date.UTC(2026, 0, 15, 8, 0, 0)
export const ORIGIN = 'http://mock.test'
export const MAX_BODY_BYTES = 256

const contract: ProviderContract = {
  id: 'fake',
  displayName: 'Fake Pay',
  docs: 'https://fake.test/docs',
  operations: {},
  notifications: {},
  schemas: {},
  resultCodes: {},
  testCards: [],
  retrySchedule: { delaysMs: [0], attemptTimeoutMs: 1000, source: 'test' },
  flows: [],
}

const EchoBody = z.object({ card: z.string().optional() }).passthrough()

const EnterCard = z.object({ card: z.string().regex(/^\d+$/) })

export interface FakeProvider {
  readonly engine: Engine
  readonly mock: ProviderMock
  readonly handlers: HttpHandler[]
  /** Raw bodies every route ran with: the side effect that shows a route was processed. */
  readonly processed: string[]
  call(path: string, init?: RequestInit): Promise<Response | undefined>
  /** Calls the control API and parses its JSON answer. */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>
}

export function fakeProvider(): FakeProvider {
  const engine = createEngine({ clockOptions: { mode: 'manual', start: START }, maxBodyBytes: MAX_BODY_BYTES })
  const processed: string[] = []
  const merchants: unknown[] = []

  const routes: RouteSpec[] = [
    {
      method: 'POST',
      paths: ['/fake/v1/echo'],
      operation: 'echo',
      cardOf: (body) => EchoBody.safeParse(body).data?.card,
      async handle(call) {
        processed.push(call.rawBody)
        return Response.json({ echo: JSON.parse(call.rawBody || '{}') as unknown, forcedCode: call.forcedCode ?? null })
      },
    },
    {
      // Reads the shared parse twice and changes what it got: the recording must not see the change.
      method: 'POST',
      paths: ['/fake/v1/consume'],
      operation: 'consume',
      cardOf: (body) => EchoBody.safeParse(body).data?.card,
      async handle(call) {
        const first = call.json()
        const second = call.json()
        if (first.ok && first.value !== null && typeof first.value === 'object') (first.value as Record<string, unknown>)['consumed'] = true
        return Response.json({ sameParse: first === second })
      },
    },
    {
      method: 'GET',
      paths: ['/fake/v1/items/:id'],
      operation: 'getItem',
      async handle(call) {
        processed.push(`item:${call.params['id']}`)
        return Response.json({ id: call.params['id'], query: call.url.searchParams.get('q') })
      },
    },
    {
      method: 'POST',
      paths: ['/fake/v1/explode'],
      operation: 'explode',
      async handle() {
        throw new Error('route bug')
      },
    },
  ]

  const enter: BuyerAction<z.infer<typeof EnterCard>> = {
    description: 'The buyer types a card on the hosted page.',
    input: EnterCard,
    async run(input) {
      if (input.card === '0000') throw new Error('the session is already completed')
      return { entered: input.card, cvv: '123' }
    },
  }

  const mock: ProviderMock = {
    id: 'fake',
    contract,
    prefixes: ['/fake/v1'],
    routes,
    wireErrors: {
      bodyTooLarge: () => Response.json({ error: 'body_too_large' }, { status: 413 }),
      noRoute: (_request, reason) => Response.json({ error: reason }, { status: 404 }),
      malformed: (_request, reason) => Response.json({ error: 'malformed', reason }, { status: 400 }),
      resultCode: (_request, code) => Response.json({ resultCode: code }, { status: 200 }),
    },
    buyerActions: { enter: enter as BuyerAction },
    // A provider that signs its answers: the altered answer says how it was altered.
    alterAnswer: async (response, how) => new Response(JSON.stringify({ altered: how, was: await response.json() }), { status: response.status, headers: response.headers }),
    describe: (baseUrl) => ({ baseUrl: `${baseUrl}/fake/v1`, merchants: merchants.length }),
    merchantInput: z.object({ notifyUrl: z.url() }),
    registerMerchant: (input) => {
      merchants.push(input)
      return { registered: input }
    },
  }

  const handlers = [mswRouterHandler(fetchRouter(controlRoutes({ engine, providers: [mock], baseUrl: () => ORIGIN }))), ...providerHandlers(engine, mock)]
  const call = (path: string, init?: RequestInit) => getResponse(handlers, new Request(`${ORIGIN}${path}`, init))
  return {
    engine,
    mock,
    handlers,
    processed,
    call,
    async control(method, path, body) {
      const response = await call(`/__tokenproof${path}`, {
        method,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      })
      if (!response) throw new Error(`no handler answered ${method} ${path}`)
      const text = await response.text()
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) }
    },
  }
}

export const postJson = (body: unknown, init: RequestInit = {}): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  ...init,
  headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
})

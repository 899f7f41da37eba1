/**
 * The declarative driver: serves the driver protocol in-process by translating each operation
 * into calls to the app's own HTTP endpoints, as a driver file (file.ts) maps them. Reset restarts
 * the app; `logs` answers what it printed since. Nothing here knows a provider or an app.
 */
import { DRIVER_PROTOCOL_MINOR, DRIVER_PROTOCOL_VERSION, DriverProtocolError, NO_ORDER_RECORD, type CheckoutInput, type CheckoutOutput, type DriverOperation, type DriverResult, type MerchantDriverV1, type OrderOutput, type SavedCard } from '../driver.ts'
import { ScenarioNotApplicable } from '../scenario.ts'
import type { AppProcess } from './app-process.ts'
import type { CheckoutMapping, DriverFile, RequestTemplate } from './file.ts'
import { fill, fillPath, fillString, placeholdersOf, readPointer, stringsOf, TemplateError, type TemplateScope, type TemplateValues } from './template.ts'

export interface DeclarativeDriverOptions {
  readonly file: DriverFile
  readonly app: AppProcess
}

interface Answer {
  readonly status: number
  readonly body: unknown
  readonly text: string
}

const matchesStatus = (pattern: string | undefined, status: number): boolean => pattern === undefined || (pattern.endsWith('xx') ? String(status)[0] === pattern[0] : String(status) === pattern)

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined)

/** The first rule whose HTTP status and field match the answer. */
function firstMatch<R extends { http?: string | undefined; field?: string | undefined; equals?: readonly string[] | undefined }>(rules: readonly R[], answer: Answer): R | undefined {
  return rules.find((r) => matchesStatus(r.http, answer.status) && (r.field === undefined || (r.equals ?? []).includes(text(readPointer(answer.body, r.field)) ?? '\u0000')))
}

/** Whether a request template sends the buyer's reference to the app anywhere. */
const sendsBuyer = (request: RequestTemplate): boolean => [request.path, ...stringsOf(request.body), ...stringsOf(request.headers)].some((t) => placeholdersOf(t).includes('buyerRef'))

export function createDeclarativeDriver(options: DeclarativeDriverOptions): MerchantDriverV1 {
  const { file, app } = options
  let configured: { readonly mockUrl: string; readonly credentials: Readonly<Record<string, string>> } | undefined
  /** Which buyer each saved card was listed for (the app's ids are its own). */
  const listedFor = new Map<string, string>()

  const appValues = (): TemplateValues => ({
    appUrl: app.url,
    provider: file.provider,
    ...(configured ? { mockUrl: configured.mockUrl, ...Object.fromEntries(Object.entries(configured.credentials).map(([k, v]) => [`credentials.${k}`, v])) } : {}),
  })

  async function send(operation: DriverOperation, request: RequestTemplate, scope: TemplateScope): Promise<Answer> {
    let path: string
    let body: unknown
    let headers: Record<string, string>
    try {
      path = fillPath(request.path, scope)
      body = request.body === undefined ? undefined : fill(request.body, scope)
      headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, String(fillString(v, scope))]))
    } catch (error) {
      if (error instanceof TemplateError) throw new DriverProtocolError(operation, `the driver file's ${request.method} ${request.path}: ${error.message}`)
      throw error
    }
    let response: Response
    try {
      response = await fetch(`${app.url}${path}`, {
        method: request.method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(file.app.timeoutMs),
      })
    } catch (error) {
      throw new DriverProtocolError(operation, `no answer from the app at ${request.method} ${app.url}${path}: ${error instanceof Error ? error.message : String(error)}`)
    }
    const raw = await response.text()
    let parsed: unknown = raw
    try {
      parsed = raw === '' ? undefined : JSON.parse(raw)
    } catch {
      // Not JSON: outcomes may still match on the status alone.
    }
    return { status: response.status, body: parsed, text: raw }
  }

  const issueMessage = (request: RequestTemplate, answer: Answer): string => `${request.method} ${request.path} answered HTTP ${answer.status}${answer.text ? `: ${answer.text.slice(0, 200)}` : ''}`

  function mappingFor(flow: string): CheckoutMapping {
    const mapping = file.checkout.find((c) => (c.flows as readonly string[]).includes(flow))
    if (!mapping) throw new DriverProtocolError('checkout', `the driver file maps no checkout for the flow ${flow}`)
    return mapping
  }

  function checkoutValues(input: CheckoutInput): TemplateValues {
    const card = input.card
    return {
      ...appValues(),
      orderId: input.orderId,
      buyerRef: input.buyerRef,
      flow: input.flow,
      'amount.value': input.amount.value,
      'amount.number': Number(input.amount.value),
      'amount.currency': input.amount.currency,
      ...(card.kind === 'new'
        ? { save: card.save, 'card.number': card.card.number, 'card.expiryMonth': card.card.expiryMonth, 'card.expiryYear': card.card.expiryYear, 'card.cvv': card.card.cvv, 'card.holderName': card.card.holderName }
        : { savedCardId: card.savedCardId, cvv: card.cvv }),
    }
  }

  return {
    protocolVersion: DRIVER_PROTOCOL_VERSION,
    async capabilities() {
      return { name: file.name, protocolVersion: DRIVER_PROTOCOL_VERSION, minor: DRIVER_PROTOCOL_MINOR, operations: ['logs'], providers: [{ provider: file.provider, flows: [...file.flows] }] }
    },

    async configure(input) {
      if (input.provider !== file.provider) return { ok: false, issue: { code: 'unknown_provider', message: `the driver file maps ${file.provider}, not ${input.provider}` } }
      configured = { mockUrl: input.baseUrl, credentials: input.credentials }
      const scope = { values: appValues() }
      let env: Record<string, string>
      try {
        env = Object.fromEntries(Object.entries(file.app.env).map(([k, v]) => [k, String(fillString(v, scope))]))
      } catch (error) {
        if (error instanceof TemplateError) throw new DriverProtocolError('configure', `the driver file's app.env: ${error.message} (the mock issued ${Object.keys(input.credentials).join(', ')})`)
        throw error
      }
      await app.start(env)
      return { ok: true, value: { notificationUrl: `${app.url}${file.app.notificationPath}` } }
    },

    async checkout(input): Promise<DriverResult<CheckoutOutput>> {
      const mapping = mappingFor(input.flow)
      if (input.card.kind === 'saved') {
        const owner = listedFor.get(input.card.savedCardId)
        // The app's call names no buyer: it cannot tell whose card it charges, and the buyer never
        // picks one (a merchant-initiated charge). Judging it on another buyer's card would judge the file.
        if (owner !== undefined && owner !== input.buyerRef && !sendsBuyer(mapping.request)) {
          throw new ScenarioNotApplicable(`the app's payment with a saved card (${mapping.request.method} ${mapping.request.path}) names no buyer: a charge the merchant makes, where no buyer can pick another's card`)
        }
      }
      const values = checkoutValues(input)
      const answer = await send('checkout', mapping.request, { values })
      const outcome = firstMatch(mapping.outcomes, answer)
      if (!outcome) throw new DriverProtocolError('checkout', `no outcome of the driver file matches the app's answer: ${issueMessage(mapping.request, answer)}`)
      if (outcome.issue !== undefined) return { ok: false, issue: { code: outcome.issue, message: issueMessage(mapping.request, answer) } }
      let buyerActionUrl: string | undefined
      try {
        buyerActionUrl = outcome.buyerActionUrl === undefined ? undefined : String(fillString(outcome.buyerActionUrl, { values, answer: answer.body }))
      } catch (error) {
        if (error instanceof TemplateError) throw new DriverProtocolError('checkout', `buyerActionUrl: ${error.message}`)
        throw error
      }
      const reference = mapping.providerReference === undefined ? undefined : text(readPointer(answer.body, mapping.providerReference))
      return {
        ok: true,
        value: { orderId: input.orderId, status: outcome.status ?? 'failed', ...(buyerActionUrl !== undefined ? { buyerActionUrl } : {}), ...(reference !== undefined ? { providerReference: reference } : {}) },
      }
    },

    async savedCards(input) {
      const mapping = file.savedCards
      const values = { ...appValues(), buyerRef: input.buyerRef }
      const answer = await send('saved-cards', mapping.request, { values })
      if (answer.status < 200 || answer.status > 299) throw new DriverProtocolError('saved-cards', issueMessage(mapping.request, answer))
      const list = readPointer(answer.body, mapping.list)
      if (!Array.isArray(list)) throw new DriverProtocolError('saved-cards', `the answer has no list at "${mapping.list}" (savedCards.list): ${answer.text.slice(0, 200)}`)
      const wanted = mapping.where === undefined ? undefined : String(fillString(mapping.where.equals, { values }))
      const cards: SavedCard[] = []
      for (const item of list) {
        if (mapping.where !== undefined && text(readPointer(item, mapping.where.field)) !== wanted) continue
        const id = text(readPointer(item, mapping.id))
        if (id === undefined || id === '') throw new DriverProtocolError('saved-cards', `a card has no id at "${mapping.id}" (savedCards.id)`)
        const field = (pointer: string | undefined): string | undefined => (pointer === undefined ? undefined : text(readPointer(item, pointer)))
        const brand = field(mapping.brand)
        const expiryMonth = field(mapping.expiryMonth)
        const expiryYear = field(mapping.expiryYear)
        // What the merchant shows as the number; an app that shows none shows nothing to leak.
        cards.push({ id, masked: field(mapping.masked) ?? '', ...(brand ? { brand } : {}), ...(expiryMonth ? { expiryMonth } : {}), ...(expiryYear ? { expiryYear } : {}) })
        listedFor.set(id, input.buyerRef)
      }
      return { ok: true, value: { cards } }
    },

    async order(input): Promise<DriverResult<OrderOutput>> {
      const mapping = file.order
      if (!mapping) return { ok: false, issue: { code: NO_ORDER_RECORD, message: 'the driver file maps no order: the app keeps no order record' } }
      const answer = await send('order', mapping.request, { values: { ...appValues(), orderId: input.orderId } })
      const outcome = firstMatch(mapping.outcomes, answer)
      if (!outcome) throw new DriverProtocolError('order', `no outcome of the driver file matches the app's answer: ${issueMessage(mapping.request, answer)}`)
      if (outcome.issue !== undefined) return { ok: false, issue: { code: outcome.issue, message: issueMessage(mapping.request, answer) } }
      const captures = mapping.captures === undefined ? undefined : readPointer(answer.body, mapping.captures)
      return { ok: true, value: { orderId: input.orderId, status: outcome.status ?? 'unknown', ...(typeof captures === 'number' && Number.isInteger(captures) && captures >= 0 ? { captures } : {}) } }
    },

    async reset() {
      listedFor.clear()
      // The app's state lives in its process: a fresh process is a clean slate.
      if (configured) await app.restart()
    },

    async logs() {
      return { ok: true, value: { lines: app.lines() } }
    },
  }
}

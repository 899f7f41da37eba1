/**
 * Pact V4 files from what a conformance run recorded: one file per integration and provider, an
 * HTTP interaction for every answer the integration got from the provider, a message interaction
 * for every notification it accepted. Nothing here knows a provider: the contract gives the schemas
 * and result codes the matching rules come from.
 */
import { createHash } from 'node:crypto'
import type { ProviderContract } from '../../contracts/core/provider-contract.ts'
import { maskText, redact } from '../../mocks/engine/masking.ts'
import type { Exchange } from '../mock-control.ts'
import type { ControlCall, ScenarioTraffic } from '../traffic.ts'
import { deriveRules, looksIssued, pathOf, TIMESTAMP } from './matchers.ts'
import { mapStrings, placeholdersIn, type RefSource, type SetupStep, type StateParams } from './setup-script.ts'
import type { HttpInteraction, MessageInteraction, PactFile, ProviderStateGenerator, ProviderState, Rules } from './v4.ts'

/** Headers that describe the connection, not the contract; and the merchant's credentials, re-made when verifying. */
const TRANSPORT_HEADERS = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding', 'accept', 'accept-encoding', 'accept-language', 'user-agent', 'sec-fetch-mode', 'date', 'server', 'etag', 'vary', 'x-powered-by'])
const CREDENTIAL_HEADERS = new Set(['signature', 'request-time', 'client-id', 'authorization', 'x-merchant-secret'])
const REDACTED = '[redacted]'

/** The state of an interaction that is the scenario's first call. */
export const FRESH_STATE = 'a new buyer'

type Segment = string | number

export interface WriteOptions {
  /** The integration's name (the Pact consumer). */
  readonly consumer: string
  readonly contract: ProviderContract
}

export function writePact(traffic: readonly ScenarioTraffic[], options: WriteOptions): PactFile {
  const resultCodes = new Set(Object.keys(options.contract.resultCodes))
  const interactions: (HttpInteraction | MessageInteraction)[] = []
  for (const scenario of traffic) {
    if (scenario.provider !== options.contract.id) continue
    interactions.push(...scenarioInteractions(scenario, options.contract, resultCodes))
  }
  const pact: PactFile = {
    consumer: { name: options.consumer },
    provider: { name: options.contract.id },
    interactions,
    metadata: { pactSpecification: { version: '4.0' }, tokenproof: { writtenFrom: 'a conformance run', redacted: true } },
  }
  assertNoCardData(pact)
  return pact
}

/** Refuses to write a file that holds a full card number or key material, naming where (never what). */
export function assertNoCardData(pact: unknown): void {
  const found: string[] = []
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value)
      if (maskText(text) !== text) found.push(`${path}: a card number`)
      if (/PRIVATE KEY/.test(text)) found.push(`${path}: a private key`)
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`))
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`)
  }
  walk(pact, '$')
  if (found.length > 0) throw new Error(`refusing to write a Pact file that holds card data or a key: ${found.join('; ')}`)
}

function scenarioInteractions(traffic: ScenarioTraffic, contract: ProviderContract, resultCodes: ReadonlySet<string>): (HttpInteraction | MessageInteraction)[] {
  const out: (HttpInteraction | MessageInteraction)[] = []
  const script: SetupStep[] = []
  const refs: Record<string, RefSource> = {}
  const issued = new Map<string, string>() // value → ref name
  const merchantValues = new Set<string>()
  const seenNotifications = new Map<string, string[]>() // kind → notification ids in order of first delivery
  const messages: { exchange: Exchange; kind: string; occurrence: number }[] = []

  const template = (value: unknown): unknown => templateValue(value, issued)
  const stateFor = (steps: readonly SetupStep[], uses: unknown[]): ProviderState => {
    const used = new Set<string>()
    for (const value of [...steps, ...uses]) for (const name of placeholdersIn(value)) used.add(name)
    const params: StateParams = { scenario: traffic.scenario, tokenproof: { steps: structuredClone([...steps]), refs: Object.fromEntries([...used].sort().map((n) => [n, refs[n]!])) } }
    return { name: steps.length === 0 ? FRESH_STATE : traffic.given, params }
  }

  for (const step of traffic.steps) {
    if (step.kind === 'control') {
      const call = template(redact(step.call)) as ControlCall
      collectStrings(call, merchantValues)
      script.push({ control: call } as SetupStep)
      continue
    }
    const exchange = asReplayable(step.exchange)
    const operation = exchange.operation ?? 'unknown'
    if (exchange.direction === 'outbound') {
      const id = String(exchange.tags.notification ?? exchange.id)
      const ids = seenNotifications.get(operation) ?? []
      if (!ids.includes(id)) ids.push(id)
      seenNotifications.set(operation, ids)
      const occurrence = ids.indexOf(id)
      registerIssued(exchange.request.body, [], merchantValues, issued, refs, (path) => ({ notification: operation, occurrence, path }))
      const accepted = 'status' in exchange.response && exchange.response.status >= 200 && exchange.response.status < 300
      if (accepted && !messages.some((m) => m.kind === operation && m.occurrence === occurrence)) messages.push({ exchange, kind: operation, occurrence })
      continue
    }

    const url = new URL(exchange.request.url)
    const headers = requestHeaders(exchange.request.headers)
    const requestStep: SetupStep = {
      request: { method: exchange.request.method, path: template(url.pathname + url.search) as string, headers, ...(exchange.request.body !== undefined ? { body: template(exchange.request.body) } : {}) },
      ...('status' in exchange.response && exchange.response.status !== 499 ? {} : { abandoned: true }),
    }
    // 401: the provider refused the merchant's credentials (an expired token). A verifier signs every
    // request afresh, so that answer cannot be asked for again; the call stays in later setups.
    if ('status' in exchange.response && exchange.response.status !== 499 && exchange.response.status !== 401) {
      out.push(httpInteraction(traffic, exchange, operation, url, headers, stateFor(script, [requestStep]), contract, merchantValues, resultCodes, issued))
    }
    collectStrings(exchange.request.body, merchantValues)
    for (const value of url.searchParams.values()) merchantValues.add(value)
    script.push(requestStep)
    if ('status' in exchange.response) {
      const index = script.length - 1
      registerIssued(exchange.response.body, [], merchantValues, issued, refs, (path) => ({ step: index, path }))
    }
  }

  for (const { exchange, kind, occurrence } of messages) {
    const description = `${traffic.scenario}: notification ${kind} #${occurrence + 1}`
    const state = stateFor(script, [])
    const content = exchange.request.body
    out.push({
      type: 'Asynchronous/Messages',
      key: keyOf(description, state),
      description,
      pending: false,
      providerStates: [{ ...state, params: { ...state.params, message: { notification: kind, occurrence } } }],
      contents: { content, contentType: 'application/json', encoded: false },
      metadata: { contentType: 'application/json' },
      matchingRules: { body: deriveRules(content, { schema: contract.notifications[kind], merchantValues, resultCodes, issuedValues: new Set(issued.keys()) }) },
    })
  }
  return out
}

function httpInteraction(
  traffic: ScenarioTraffic,
  exchange: Exchange,
  operation: string,
  url: URL,
  headers: Record<string, string>,
  state: ProviderState,
  contract: ProviderContract,
  merchantValues: ReadonlySet<string>,
  resultCodes: ReadonlySet<string>,
  issued: ReadonlyMap<string, string>,
): HttpInteraction {
  if (!('status' in exchange.response)) throw new Error('an unanswered exchange is not an interaction')
  const response = exchange.response
  const steps = (state.params as StateParams | undefined)?.tokenproof.steps.length ?? 0
  const description = `${traffic.scenario}: ${exchange.request.method} ${operation} (call ${steps + 1})`
  const query: Record<string, string[]> = {}
  for (const [name, value] of url.searchParams) (query[name] ??= []).push(value)
  const generators: NonNullable<HttpInteraction['request']['generators']> = {}
  const templatedPath = templateValue(url.pathname, issued) as string
  if (templatedPath !== url.pathname) generators.path = stateGenerator(templatedPath)
  const queryGenerators: Record<string, ProviderStateGenerator> = {}
  for (const [name, values] of Object.entries(query)) {
    const templated = templateValue(values[0], issued) as string
    if (templated !== values[0]) queryGenerators[name] = stateGenerator(templated)
  }
  if (Object.keys(queryGenerators).length > 0) generators.query = queryGenerators
  const bodyGenerators = placeholderGenerators(templateValue(exchange.request.body, issued))
  if (Object.keys(bodyGenerators).length > 0) generators.body = bodyGenerators

  const operationContract = contract.operations[operation]
  const requestRules = deriveRules(exchange.request.body, { schema: operationContract?.request, merchantValues: new Set(), resultCodes })
  const responseBody = response.body
  const isSuccess = response.status >= 200 && response.status < 300
  const responseRules = deriveRules(responseBody, { schema: isSuccess ? operationContract?.response : undefined, merchantValues: withRequest(merchantValues, exchange.request.body, url), resultCodes, issuedValues: new Set(issued.keys()) })
  const responseHeaders = Object.fromEntries(Object.entries(response.headers).filter(([name, value]) => !TRANSPORT_HEADERS.has(name) && value !== REDACTED))
  const headerRules: Rules = {}
  for (const [name, value] of Object.entries(responseHeaders)) {
    headerRules[name] = { combine: 'AND', matchers: [name === 'content-type' ? { match: 'regex', regex: `^${value.split(';')[0]!.trim().replace(/[.+*?^$()[\]{}|\\/]/g, '\\$&')}.*$` } : { match: 'type' }] }
  }
  const contentType = headers['content-type'] ?? 'application/json'
  return {
    type: 'Synchronous/HTTP',
    key: keyOf(description, state),
    description,
    pending: false,
    providerStates: [state],
    request: {
      method: exchange.request.method,
      path: url.pathname,
      ...(Object.keys(query).length > 0 ? { query } : {}),
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      ...(exchange.request.body !== undefined ? { body: { content: exchange.request.body, contentType, encoded: false as const } } : {}),
      ...(Object.keys(requestRules).length > 0 ? { matchingRules: { body: requestRules } } : {}),
      ...(Object.keys(generators).length > 0 ? { generators } : {}),
    },
    response: {
      status: response.status,
      headers: Object.fromEntries(Object.entries(responseHeaders).map(([k, v]) => [k, [v]])),
      ...(responseBody !== undefined ? { body: { content: responseBody, contentType: responseHeaders['content-type'] ?? 'application/json', encoded: false as const } } : {}),
      matchingRules: { body: responseRules, header: headerRules },
    },
  }
}

/**
 * The exchange with its request body as a replay must send it: what the merchant sealed (an encrypted
 * card) kept as a sealed reference to seal again, not as a ciphertext that only the recording
 * process's key opens.
 */
function asReplayable(exchange: Exchange): Exchange {
  if (exchange.request.sealed === undefined) return exchange
  const { sealed, ...request } = exchange.request
  return { ...exchange, request: { ...request, body: sealed } }
}

function requestHeaders(recorded: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(recorded).filter(([name, value]) => !TRANSPORT_HEADERS.has(name) && !CREDENTIAL_HEADERS.has(name) && value !== REDACTED))
}

function withRequest(merchantValues: ReadonlySet<string>, body: unknown, url: URL): Set<string> {
  const values = new Set(merchantValues)
  collectStrings(body, values)
  for (const value of url.searchParams.values()) values.add(value)
  for (const segment of url.pathname.split('/')) if (segment !== '') values.add(segment)
  return values
}

function stateGenerator(expression: string): ProviderStateGenerator {
  return { type: 'ProviderState', expression, dataType: 'STRING' }
}

function placeholderGenerators(templated: unknown, segments: Segment[] = []): Record<string, ProviderStateGenerator> {
  if (typeof templated === 'string') return placeholdersIn(templated).size > 0 ? { [pathOf(segments)]: stateGenerator(templated) } : {}
  if (Array.isArray(templated)) return Object.assign({}, ...templated.map((v, i) => placeholderGenerators(v, [...segments, i])))
  if (templated !== null && typeof templated === 'object') return Object.assign({}, ...Object.entries(templated).map(([k, v]) => placeholderGenerators(v, [...segments, k])))
  return {}
}

/** Every occurrence of an issued value in `value`'s strings replaced by its placeholder (longest first). */
function templateValue(value: unknown, issued: ReadonlyMap<string, string>): unknown {
  const longestFirst = [...issued].sort((a, b) => b[0].length - a[0].length)
  return mapStrings(value, (text) => longestFirst.reduce((out, [literal, name]) => out.split(literal).join(`\${${name}}`), text))
}

/** Values the provider issued in `body` (ids, tokens) that later steps may refer to. */
function registerIssued(body: unknown, segments: Segment[], merchantValues: ReadonlySet<string>, issued: Map<string, string>, refs: Record<string, RefSource>, source: (path: Segment[]) => RefSource): void {
  if (typeof body === 'string') {
    if (looksIssued(body) && !TIMESTAMP.test(body) && !merchantValues.has(body) && !issued.has(body)) {
      const name = `ref${Object.keys(refs).length + 1}`
      issued.set(body, name)
      refs[name] = source(segments)
    }
    return
  }
  if (Array.isArray(body)) body.forEach((v, i) => registerIssued(v, [...segments, i], merchantValues, issued, refs, source))
  else if (body !== null && typeof body === 'object') for (const [k, v] of Object.entries(body)) registerIssued(v, [...segments, k], merchantValues, issued, refs, source)
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string' || typeof value === 'number') into.add(String(value))
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, into)
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, into)
}

/** A stable key per interaction, in letters only: 16 hex characters could spell a Luhn-valid number. */
function keyOf(description: string, state: ProviderState): string {
  const hex = createHash('sha256').update(description).update(JSON.stringify(state)).digest('hex').slice(0, 16)
  return hex.replace(/\d/g, (digit) => 'ghijklmnop'[Number(digit)]!)
}

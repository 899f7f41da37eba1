/**
 * Pacts written from a conformance run of the reference merchant, verified against the standalone
 * mock with the real Pact core; pacts that expect what the provider never sends fail, naming the
 * interaction and the mismatch; the files hold no card data and no keys.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { contractRegistry } from '../../contracts/registry.ts'
import { startBundledTarget } from '../../examples/reference-merchant/bundled.ts'
import { startMockServer, type MockServer } from '../../mocks/server.ts'
import { recordPacts, savePacts } from './record.ts'
import type { HttpInteraction, MessageInteraction, PactFile } from './v4.ts'
import { verifyPactFile } from './verify.ts'

let dir: string
let files: string[]
let pacts: readonly PactFile[]
let mock: MockServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokenproof-pact-'))
  const target = await startBundledTarget()
  try {
    const recorded = await recordPacts(target)
    expect(recorded.run.results.filter((r) => r.status === 'failed' || r.status === 'error')).toEqual([])
    pacts = recorded.pacts
  } finally {
    await target.close()
  }
  files = await savePacts(pacts, dir)
  mock = await startMockServer({ port: 0, clockOptions: { mode: 'manual' } })
}, 120_000)

afterAll(async () => {
  await mock?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const providers = Object.keys(contractRegistry)

test('one pact per provider, HTTP and message interactions, states named after the scenarios', () => {
  expect(pacts.map((p) => p.provider.name).sort()).toEqual([...providers].sort())
  for (const pact of pacts) {
    expect(pact.consumer.name).toBe('tokenproof-reference-merchant')
    expect(pact.metadata.pactSpecification.version).toBe('4.0')
    const states = new Set(pact.interactions.flatMap((i) => i.providerStates?.map((s) => s.name) ?? []))
    expect(states).toContain('buyer has a saved card')
    expect(pact.interactions.some((i) => i.type === 'Synchronous/HTTP')).toBe(true)
    // Unique, and letters only: a hex key can spell a Luhn-valid number, which the writer refuses.
    expect(new Set(pact.interactions.map((i) => i.key)).size).toBe(pact.interactions.length)
    for (const i of pact.interactions) expect(i.key).toMatch(/^[a-p]{16}$/)
  }
  // Providers that notify: every accepted notification is a message interaction.
  const messages = (id: string) => pacts.find((p) => p.provider.name === id)!.interactions.filter((i) => i.type === 'Asynchronous/Messages')
  for (const id of providers) {
    const notifies = Object.keys(contractRegistry[id as keyof typeof contractRegistry].notifications).length > 0
    expect(messages(id).length > 0, id).toBe(notifies)
  }
})

test('a reuse request names the saved token through a provider-state generator, not a literal', () => {
  for (const pact of pacts) {
    const reuse = pact.interactions.filter((i): i is HttpInteraction => i.type === 'Synchronous/HTTP' && i.providerStates?.[0]?.name === 'buyer has a saved card')
    const generated = reuse.filter((i) => i.request.generators !== undefined)
    expect(generated.length, pact.provider.name).toBeGreaterThan(0)
    for (const i of generated) for (const g of [i.request.generators?.path, ...Object.values(i.request.generators?.body ?? {}), ...Object.values(i.request.generators?.query ?? {})]) if (g) expect(g.expression).toMatch(/\$\{ref\d+\}/)
  }
})

test('the files hold no full card number, no CVV and no key', async () => {
  const testCards = Object.values(contractRegistry).flatMap((c) => c.testCards.map((t) => t.number))
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')))
  for (const text of texts) {
    for (const pan of testCards) expect(text).not.toContain(pan)
    expect(text).not.toMatch(/"(cvv|cvc|securityCode|encryptedSecurityCode)"\s*:\s*"(?!\[removed\])/i)
    expect(text).not.toMatch(/PRIVATE KEY|x-api-key|x-appotapay-auth|authorization|x-merchant-secret/i)
  }
  // The cards the merchant sent are there, masked to first 6 / last 4, with the CVV's place kept.
  expect(texts.join()).toMatch(/\d{6}\*+\d{4}/)
  expect(texts.join()).toContain('[removed]')
})

test.each(providers)('the pact written from the reference merchant verifies against the %s mock', async (provider) => {
  const outcome = await verifyPactFile(files.find((f) => f.endsWith(`-${provider}.json`))!, { mockUrl: mock.url })
  expect(outcome.failures).toEqual([])
  expect(outcome.ok).toBe(true)
  expect(outcome.interactions).toBeGreaterThan(10)
}, 120_000)

/** A pact of `provider` holding only the given interactions. */
async function pactWith(provider: string, interactions: readonly (HttpInteraction | MessageInteraction)[]): Promise<string> {
  const pact = { ...structuredClone(pacts.find((p) => p.provider.name === provider)!), interactions: [...interactions] }
  const file = join(dir, `negative-${provider}-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(file, JSON.stringify(pact))
  return file
}

/** A copy of `interaction` under its own name, with `change` applied to its expected body. */
function variant<T extends HttpInteraction | MessageInteraction>(interaction: T, name: string, change: (body: Record<string, unknown>) => void): T {
  const copy = structuredClone(interaction)
  copy.description = `${interaction.description} [${name}]`
  copy.key = `${interaction.key}-${name}`
  change((copy.type === 'Synchronous/HTTP' ? copy.response.body!.content : copy.contents.content) as Record<string, unknown>)
  return copy
}

const okAnswers = (provider: string) =>
  pacts.find((p) => p.provider.name === provider)!.interactions.filter((i): i is HttpInteraction => i.type === 'Synchronous/HTTP' && i.response.status === 200)

test.each(providers)('a %s pact expecting an undocumented field, a wrong result code or a wrong type fails, naming the interaction and why', async (provider) => {
  const codes = new Set(Object.keys(contractRegistry[provider as keyof typeof contractRegistry].resultCodes))
  // A result code where the answer carries one (AppotaPay's successes do not): else a status the contract fixes.
  const fixedLeaf = (i: HttpInteraction) => {
    const body = i.response.body?.content
    const ruled = new Set(Object.keys(i.response.matchingRules?.body ?? {}))
    return findLeaf(body, (v) => typeof v === 'string' && codes.has(v)) ?? findLeaf(body, (v, path) => typeof v === 'string' && /status/i.test(String(path.at(-1))) && !ruled.has(pactPath(path)))
  }
  const target = okAnswers(provider).find((i) => fixedLeaf(i) !== undefined)!
  expect(target, 'a call answered 200 with a result code or status').toBeDefined()
  const codePath = fixedLeaf(target)
  const typedPath = Object.entries(target.response.matchingRules?.body ?? {}).find(([, r]) => r.matchers.some((m) => m.match === 'regex' || m.match === 'type'))?.[0]
  const expected: [string, RegExp][] = [['undocumented field', /undocumentedField/]]
  const variants = [variant(target, 'undocumented field', (b) => void (b.undocumentedField = 'the provider never sends this'))]
  if (codePath) {
    variants.push(variant(target, 'wrong result code', (b) => setLeaf(b, codePath, 'NOT_A_DOCUMENTED_CODE')))
    expected.push(['wrong result code', /NOT_A_DOCUMENTED_CODE/])
  }
  if (typedPath) {
    // A list where the contract has a string or a number: no type or regex matcher accepts it.
    variants.push(variant(target, 'wrong type', (b) => setLeaf(b, segmentsOf(typedPath), [12345])))
    expected.push(['wrong type', /12345/])
  }
  expect(variants.length, 'a result code and a typed field to break').toBe(3)

  const outcome = await verifyPactFile(await pactWith(provider, variants), { mockUrl: mock.url })
  expect(outcome.ok).toBe(false)
  expect(outcome.failures).toHaveLength(expected.length)
  for (const [name, why] of expected) {
    const failure = outcome.failures.find((f) => f.interaction.includes(`${target.description} [${name}]`))
    expect(failure, name).toBeDefined()
    expect(failure!.mismatches.join('\n'), name).toMatch(why)
  }
}, 120_000)

test('a notification pact expecting a field the mock never sends fails on that message', async () => {
  const provider = providers.find((id) => pacts.find((p) => p.provider.name === id)!.interactions.some((i) => i.type === 'Asynchronous/Messages'))!
  const message = pacts.find((p) => p.provider.name === provider)!.interactions.find((i): i is MessageInteraction => i.type === 'Asynchronous/Messages')!
  const broken = variant(message, 'undocumented field', (b) => void (b.undocumentedNotificationField = true))
  const outcome = await verifyPactFile(await pactWith(provider, [broken]), { mockUrl: mock.url })
  expect(outcome.ok).toBe(false)
  expect(outcome.failures.map((f) => f.interaction).join()).toContain(broken.description)
  expect(outcome.failures.flatMap((f) => f.mismatches).join()).toMatch(/undocumentedNotificationField/)
}, 120_000)

function findLeaf(value: unknown, wanted: (v: unknown, path: readonly string[]) => boolean, path: string[] = []): string[] | undefined {
  if (wanted(value, path)) return path
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findLeaf(v, wanted, [...path, k])
      if (found) return found
    }
  }
  return undefined
}

const pactPath = (path: readonly string[]) => `$${path.map((k) => `.${k}`).join('')}`

/** `$.a.b[0]['c-d']` as its keys and indexes. */
function segmentsOf(path: string): (string | number)[] {
  return [...path.matchAll(/\.([A-Za-z_]\w*)|\[(\d+)\]|\['([^']+)'\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3])!))
}

function setLeaf(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let current = root as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) current = current[key] as Record<string | number, unknown>
  current[path.at(-1)!] = value
}

/**
 * Fuzz: malformed and hostile requests against a `tokenproof serve` on 127.0.0.1 (a child process),
 * per provider, counting crashes (the server exits), hangs (no answer in 10 s), 5xx and answers no
 * provider table documents (the WireClient's `documented`, as the mock properties judge them).
 *
 *   npm run fuzz                          # 100,000 requests per provider
 *   npm run fuzz -- --requests 20000      # per provider
 *
 * The mix, per provider: 70 % invalid requests from the generators (generators/mutations.ts: wrong
 * types, missing and extra fields, bad formats, malformed JSON, wrong content type, bad or missing
 * credentials), 20 % hostile bodies sent with valid credentials (nesting and width past the parse
 * limits, random text and bytes, huge strings), 10 % hostile transport (paths that are not
 * percent-decodable UTF-8, malformed Host headers, unknown methods) over a raw socket.
 */
import fc from 'fast-check'
import { contractRegistry, type ProviderId } from '../contracts/registry.ts'
import { mutationRequest, operationCases } from '../generators/test-support/mock-cases.ts'
import { rawRequest } from '../mocks/engine/test-support/raw-http.ts'
import type { WireAnswer, WireClient, WireRequest } from '../mocks/test-support/wire-client.ts'
import { wireClients } from '../mocks/test-support/wire-clients.ts'
import { numberArg, pad, remoteMock, startChildServer, type ChildServer } from './child-server.ts'

const argv = process.argv.slice(2)
const PER_PROVIDER = numberArg(argv, 'requests', 100_000)
const CONCURRENCY = numberArg(argv, 'concurrency', 16)
const HANG_MS = 10_000
const PROVIDERS = Object.keys(contractRegistry) as ProviderId[]

/** One hostile request: through the client (signed, authenticated) or over a raw socket. */
type Fuzzed = { readonly via: 'client'; readonly kind: string; readonly request: WireRequest } | { readonly via: 'raw'; readonly kind: string; readonly operation: string; readonly method: string; readonly path: string; readonly host?: string }

const deep = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
const wide = (members: number): string => `{${Array.from({ length: members }, (_, i) => `"k${i}":${i}`).join(',')}}`

function arbitraryFor(provider: ProviderId, client: WireClient): fc.Arbitrary<Fuzzed> {
  const operations = contractRegistry[provider].operations as Readonly<Record<string, { readonly path: string; readonly method: string }>>
  const fixed = Object.entries(operations).filter(([name, op]) => !op.path.includes(':') && client.operations.includes(name))
  const cases = operationCases(provider, client)
  const invalid = fc.oneof(...cases.map((c) => c.invalid.map((m): Fuzzed => ({ via: 'client', kind: `invalid:${m.kind}`, request: mutationRequest(c.operation, m) }))))
  const operation = fc.constantFrom(...fixed.map(([name]) => name))
  const hostileBody = fc.oneof(
    fc.integer({ min: 100, max: 20_000 }).map((d) => ({ kind: 'deep', raw: deep(d) })),
    fc.integer({ min: 1000, max: 50_000 }).map((n) => ({ kind: 'wide', raw: wide(n) })),
    fc.string({ unit: 'binary', maxLength: 2000 }).map((raw) => ({ kind: 'text', raw })),
    fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ kind: 'bytes', raw: Buffer.from(bytes).toString('latin1') })),
    fc.json({ maxDepth: 8 }).map((raw) => ({ kind: 'json', raw })),
    fc.integer({ min: 10_000, max: 200_000 }).map((n) => ({ kind: 'long', raw: JSON.stringify({ a: 'x'.repeat(n) }) })),
  )
  const body = fc.record({ operation, hostile: hostileBody }).map(({ operation: op, hostile }): Fuzzed => ({ via: 'client', kind: `body:${hostile.kind}`, request: { operation: op, body: undefined, raw: hostile.raw } }))
  const transport = fc
    .record({
      operation,
      twist: fc.oneof(
        fc.constantFrom('%zz', '%ff', '%e2%82', '%', '%00', '/..', '//', '?%zz=1').map((suffix) => ({ kind: 'path', suffix })),
        fc.constantFrom('', 'a b', '[', 'x:99999', 'user@127.0.0.1', 'user:pw@localhost:1', '[::1', 'ä.example').map((host) => ({ kind: 'host', host })),
        fc.constantFrom('PATCH', 'PUT', 'OPTIONS', 'TRACE', 'FOO').map((method) => ({ kind: 'method', method })),
      ),
    })
    .map(({ operation: op, twist }): Fuzzed => {
      const spec = operations[op]!
      return {
        via: 'raw',
        kind: `transport:${twist.kind}`,
        operation: op,
        method: 'method' in twist ? twist.method : spec.method,
        path: `${spec.path}${'suffix' in twist ? twist.suffix : ''}`,
        ...('host' in twist ? { host: twist.host } : {}),
      }
    })
  return fc.oneof({ weight: 7, arbitrary: invalid }, { weight: 2, arbitrary: body }, { weight: 1, arbitrary: transport })
}

interface Tally {
  requests: number
  answered2xx: number
  answered4xx: number
  status5xx: number
  hangs: number
  undocumented: number
  crashes: number
  readonly examples: string[]
}

function dechunk(text: string): string {
  let out = ''
  let at = 0
  for (;;) {
    const end = text.indexOf('\r\n', at)
    const size = end < 0 ? 0 : parseInt(text.slice(at, end), 16)
    if (!(size > 0)) return out
    out += text.slice(end + 2, end + 2 + size)
    at = end + 2 + size + 2
  }
}

/**
 * A transport-level refusal that HTTP or Tokenproof documents: node's parser answering an unknown
 * method with a bare 400, or the mock's own `{"error": …}` 400/404 where no provider owns the path
 * (docs/control-api.md). Provider paths otherwise answer in the provider's shape.
 */
function transportDocumented(fuzzed: Fuzzed, answer: WireAnswer): boolean {
  if (fuzzed.via !== 'raw') return false
  if (answer.status === 400 && answer.raw === '') return true
  const error = (answer.body as { error?: unknown } | undefined)?.error
  return (answer.status === 400 || answer.status === 404) && typeof error === 'string'
}

async function send(server: ChildServer, client: WireClient, fuzzed: Fuzzed): Promise<{ operation: string; answer: WireAnswer }> {
  if (fuzzed.via === 'client') return { operation: fuzzed.request.operation, answer: await client.send({ ...fuzzed.request, signal: AbortSignal.timeout(HANG_MS) }) }
  const raw = await Promise.race([
    rawRequest(server.port, { method: fuzzed.method, path: fuzzed.path, ...(fuzzed.host !== undefined ? { host: fuzzed.host } : {}), headers: { 'content-type': 'application/json' }, body: '{}' }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('TimeoutError: no answer')), HANG_MS).unref()),
  ])
  const text = /chunked/i.test(raw.headers['transfer-encoding'] ?? '') ? dechunk(raw.body) : raw.body
  let body: unknown
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown)
  } catch {
    body = undefined
  }
  return { operation: fuzzed.operation, answer: { status: raw.status, raw: text, body } }
}

async function fuzzProvider(server: ChildServer, provider: ProviderId): Promise<Tally> {
  const client = wireClients[provider](server.url, remoteMock)
  const arbitrary = arbitraryFor(provider, client)
  const tally: Tally = { requests: 0, answered2xx: 0, answered4xx: 0, status5xx: 0, hangs: 0, undocumented: 0, crashes: 0, examples: [] }
  const note = (what: string, fuzzed: Fuzzed, detail: string): void => {
    if (tally.examples.length < 6) tally.examples.push(`${what} ${fuzzed.kind} ${fuzzed.via === 'client' ? fuzzed.request.operation : `${fuzzed.method} ${fuzzed.path} Host=${JSON.stringify(fuzzed.host)}`}: ${detail.slice(0, 240)}`)
  }
  let issued = 0
  let seed = 1 + PROVIDERS.indexOf(provider) * 7919
  const buffer: Fuzzed[] = []
  async function worker(): Promise<void> {
    while (issued < PER_PROVIDER && tally.crashes === 0) {
      issued++
      if (buffer.length === 0) buffer.push(...fc.sample(arbitrary, { numRuns: 200, seed: seed++ }))
      const fuzzed = buffer.pop()!
      try {
        const { operation, answer } = await send(server, client, fuzzed)
        if (answer.status >= 500) {
          tally.status5xx++
          note('5xx', fuzzed, `${answer.status} ${answer.raw}`)
        } else if (answer.status >= 400) tally.answered4xx++
        else tally.answered2xx++
        if (answer.status < 500 && client.documented(operation, answer) === undefined && !transportDocumented(fuzzed, answer)) {
          tally.undocumented++
          note('undocumented', fuzzed, `${answer.status} ${answer.raw}`)
        }
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
        const crash = server.exited()
        if (crash !== undefined) {
          tally.crashes++
          note('crash', fuzzed, crash)
        } else if (/timeout|abort/i.test(message)) {
          tally.hangs++
          note('hang', fuzzed, message)
        } else {
          // A connection the server closed without an answer counts as a hang: the caller got nothing.
          tally.hangs++
          note('no answer', fuzzed, message)
        }
      }
      tally.requests++
      if (tally.requests % Math.max(1, Math.floor(PER_PROVIDER / 10)) === 0) process.stderr.write(`  ${provider}: ${tally.requests}/${PER_PROVIDER}\n`)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()))
  return tally
}

async function main(): Promise<void> {
  const server = await startChildServer()
  console.log(`fuzz: ${PER_PROVIDER} hostile requests per provider, ${CONCURRENCY} in flight; server ${server.url} (pid ${server.pid})`)
  const results: Array<[ProviderId, Tally, number]> = []
  try {
    for (const provider of PROVIDERS) {
      const started = performance.now()
      results.push([provider, await fuzzProvider(server, provider), (performance.now() - started) / 1000])
      if (server.exited() !== undefined) break
    }
  } finally {
    await server.stop()
  }
  console.log('')
  console.log(`${pad('provider', 10)} ${pad('requests', 9)} ${pad('2xx', 7)} ${pad('4xx', 8)} ${pad('5xx', 5)} ${pad('hangs', 6)} ${pad('undocumented', 13)} ${pad('crashes', 8)} ${pad('seconds', 8)}`)
  for (const [provider, t, seconds] of results) {
    console.log(`${pad(provider, 10)} ${pad(t.requests, 9)} ${pad(t.answered2xx, 7)} ${pad(t.answered4xx, 8)} ${pad(t.status5xx, 5)} ${pad(t.hangs, 6)} ${pad(t.undocumented, 13)} ${pad(t.crashes, 8)} ${pad(seconds.toFixed(0), 8)}`)
  }
  for (const [provider, t] of results) for (const example of t.examples) console.log(`  ${provider}: ${example}`)
  const bad = results.reduce((n, [, t]) => n + t.status5xx + t.hangs + t.crashes, 0)
  const undocumented = results.reduce((n, [, t]) => n + t.undocumented, 0)
  console.log(bad === 0 ? `PASS: 0 crashes, 0 hangs, 0 5xx (${undocumented} undocumented answers)` : `FAIL: ${bad} crashes, hangs or 5xx`)
  process.exitCode = bad === 0 ? 0 : 1
}

await main()

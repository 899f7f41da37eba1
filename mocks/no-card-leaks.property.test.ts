import fc from 'fast-check'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { contractRegistry } from '../contracts/registry.ts'
import { startMockServer, type MockServer } from './server.ts'

/**
 * Whatever a caller sends, no full test card number leaves the mock through the control API (the
 * exchanges reports and pacts are built from, the state, the scenario rules, the notifications) or
 * its warnings. Bodies are generated JSON with a test card number put somewhere random: an object
 * key, a string (alone, in text, grouped with spaces or dashes), a JSON number, a header name or
 * value, the query string, a scenario rule.
 */

const PANS = [...new Set(Object.values(contractRegistry).flatMap((c) => c.testCards.map((card) => card.number)))].filter((n) => /^\d{13,19}$/.test(n))
const PATHS = ['/ams/api/v1/payments/pay', '/ams/api/v1/vaults/vaultPaymentMethod', '/v72/payments', '/v71/sessions', '/credit-card/token', '/credit-card/charge', '/v2/payments', '/v1/access-token', '/v72/nowhere']
const RUNS = Number(process.env.TOKENPROOF_PROPERTY_RUNS ?? 60)

type Place = 'key' | 'string' | 'text' | 'grouped' | 'number' | 'headerName' | 'headerValue' | 'query' | 'rule'
const PLACES: readonly Place[] = ['key', 'string', 'text', 'grouped', 'number', 'headerName', 'headerValue', 'query', 'rule']

const grouped = (pan: string, separator: string): string => pan.replace(/(\d{4})(?=\d)/g, `$1${separator}`)

/** Puts `inject` at a random place in a JSON tree (the path picked by `choice`). */
function plant(tree: unknown, inject: (holder: Record<string, unknown>) => void, choice: number): unknown {
  if (tree !== null && typeof tree === 'object' && !Array.isArray(tree)) {
    const entries = Object.values(tree as Record<string, unknown>).filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v))
    const next = entries[choice % (entries.length + 1)]
    if (next !== undefined) plant(next, inject, Math.floor(choice / 2))
    else inject(tree as Record<string, unknown>)
    return tree
  }
  const holder: Record<string, unknown> = { value: tree }
  inject(holder)
  return holder
}

let server: MockServer
const warnings: string[] = []
beforeAll(async () => {
  server = await startMockServer({ port: 0, clockOptions: { mode: 'manual' } })
  vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => void warnings.push(String(warning)))
})
afterAll(async () => {
  vi.restoreAllMocks()
  await server.close()
})

const leaked = (text: string, pan: string): boolean => text.includes(pan) || text.includes(grouped(pan, ' ')) || text.includes(grouped(pan, '-'))

test('no full test card number leaves through the control API or the logs, wherever a request puts it', async () => {
  expect(PANS.length).toBeGreaterThan(5)
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...PANS),
      fc.constantFrom(...PLACES),
      fc.constantFrom(...PATHS),
      fc.jsonValue({ maxDepth: 3 }),
      fc.nat(),
      fc.constantFrom('cvv', 'note', 'number', 'cardNo', 'encryptedCardNumber', 'data'),
      async (pan, place, path, tree, choice, key) => {
        await server.mock.reset()
        warnings.length = 0
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        let query = ''
        const body = plant(structuredClone(tree), (holder) => {
          if (place === 'key') holder[pan] = 1
          else if (place === 'string') holder[key] = pan
          else if (place === 'text') holder[key] = `paid with ${pan} cvv=123 thanks`
          else if (place === 'grouped') holder[key] = grouped(pan, choice % 2 === 0 ? ' ' : '-')
          else if (place === 'number' && Number.isSafeInteger(Number(pan))) holder[key] = Number(pan)
        }, choice)
        if (place === 'headerName') headers[`x-card-${pan}`] = '1'
        if (place === 'headerValue') headers['x-note'] = `card ${pan}`
        if (place === 'query') query = `?cardNo=${pan}&note=${encodeURIComponent(grouped(pan, ' '))}`
        if (place === 'rule') {
          const rule = await fetch(`${server.url}/__tokenproof/scenarios`, { method: 'POST', headers, body: JSON.stringify({ card: pan, effect: { type: 'httpStatus', status: 503 } }) })
          expect(leaked(await rule.text(), pan)).toBe(false)
        }
        await (await fetch(`${server.url}${path}${query}`, { method: 'POST', headers, body: JSON.stringify(body) })).text()
        await server.mock.engine.outbox.idle()
        const shown = await Promise.all(['/exchanges', '/state', '/scenarios', '/notifications'].map(async (p) => (await fetch(`${server.url}/__tokenproof${p}`)).text()))
        for (const text of [...shown, ...warnings]) expect(leaked(text, pan), `${place} at ${path}`).toBe(false)
      },
    ),
    { numRuns: RUNS },
  )
}, 120_000)

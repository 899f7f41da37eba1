/**
 * Sets a provider state up on the mock by replaying its setup script: reset, the merchant's earlier
 * requests (signed again, card data restored from the provider's test-card table), the control calls
 * in between, then the values of the ids the provider issued along the way.
 */
import type { ConformanceProfile } from '../../contracts/core/conformance.ts'
import type { ProviderContract } from '../../contracts/core/provider-contract.ts'
import { CVV_REMOVED } from '../../mocks/engine/masking.ts'
import type { MerchantAuth, MerchantAuthSession } from '../../mocks/engine/merchant-auth.ts'
import { SEALED_TEST_CARD, sealedContent } from '../../mocks/engine/sealed.ts'
import type { Exchange, MockControl } from '../mock-control.ts'
import { fill, placeholdersIn, type RefSource, type SetupScript, type SetupStep } from './setup-script.ts'

/** Where notifications go while a state is replayed: nobody listens (the port is reserved, closed). */
export const NOWHERE = 'http://127.0.0.1:9/notifications'
/** How long a replayed request whose answer the merchant never got is waited for. */
const ABANDON_AFTER_MS = 300

export interface ReplayTarget {
  readonly mock: MockControl
  readonly contract: ProviderContract
  readonly profile: ConformanceProfile
  readonly auth: MerchantAuth
}

export interface ReplayResult {
  /** Every placeholder of the script, resolved. */
  readonly values: Record<string, string>
  /** The exchanges the replay caused, oldest first. */
  exchanges(): Promise<Exchange[]>
}

export async function replay(script: SetupScript, target: ReplayTarget): Promise<ReplayResult> {
  const { mock, contract, profile } = target
  const provider = contract.id
  await mock.reset()
  const settings = await mock.providerSettings(provider)
  const merchant = profile.notificationSetup?.(settings, NOWHERE)
  if (merchant) await mock.registerMerchant(provider, merchant)
  const session = merchantSession(mock, profile, settings)
  const restore = cardRestorer(contract, profile, settings)

  const answers: unknown[] = []
  const values: Record<string, string> = {}
  const resolve = async (names: Iterable<string>): Promise<void> => {
    for (const name of names) {
      if (values[name] !== undefined) continue
      const source = script.refs[name]
      if (!source) throw new Error(`the setup script uses \${${name}} but does not say where it comes from`)
      values[name] = await valueOf(source, answers, mock, provider)
    }
  }

  for (const [index, step] of script.steps.entries()) {
    await resolve(placeholdersIn(step))
    const filled = fill(step, values) as SetupStep
    if ('request' in filled) answers[index] = await sendAsMerchant(filled, mock.url, target.auth, session, restore)
    else await control(filled.control, mock, provider, restore)
  }
  await resolve(Object.keys(script.refs))
  return { values, exchanges: async () => (await mock.idle(), await mock.exchanges(provider)) }
}

/** How a merchant holding the profile's credentials for these settings talks to the mock. */
export function merchantSession(mock: MockControl, profile: ConformanceProfile, settings: Readonly<Record<string, unknown>>): MerchantAuthSession {
  return { mockUrl: mock.url, credentials: profile.credentials(settings), now: () => mock.now() }
}

async function valueOf(source: RefSource, answers: readonly unknown[], mock: MockControl, provider: string): Promise<string> {
  if ('step' in source) {
    const value = at(answers[source.step], source.path)
    if (typeof value !== 'string') throw new Error(`step ${source.step + 1}'s answer has no ${source.path.join('.')} any more`)
    return value
  }
  await mock.idle()
  const sent = notificationsInOrder(await mock.exchanges(provider), source.notification)
  const value = at(sent[source.occurrence]?.request.body, source.path)
  if (typeof value !== 'string') throw new Error(`notification ${source.notification} #${source.occurrence + 1} was not sent, or has no ${source.path.join('.')}`)
  return value
}

/** The first delivery of each notification of a kind, in the order they were first sent. */
export function notificationsInOrder(exchanges: readonly Exchange[], kind: string): Exchange[] {
  const first = new Map<string, Exchange>()
  for (const e of [...exchanges].sort((a, b) => a.startedSeq - b.startedSeq)) {
    if (e.direction !== 'outbound' || e.operation !== kind) continue
    const id = String(e.tags.notification ?? e.id)
    if (!first.has(id)) first.set(id, e)
  }
  return [...first.values()]
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value
  for (const segment of path) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined
  return current
}

export type CardRestorer = (value: unknown) => unknown

/**
 * A masked card number becomes the published test card it masks, a removed CVV the test CVV: a
 * file holds neither, the request the mock receives needs both. What the merchant sealed (a recorded
 * `{ $sealed: … }`, mocks/engine/sealed.ts) is restored the same way, then sealed again with the key
 * in `settings`: the recorded ciphertext was made for a key that only the recording process held.
 */
export function cardRestorer(contract: ProviderContract, profile: ConformanceProfile, settings: Readonly<Record<string, unknown>>): CardRestorer {
  const cards = [...contract.testCards, ...Object.values(profile.cards ?? {})]
  const numbers = cards.map((c) => c.number)
  const unmask = (masked: string, named?: string): string => {
    const fits = (n: string): boolean => n.length === masked.length && n.startsWith(masked.slice(0, 6)) && n.endsWith(masked.slice(-4))
    // A masked number may fit several test cards: the one a seal names wins.
    const byLabel = named === undefined ? undefined : contract.testCards.find((c) => c.label === named && fits(c.number))
    return byLabel?.number ?? numbers.find(fits) ?? masked
  }
  const restore = (value: unknown, key: string, named?: string): unknown => {
    if (typeof value === 'string') {
      if (value === CVV_REMOVED) return profile.cvvAsSent?.(key, profile.testCard.cvv) ?? profile.testCard.cvv
      // Anywhere in the text: some card fields carry a prefix (unencrypted test values such as `test_…`).
      return value.replace(/\d{6}\*+\d{4}/g, (masked) => unmask(masked, named))
    }
    if (Array.isArray(value)) return value.map((v) => restore(v, key, named))
    if (value === null || typeof value !== 'object') return value
    const content = sealedContent(value)
    if (content !== undefined) {
      if (!profile.seal) throw new Error(`the request holds a sealed value, but ${contract.id} has no way to seal one (ConformanceProfile.seal)`)
      const { [SEALED_TEST_CARD]: testCard, ...card } = content
      return profile.seal(restore(card, key, typeof testCard === 'string' ? testCard : undefined) as Record<string, unknown>, settings)
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v, k, named)]))
  }
  return (value) => restore(value, '')
}

async function sendAsMerchant(step: Extract<SetupStep, { request: unknown }>, mockUrl: string, auth: MerchantAuth, session: MerchantAuthSession, restore: CardRestorer): Promise<unknown> {
  const { method, path, headers, body } = step.request
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(restore(body))
  const signed = { ...headers, ...(await auth.headers({ method, path, body: text }, session)) }
  try {
    const response = await fetch(`${mockUrl}${path}`, {
      method,
      headers: signed,
      ...(text === '' ? {} : { body: text }),
      ...(step.abandoned ? { signal: AbortSignal.timeout(ABANDON_AFTER_MS) } : {}),
    })
    const answer = await response.text()
    try {
      return JSON.parse(answer) as unknown
    } catch {
      return answer
    }
  } catch (error) {
    if (step.abandoned) return undefined
    throw error
  }
}

async function control(call: Extract<SetupStep, { control: unknown }>['control'], mock: MockControl, provider: string, restore: CardRestorer): Promise<void> {
  switch (call.op) {
    case 'inject':
      return mock.inject(call.rule as Parameters<MockControl['inject']>[0])
    case 'chaos':
      return mock.chaos(call.rule as Parameters<MockControl['chaos']>[0])
    case 'buyerAction':
      // Its answer is not checked: the step is replayed as it happened, refusals included.
      return void (await mock.buyerAction(provider, call.action, restore(call.body) as Record<string, unknown>))
    case 'advance':
      return mock.advance(call.ms)
    case 'deleteToken':
      return mock.deleteToken(call.id)
  }
}

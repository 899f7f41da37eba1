/**
 * Verifies Pact files against the mock with the official Pact verifier (@pact-foundation/pact, the
 * Rust core underneath): each provider state is set up by replaying its script through the mock,
 * every request is signed again as the provider requires and gets its test card back, and each
 * message interaction is answered with the notification the mock itself built for that state.
 */
import { readFile } from 'node:fs/promises'
import { Verifier } from '@pact-foundation/pact'
import type { RequestHandler } from 'express'
import type { ConformanceProfile } from '../../contracts/core/conformance.ts'
import type { ProviderContract } from '../../contracts/core/provider-contract.ts'
import { contractRegistry } from '../../contracts/registry.ts'
import type { MerchantAuth } from '../../mocks/engine/merchant-auth.ts'
import { merchantAuthRegistry } from '../../mocks/merchant-auth.ts'
import { mockControl, type MockControl } from '../mock-control.ts'
import { cardRestorer, merchantSession, notificationsInOrder, replay } from './replay.ts'
import { StateParams } from './setup-script.ts'
import { PactFile } from './v4.ts'
import { z } from 'zod'

export interface VerifyOptions {
  /** The mock's origin, e.g. http://127.0.0.1:4010 (the standalone server, any transport). */
  readonly mockUrl: string
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'trace'
}

export interface InteractionFailure {
  readonly interaction: string
  readonly mismatches: readonly string[]
}

export interface VerifyOutcome {
  readonly file: string
  readonly consumer: string
  readonly provider: string
  readonly interactions: number
  readonly ok: boolean
  readonly failures: readonly InteractionFailure[]
}

interface Subject {
  readonly contract: ProviderContract
  readonly profile: ConformanceProfile
  readonly auth: MerchantAuth
}

function subjectOf(provider: string): Subject {
  const contract = (contractRegistry as Readonly<Record<string, ProviderContract>>)[provider]
  const auth = (merchantAuthRegistry as Readonly<Record<string, MerchantAuth>>)[provider]
  if (!contract?.conformance || !auth) throw new Error(`no provider "${provider}" to verify against; known: ${Object.keys(merchantAuthRegistry).join(', ')}`)
  return { contract, profile: contract.conformance, auth }
}

export async function verifyPactFile(file: string, options: VerifyOptions): Promise<VerifyOutcome> {
  const text = await readFile(file, 'utf8')
  let json: unknown
  try {
    json = JSON.parse(text) as unknown
  } catch {
    throw new Error(`${file} is not JSON`)
  }
  const parsed = PactFile.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`${file} is not a Pact V4 file Tokenproof can verify (write one with tokenproof pact write): ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`)
  }
  const pact = parsed.data
  const subject = subjectOf(pact.provider.name)
  const mock = mockControl(options.mockUrl)
  const base = { file, consumer: pact.consumer.name, provider: pact.provider.name, interactions: pact.interactions.length }
  // A mock that does not answer (or does not serve this provider) is a setup error, not a contract's mismatches.
  try {
    await mock.providerSettings(subject.contract.id)
  } catch (error) {
    throw new Error(`the mock at ${options.mockUrl} does not answer for ${subject.contract.id} (${error instanceof Error ? error.message : String(error)}); start one with tokenproof serve, or leave --mock out to use a fresh one`)
  }

  const stateNames = new Set(pact.interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name)))
  const setUp = async (params: unknown): Promise<Record<string, string>> => {
    const state = StateParams.parse(params)
    return (await replay(state.tokenproof, { mock, ...subject })).values
  }
  // A plain function is the setup; what it returns fills the interaction's `${refN}` placeholders.
  const stateHandlers = Object.fromEntries([...stateNames].map((name) => [name, (params?: unknown) => setUp(params)]))

  const messageProviders = Object.fromEntries(
    pact.interactions
      .filter((i) => i.type === 'Asynchronous/Messages')
      .map((i) => {
        const wanted = MessageTarget.parse(i.providerStates?.[0]?.params?.message)
        return [i.description, () => builtNotification(mock, subject.contract.id, wanted)]
      }),
  )

  try {
    await new Verifier({
      provider: pact.provider.name,
      providerBaseUrl: options.mockUrl,
      pactUrls: [file],
      stateHandlers,
      messageProviders,
      requestFilter: signAsMerchant(mock, subject),
      logLevel: options.logLevel ?? 'error',
    }).verifyProvider()
    return { ...base, ok: true, failures: [] }
  } catch (error) {
    return { ...base, ok: false, failures: failuresOf(error) }
  }
}

const MessageTarget = z.object({ notification: z.string(), occurrence: z.number().int().nonnegative() })

async function builtNotification(mock: MockControl, provider: string, wanted: z.infer<typeof MessageTarget>): Promise<unknown> {
  await mock.idle()
  const sent = notificationsInOrder(await mock.exchanges(provider), wanted.notification)[wanted.occurrence]
  if (!sent) throw new Error(`the mock sent no notification ${wanted.notification} #${wanted.occurrence + 1} in this state`)
  return sent.request.body
}

/** The verifier's requests, as the merchant would send them: card data restored, then signed. */
function signAsMerchant(mock: MockControl, subject: Subject): RequestHandler {
  // The merchant's credentials and the provider's keys do not change while a file is verified: read once, not per request.
  let settings: Promise<Record<string, unknown>> | undefined
  return (req, _res, next) => {
    // The verifier's own endpoints (state setup, messages) are not provider calls.
    if (req.path.startsWith('/_pact')) return next()
    void (async () => {
      settings ??= mock.providerSettings(subject.contract.id)
      const known = await settings
      let text = ''
      const parsed: unknown = Buffer.isBuffer(req.body) ? parseJson(req.body.toString('utf8')) : req.body
      if (parsed !== undefined && !(typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length === 0)) {
        const restored = cardRestorer(subject.contract, subject.profile, known)(parsed)
        text = JSON.stringify(restored)
        req.body = restored
        req.headers['content-length'] = String(Buffer.byteLength(text))
      }
      const headers = await subject.auth.headers({ method: req.method, path: req.originalUrl, body: text }, merchantSession(mock, subject.profile, known))
      for (const [name, value] of Object.entries(headers)) req.headers[name.toLowerCase()] = value
    })().then(() => next(), next)
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown)
  } catch {
    return undefined
  }
}

const VerifierJson = z.object({
  errors: z.array(z.object({ interaction: z.string(), mismatch: z.unknown() })).default([]),
})

/** The verifier's JSON report, read into interaction + mismatch lines. */
export function failuresOf(error: unknown): InteractionFailure[] {
  const message = error instanceof Error ? error.message : String(error)
  let parsed: z.infer<typeof VerifierJson> | undefined
  try {
    parsed = VerifierJson.parse(JSON.parse(message))
  } catch {
    parsed = undefined
  }
  if (!parsed || parsed.errors.length === 0) return [{ interaction: '(the verification did not run)', mismatches: [message] }]
  return parsed.errors.map((e) => ({ interaction: e.interaction, mismatches: describeMismatch(e.mismatch) }))
}

function describeMismatch(mismatch: unknown): string[] {
  const m = mismatch as { type?: string; message?: string; mismatches?: unknown[] } | undefined
  if (m && Array.isArray(m.mismatches)) {
    return m.mismatches.map((inner) => {
      const i = inner as { type?: string; path?: string; mismatch?: string; expected?: unknown; actual?: unknown }
      return [i.type, i.path, i.mismatch].filter((p) => p !== undefined && p !== '').join(' ') || JSON.stringify(inner)
    })
  }
  return [m?.message ?? JSON.stringify(mismatch)]
}

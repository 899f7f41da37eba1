import type { z } from 'zod'
import type { ProviderContract } from '../../contracts/core/provider-contract.ts'
import type { Engine } from './engine.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One call as a provider route sees it, after the engine has read the body and applied scenario rules. */
export interface RouteCall {
  readonly request: Request
  readonly url: URL
  /** The raw body exactly as received (signatures cover these bytes). */
  readonly rawBody: string
  readonly params: Readonly<Record<string, string>>
  /** A result code forced by a scenario rule, to answer instead of the normal outcome. */
  readonly forcedCode: string | undefined
}

export interface RouteSpec {
  readonly method: HttpMethod
  /** Path patterns (msw syntax, no origin), e.g. `/ams/api/v1/payments/pay`. */
  readonly paths: readonly string[]
  /** The contract's operation name. */
  readonly operation: string
  /** The card a call is about, so scenario rules can match on it. */
  readonly cardOf?: (body: unknown) => string | undefined
  handle(call: RouteCall): Promise<Response>
}

/** A step the real provider would let the buyer take on its page (enter a card, tick "save", pass 3DS). */
export interface BuyerAction<Input = unknown> {
  readonly description: string
  readonly input: z.ZodType<Input>
  run(input: Input): Promise<unknown>
}

/**
 * A page the real provider shows the buyer (card entry, 3DS), served by the mock as a plain form
 * that takes the matching buyer action: links in the provider's answers open something useful.
 */
export interface BuyerPage {
  readonly title: string
  /** The buyer action the form submits. */
  readonly action: string
  /** The action's input field that receives the id from the page URL. */
  readonly idField: string
  /** What the form asks for: a card, the "save" checkbox, a pass/fail choice (3DS). */
  readonly asks: readonly ('card' | 'saveCard' | 'passed')[]
}

/** The provider's own answers to problems found before a route runs. */
export interface WireErrors {
  /** A body over the engine's size limit. */
  bodyTooLarge(request: Request): Response | Promise<Response>
  /** A path under the provider's prefixes that no route serves, or a method a route does not take. */
  noRoute(request: Request, reason: 'unknown_path' | 'method_not_allowed'): Response | Promise<Response>
  /** An injected result code for an operation that has no answer of its own for it. */
  resultCode(request: Request, code: string): Response | Promise<Response>
}

/** The wire behaviour of one provider, built over the shared engine. */
export interface ProviderMock {
  readonly id: string
  readonly contract: ProviderContract
  /** Path prefixes the provider owns (for the catch-all that answers unknown paths). */
  readonly prefixes: readonly string[]
  readonly routes: readonly RouteSpec[]
  readonly wireErrors: WireErrors
  readonly buyerActions: Readonly<Record<string, BuyerAction>>
  /**
   * For a provider that signs its answers: the same answer made to claim success, its signature
   * kept as it was (`tampered`, so it no longer verifies) or taken out (`unsigned`). The
   * `tamperedAnswer` scenario effect uses it; without it the answer goes out unchanged.
   */
  alterAnswer?(response: Response, how: 'tampered' | 'unsigned'): Promise<Response>
  /** Buyer pages by kind, served at `/__tokenproof/pages/<provider>/<kind>/<id>`. */
  readonly pages?: Readonly<Record<string, BuyerPage>>
  /** Merchant-facing settings: base URLs, credentials and keys (test keys only), notification URL. */
  describe(baseUrl: string): Record<string, unknown>
  /** Registers or updates a merchant (its key, its notification URL). */
  readonly merchantInput: z.ZodType
  registerMerchant(input: unknown): Record<string, unknown>
}

export interface ProviderMockContext {
  readonly engine: Engine
  /** The mock's public base URL (for links to hosted pages), known once the server listens. */
  baseUrl(): string
}

export type ProviderMockFactory = (context: ProviderMockContext) => ProviderMock

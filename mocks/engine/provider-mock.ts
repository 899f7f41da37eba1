import type { z } from 'zod'
import type { ProviderContract } from '../../contracts/core/provider-contract.ts'
import type { Engine } from './engine.ts'
import type { JsonParse } from './json-limits.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * A request as provider routes see it: the part of a Fetch `Request` both transports can give. msw
 * hands routes its `Request`; the node:http adapter a light object over the IncomingMessage, so a
 * call builds no Fetch objects it does not need (mocks/node-adapter.ts).
 */
export interface MockRequest {
  readonly method: string
  /** The absolute URL, as `Request.url` has it. */
  readonly url: string
  readonly headers: { get(name: string): string | null }
  /** Aborted when the client goes away (held and delayed calls listen to it). */
  readonly signal: AbortSignal
}

/** One call as a provider route sees it, after the engine has read the body and applied scenario rules. */
export interface RouteCall {
  readonly request: MockRequest
  readonly url: URL
  /** The raw body exactly as received (signatures cover these bytes). */
  readonly rawBody: string
  /** The raw body parsed as JSON within the engine's bounds, once per call whoever reads it. */
  readonly json: () => JsonParse
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
  /** A filled-in input with a test card, offered as a starting point (the dashboard's buyer form). */
  readonly example?: Input
  run(input: Input): Promise<unknown>
}

/** What a hosted page shows for one subject (a session, payment or vaulting). */
export interface PageView {
  /** The id the buyer action takes, when the page URL names the subject otherwise (a page token). */
  readonly subject?: string
  readonly amount?: { readonly currency: string; readonly value: string }
  /** Digits after the decimal point in `amount.value` (2 unless the currency has none). */
  readonly minorDigits?: number
  readonly merchant?: string
  /** Whether the "save" box is on the page (the merchant asked for the buyer's consent). */
  readonly showSave?: boolean
  /** Where the page's "cancel" link sends the buyer, for a provider whose page has one. */
  readonly cancelUrl?: string
}

/**
 * A page the real provider shows the buyer (card entry, 3DS), served by the mock as a small page
 * that takes the matching buyer action and then sends the browser where the provider would.
 */
export interface BuyerPage {
  readonly title: string
  /** The buyer action the form submits. */
  readonly action: string
  /** The action's input field that receives the id from the page URL. */
  readonly idField: string
  /** What the form asks for: a card, the "save" checkbox, a pass/fail choice (3DS). */
  readonly asks: readonly ('card' | 'saveCard' | 'passed')[]
  /** How the card goes into the action's input: the CVV's field name and the year's digits (default `cvv`, 2). */
  readonly card?: { readonly cvvField: string; readonly yearDigits: 2 | 4 }
  /** The action's input name for the "save" box (default `saveCard`) and its label on the page. */
  readonly saveField?: string
  readonly saveLabel?: string
  /** The action's input name for the 3DS outcome (default `passed`). */
  readonly passedField?: string
  /** A page that runs 3DS itself: the action's input for the outcome, asked when the card is a challenge test card. */
  readonly inlineChallenge?: string
  /** The field of the action's answer that holds the URL the browser goes to next (default `redirectUrl`). */
  readonly redirectField?: string
  /** The provider's message for a card that is not one of its test cards (what its sandbox answers). */
  readonly nonTestCardMessage?: string
  /** The message for a subject the provider does not know (expired, completed, never made). */
  readonly unknownMessage?: string
  /** What the page shows for this subject; undefined when the provider does not know it. */
  view?(subject: string, url: URL): PageView | undefined
}

/**
 * A provider's own URL for a hosted page (such as `/<prefix>/pay/detail?token=…`): the mock answers it with a
 * redirect to the page it serves under the control API.
 */
export interface PageLink {
  readonly path: string
  /** The page kind and subject the link opens, or undefined when the link is not valid. */
  page(url: URL): Promise<{ kind: string; subject: string } | undefined> | { kind: string; subject: string } | undefined
}

/** The provider's own answers to problems found before a route runs. */
export interface WireErrors {
  /** A body over the engine's size limit. */
  bodyTooLarge(request: MockRequest): Response | Promise<Response>
  /** A path under the provider's prefixes that no route serves, or a method a route does not take. */
  noRoute(request: MockRequest, reason: 'unknown_path' | 'method_not_allowed'): Response | Promise<Response>
  /**
   * A request the transport could not read (a path that is not percent-decodable, a malformed Host):
   * the provider's own parameter error, HTTP 400. `request` carries the bound address as its origin.
   */
  malformed(request: MockRequest, reason: string): Response | Promise<Response>
  /** An injected result code for an operation that has no answer of its own for it. */
  resultCode(request: MockRequest, code: string): Response | Promise<Response>
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
  /**
   * For a provider the merchant seals data for (a card encrypted with the provider's key): the
   * parsed request body with each sealed value replaced by `sealed(what it holds)` (mocks/engine/
   * sealed.ts), or undefined when nothing in it is sealed. The recorder keeps that form, redacted,
   * as `request.sealed`, so a replay (the Pact verifier) can seal it again with its own key.
   */
  unseal?(body: unknown): unknown
  /**
   * Per operation, the documented request fields (top-level body fields or query parameters) the
   * mock accepts but does not act on: an exchange that sends one is tagged `ignoredFields`.
   */
  readonly ignoredFields?: Readonly<Record<string, readonly string[]>>
  /** Buyer pages by kind, served at `/__tokenproof/pages/<provider>/<kind>/<id>`. */
  readonly pages?: Readonly<Record<string, BuyerPage>>
  /** The provider's own URLs of hosted pages, answered with a redirect to the page (see PageLink). */
  readonly pageLinks?: readonly PageLink[]
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

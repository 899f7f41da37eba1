/**
 * How a merchant authenticates a request to a provider, as that provider documents it. The mock
 * verifies; this side signs, for tools that replay recorded merchant traffic against the mock (the
 * Pact verifier), whose recordings keep no signature, key or token.
 */

/** A merchant's request as it will be sent: the body is the exact text that goes on the wire. */
export interface MerchantRequest {
  readonly method: string
  /** Path and query, as sent. */
  readonly path: string
  readonly body: string
}

export interface MerchantAuthSession {
  /** The mock's origin, for providers whose credentials are exchanged for a token first. */
  readonly mockUrl: string
  /** The credentials the provider's conformance profile hands a merchant (`credentials(settings)`). */
  readonly credentials: Readonly<Record<string, string>>
  /** The mock's clock in ms (signatures and tokens carry times the mock checks against it). */
  now(): Promise<number>
}

export interface MerchantAuth {
  /** The headers that authenticate `request`, replacing any of the same name. */
  headers(request: MerchantRequest, session: MerchantAuthSession): Promise<Record<string, string>>
}

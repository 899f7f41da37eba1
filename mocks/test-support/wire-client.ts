/**
 * A merchant's wire client for one provider, behind one provider-neutral shape, so the property
 * tests (generators/) send requests, sign them and read the provider's documented codes without
 * naming a provider. Each provider implements it in `mocks/<id>/test-support/wire-client.ts`.
 */
import type { TokenproofMock } from '../create-mock.ts'

export interface WireRequest {
  readonly operation: string
  /** Sent as JSON unless `raw` is given. */
  readonly body: unknown
  /** Bytes to send instead of `JSON.stringify(body)` (and to sign, where the provider signs). */
  readonly raw?: string
  /** Overrides `application/json`. */
  readonly contentType?: string
  /** Authenticate as documented (default), with a forged credential or signature, or not at all. */
  readonly auth?: 'valid' | 'bad' | 'missing'
  /** Sent in the provider's idempotency header, where it has one. */
  readonly idempotencyKey?: string
  readonly signal?: AbortSignal
}

export interface WireAnswer {
  readonly status: number
  readonly raw: string
  /** The parsed JSON body, or `undefined` when the body is empty or not JSON. */
  readonly body: unknown
}

/** The provider's code for an answer and the HTTP status its table gives that code. */
export interface DocumentedAnswer {
  readonly code: string
  readonly httpStatus: number
}

export interface WireClient {
  /** Operations this client sends: those whose request schema is a JSON body on a fixed path. */
  readonly operations: readonly string[]
  /**
   * Binds a generated request to the client's own account (a merchant account named in the body);
   * a generated stranger's account would only ever test the "not your account" answer.
   */
  bind(operation: string, body: unknown): unknown
  /**
   * Operations where the same request with the same idempotency key must get the identical answer
   * (the key in the provider's header, or the request id in the body for providers keyed on it).
   */
  readonly idempotentOperations: readonly string[]
  send(request: WireRequest): Promise<WireAnswer>
  /**
   * The answer's code, when the provider's tables document it (with the table's HTTP status);
   * `undefined` for an answer no table knows, which the properties count as a failure.
   */
  documented(operation: string, answer: WireAnswer): DocumentedAnswer | undefined
}

/** Builds a client against a mock reachable at `baseUrl` (in-process through msw, or a real server). */
export type WireClientFactory = (baseUrl: string, mock: TokenproofMock) => WireClient

/** Reads an answer; a non-JSON body is kept raw so a property can report it. */
export async function readAnswer(response: Response): Promise<WireAnswer> {
  const raw = await response.text()
  let body: unknown
  try {
    body = raw === '' ? undefined : (JSON.parse(raw) as unknown)
  } catch {
    body = undefined
  }
  return { status: response.status, raw, body }
}

/** `application/json` unless the request asks otherwise; the body's bytes as sent. */
export const bytesOf = (request: WireRequest): string => request.raw ?? JSON.stringify(request.body)
export const contentTypeOf = (request: WireRequest): string => request.contentType ?? 'application/json'

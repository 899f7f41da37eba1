/**
 * A merchant's wire client for one provider, behind one provider-neutral shape, so the property
 * tests (generators/) send requests, sign them and read the provider's documented codes without
 * naming a provider. Each provider implements it in `mocks/<id>/test-support/wire-client.ts`.
 */
import type { MockCore } from '../core.ts'

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
  /** Values of the path's `:params` the body does not carry (an id in the path only). */
  readonly pathParams?: Readonly<Record<string, string>>
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
  /** Operations whose request schema is a JSON body on a fixed path: valid, invalid and replayed requests. */
  readonly operations: readonly string[]
  /**
   * Operations with an id in the path or a query string instead of a body (GET, DELETE, POST on a
   * resource): valid requests only, their path ids generated (mostly unknown to the mock).
   */
  readonly resourceOperations?: readonly string[]
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
export type WireClientFactory = (baseUrl: string, mock: MockCore) => WireClient

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

/**
 * Where a request goes and what it carries: the operation's path with its `:params` filled (from
 * `pathParams`, else from the body's members of that name, which then leave the body), and for GET
 * and DELETE the rest of the body as the query string instead of a body.
 */
export function targetOf(operation: { readonly path: string; readonly method: string }, request: WireRequest): { readonly path: string; readonly body: string | undefined } {
  const members = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? { ...(request.body as Record<string, unknown>) } : undefined
  const path = operation.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const fromBody = members?.[name]
    if (members && typeof fromBody === 'string' && request.pathParams?.[name] === undefined) delete members[name]
    return encodeURIComponent(request.pathParams?.[name] ?? (typeof fromBody === 'string' ? fromBody : ''))
  })
  if (operation.method !== 'GET' && operation.method !== 'DELETE') return { path, body: request.raw ?? JSON.stringify(members ?? request.body) }
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(members ?? {})) if (value !== undefined) query.set(key, typeof value === 'string' ? value : JSON.stringify(value))
  const search = query.toString()
  return { path: search === '' ? path : `${path}?${search}`, body: undefined }
}

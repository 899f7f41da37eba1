/**
 * Route answers built here carry their body as text beside a body-less `Response` (status and
 * headers only). Building a Fetch `Response` with a body makes a web stream, and on Node 20 that
 * costs more than most routes (about 16 µs each); the node:http adapter writes the text itself, the
 * recorder reads it without cloning, and only a Fetch consumer (msw) gets a real body, built once.
 */

/**
 * A subclass rather than a WeakMap from response to text: on Node 20 the young keys of a WeakMap,
 * and what their entries hold, outlive young-generation collections until a full one, so every
 * answer and its headers were copied at least once more (docs/performance.md, "Later on 7 December").
 */
class TextResponse extends Response {
  constructor(
    readonly bodyText: string,
    init: ResponseInit,
  ) {
    super(null, init)
  }
}

/** Statuses a Fetch `Response` must not carry a body with. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/** A route's answer: its status and headers as a `Response`, its body text kept beside it. */
export function textResponse(text: string, init: ResponseInit): Response {
  return new TextResponse(text, init)
}

/** The body text of a `textResponse`, or undefined for any other response. */
export function knownText(response: Response): string | undefined {
  return response instanceof TextResponse ? response.bodyText : undefined
}

/** The body text of a response: kept beside it when built with `textResponse`, else read from a clone. */
export function responseText(response: Response): Promise<string> {
  const known = knownText(response)
  return known !== undefined ? Promise.resolve(known) : response.clone().text()
}

/** The response with its body in it, for a consumer that reads Fetch bodies (msw, a caller's `fetch`). */
export function withBody(response: Response): Response {
  const known = knownText(response)
  if (known === undefined) return response
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : known, { status: response.status, statusText: response.statusText, headers: response.headers })
}

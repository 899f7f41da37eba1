// The text of responses built here, so the recorder reads it without cloning and re-reading the
// stream: on the hot path that copy costs as much as the route itself.
const texts = new WeakMap<Response, string>()

/** A Response whose body text the engine can read back for free. */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init)
  texts.set(response, text)
  return response
}

/** The body text of a response: remembered when built with `textResponse`, else read from a clone. */
export function responseText(response: Response): Promise<string> {
  const known = texts.get(response)
  return known !== undefined ? Promise.resolve(known) : response.clone().text()
}

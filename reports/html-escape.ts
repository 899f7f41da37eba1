/**
 * Escaping for the HTML report: every string taken from a report goes through `escapeHtml` (text and
 * double-quoted attribute values alike); the only links are http(s) URLs, escaped the same way.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)
}

/** An http(s) URL in running text; trailing punctuation belongs to the sentence, not the URL. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"'()]+[^\s<>"'().,;:!?]/g

/** Whether a string is an absolute http(s) URL that a link may point at. */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/** A link to a document, opened as a plain navigation: the page never loads anything itself. */
export function docLink(url: string, label: string): string {
  return isWebUrl(url) ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label)
}

/** The http(s) URLs a text names, as `linkify` links them. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)].map((m) => m[0]).filter(isWebUrl)
}

/** Escapes a text and turns the http(s) URLs in it (a citation's documents) into links. */
export function linkify(text: string): string {
  let html = ''
  let last = 0
  for (const match of text.matchAll(URL_IN_TEXT)) {
    html += escapeHtml(text.slice(last, match.index)) + docLink(match[0], match[0])
    last = match.index + match[0].length
  }
  return html + escapeHtml(text.slice(last))
}

/** A recorded body for a `<pre>`: JSON pretty-printed, a body that was not JSON as its text. */
export function prettyBody(body: unknown): string {
  return escapeHtml(typeof body === 'string' ? body : (JSON.stringify(body, null, 2) ?? String(body)))
}

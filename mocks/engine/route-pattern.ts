/**
 * An msw path under any origin, as a RegExp compiled once. msw compiles a string path with
 * path-to-regexp on every request it offers to the handler, which cost the in-process mock more than
 * most routes do; a RegExp is only executed. Same meaning as msw's string `*<pattern>`: `:name` is
 * one segment (a named param), `*` anything, letters in any case, an optional trailing slash.
 */
export function anyOrigin(pattern: string): RegExp {
  return new RegExp(`^.*?${patternSource(pattern)}\\/?$`, 'i')
}

/** A pattern with no `:name` parameter and no `*`: it names one path. */
export const isLiteralPath = (path: string): boolean => !/[:*]/.test(path)

/**
 * The route patterns declared so far, asked whether any of them matches a URL (msw takes the first
 * match). A pattern without parameters or `*` matches exactly the URLs that end in its text, in any
 * case, with an optional trailing slash (`anyOrigin`), so those are a set looked up once per suffix
 * of the URL; only the others run their regular expression. Compiling a provider with many API
 * versions (174 paths in one of them) tested every earlier pattern against every path: most of its start.
 */
export class DeclaredPatterns {
  readonly #literal = new Set<string>()
  readonly #patterned: { readonly method: string; readonly pattern: RegExp }[] = []

  add(method: string, path: string, pattern: RegExp): void {
    if (isLiteralPath(path)) this.#literal.add(`${method} ${path.toLowerCase()}`)
    else this.#patterned.push({ method, pattern })
  }

  matches(method: string, url: string): boolean {
    if (this.#patterned.some((p) => p.method === method && p.pattern.test(url))) return true
    const lower = url.toLowerCase()
    for (let i = 0; i < lower.length; i++) {
      const tail = lower.slice(i)
      if (this.#literal.has(`${method} ${tail}`)) return true
      if (tail.endsWith('/') && this.#literal.has(`${method} ${tail.slice(0, -1)}`)) return true
    }
    return false
  }
}

/** Whether a pathname is exactly one a pattern describes (case and trailing slash as written). */
export function pathMatches(pattern: string, path: string): boolean {
  return new RegExp(`^${patternSource(pattern)}$`).test(path)
}

/** The regular expression source of a pattern: `:name` a named segment, `*` anything, the rest literal. */
function patternSource(pattern: string): string {
  return pattern
    .split('*')
    .map((part) =>
      part
        .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
        .map((piece) => (piece.startsWith(':') ? `(?<${piece.slice(1)}>[^/]+?)` : piece.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')))
        .join(''),
    )
    .join('.*')
}

/** msw's clean URL, what patterns are tested on: origin and path, without query or fragment. */
export const cleanUrlOf = (url: URL): string => `${url.origin}${url.pathname}`

/** Named groups of a pattern's match, decoded as msw decodes path parameters (a bad escape stays as sent). */
export function decodedGroups(found: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = {}
  if (found.groups) for (const [key, value] of Object.entries(found.groups)) if (value !== undefined) out[key] = decodeOr(value)
  return out
}

function decodeOr(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

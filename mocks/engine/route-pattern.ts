/**
 * An msw path under any origin, as a RegExp compiled once. msw compiles a string path with
 * path-to-regexp on every request it offers to the handler, which cost the in-process mock more than
 * most routes do; a RegExp is only executed. Same meaning as msw's string `*<pattern>`: `:name` is
 * one segment (a named param), `*` anything, letters in any case, an optional trailing slash.
 */
export function anyOrigin(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) =>
      part
        .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
        .map((piece) => (piece.startsWith(':') ? `(?<${piece.slice(1)}>[^/]+?)` : piece.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')))
        .join(''),
    )
    .join('.*')
  return new RegExp(`^.*?${source}\\/?$`, 'i')
}

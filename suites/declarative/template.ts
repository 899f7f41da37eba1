/**
 * The declarative driver's templates: `{{name}}` placeholders in paths, bodies, headers and
 * environment values, and JSON Pointers (RFC 6901) into the app's answers.
 */

/** The placeholders a template may use, by where it is used. */
export const PLACEHOLDERS = {
  /** Known when the app is started (its environment) and in every request. */
  app: ['appUrl', 'mockUrl', 'provider', 'credentials.*'],
  /** A checkout's request and its outcomes. */
  checkout: ['orderId', 'buyerRef', 'flow', 'amount.value', 'amount.number', 'amount.currency', 'save', 'card.number', 'card.expiryMonth', 'card.expiryYear', 'card.cvv', 'card.holderName', 'savedCardId', 'cvv'],
  /** A checkout's outcome may also read the app's answer. */
  answer: ['answer/*'],
  savedCards: ['buyerRef'],
  order: ['orderId'],
} as const

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g

/** The placeholder names a template string uses. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '')
}

/** Every string inside a JSON value (keys excluded). */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsOf)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf)
  return []
}

/** Whether `name` is one of `allowed` (an entry ending in `*` allows any name with that prefix). */
export function isAllowed(name: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => (a.endsWith('*') ? name.startsWith(a.slice(0, -1)) && name.length > a.length - 1 : a === name))
}

/** The values templates draw on; `answer` is read by JSON Pointer. */
export interface TemplateValues {
  readonly [name: string]: string | number | boolean | undefined
}

export interface TemplateScope {
  readonly values: TemplateValues
  readonly answer?: unknown
}

export class TemplateError extends Error {
  override readonly name = 'TemplateError'
}

function lookup(name: string, scope: TemplateScope): string | number | boolean {
  if (name.startsWith('answer/') || name === 'answer') {
    const found = readPointer(scope.answer, name.slice('answer'.length))
    if (typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean') return found
    throw new TemplateError(`{{${name}}}: the app's answer has no text or number at ${name.slice('answer'.length) || '(root)'}`)
  }
  const value = scope.values[name]
  if (value === undefined) throw new TemplateError(`{{${name}}} has no value in this call`)
  return value
}

/**
 * Fills a string: a string that is one placeholder alone keeps the value's type (`"{{save}}"` is
 * `true`, `"{{amount.number}}"` is `1000`); otherwise the values are written into the text, each
 * passed through `encode` (URL-encoding in paths).
 */
export function fillString(template: string, scope: TemplateScope, encode: (text: string) => string = (t) => t): string | number | boolean {
  const alone = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(template)
  if (alone?.[1] !== undefined) {
    const value = lookup(alone[1], scope)
    return typeof value === 'string' ? encode(value) : value
  }
  return template.replace(PLACEHOLDER, (_, name: string) => encode(String(lookup(name, scope))))
}

/** Fills every string of a JSON template (objects and arrays kept). */
export function fill(template: unknown, scope: TemplateScope): unknown {
  if (typeof template === 'string') return fillString(template, scope)
  if (Array.isArray(template)) return template.map((t) => fill(t, scope))
  if (template !== null && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, scope)]))
  return template
}

/** A path template filled with each value URL-encoded. */
export function fillPath(template: string, scope: TemplateScope): string {
  return String(fillString(template, scope, encodeURIComponent))
}

/** Reads a JSON Pointer (RFC 6901: `/tokens/0/id`, `~1` for `/`, `~0` for `~`); "" is the whole value. */
export function readPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value
  let current = value
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(current)) current = /^\d+$/.test(key) ? current[Number(key)] : undefined
    else if (current !== null && typeof current === 'object') current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined
    else return undefined
  }
  return current
}

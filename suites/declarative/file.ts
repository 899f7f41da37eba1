/**
 * The declarative driver file (docs/declarative-driver.md): how each driver operation maps onto
 * an app's own HTTP endpoints, so that a conformance run can drive an app that serves no driver
 * protocol. JSON, validated here; every mistake is reported as one line naming the field and the fix.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { Flow } from '../driver.ts'
import { isAllowed, PLACEHOLDERS, placeholdersOf, stringsOf } from './template.ts'

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** A JSON Pointer into the app's answer: "" (the whole answer) or "/a/0/b". */
const Pointer = z.string().regex(/^(\/[^/]*)*$/, { error: 'must be a JSON Pointer such as "/tokens" or "/result/code" (RFC 6901), or "" for the whole answer' })

const Request = z.strictObject({
  method: z.enum(HTTP_METHODS, { error: `must be one of ${HTTP_METHODS.join(', ')}` }),
  /** The path on the app, with placeholders (URL-encoded when filled) and an optional query. */
  path: z.string().startsWith('/', { error: 'must start with "/" (a path on the app, e.g. "/api/pay/{{orderId}}")' }),
  /** The JSON body; strings may hold placeholders. Absent: no body. */
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
})

/** An HTTP status pattern: "200", "2xx", "4xx", "404"… */
const StatusPattern = z.string().regex(/^[1-5](\d\d|xx)$/, { error: 'must be a status such as "200" or a class such as "2xx", "4xx", "5xx"' })

const Outcome = z
  .strictObject({
    /** Matches the app's HTTP status (absent: any). */
    http: StatusPattern.optional(),
    /** Matches a field of the app's answer (with `equals`): a JSON Pointer. */
    field: Pointer.optional(),
    /** The values of `field` this outcome matches (as text). */
    equals: z.array(z.string()).min(1, { error: 'must list at least one value' }).optional(),
    /** The protocol status this answer means. */
    status: z.enum(['paid', 'failed', 'pending', 'action_required'], { error: 'must be paid, failed, pending or action_required' }).optional(),
    /** Or: the answer is a business failure, reported as this issue code. */
    issue: z.string().min(1).optional(),
    /** With action_required: the page the buyer acts on (a template that may read the answer, {{answer/id}}). */
    buyerActionUrl: z.string().optional(),
  })
  .refine((o) => (o.status === undefined) !== (o.issue === undefined), { error: 'give exactly one of "status" (what the answer means) or "issue" (a business failure code)' })
  .refine((o) => (o.field === undefined) === (o.equals === undefined), { error: '"field" and "equals" go together: the field to read and the values that match' })

const CheckoutMapping = z.strictObject({
  /** The driver flows this mapping serves (from the provider's flows: docs/driver-protocol.md). */
  flows: z.array(Flow, { error: 'must list driver flows such as "zero_amount_save", "token_reuse_pay"' }).min(1, { error: 'must list at least one flow' }),
  request: Request,
  /** Tried in order; the first that matches the app's answer says what it means. None: the app broke the protocol. */
  outcomes: z.array(Outcome).min(1, { error: 'must list at least one outcome (e.g. { "http": "2xx", "status": "paid" })' }),
  /** Where the answer holds the provider's payment reference (a JSON Pointer). */
  providerReference: Pointer.optional(),
})

const SavedCardsMapping = z.strictObject({
  request: Request,
  /** Where the list of cards is in the answer (a JSON Pointer; "" when the answer is the list). */
  list: Pointer,
  /** Keeps only the buyer's cards, where the app lists everyone's: the field and the value it must have. */
  where: z.strictObject({ field: Pointer, equals: z.string() }).optional(),
  /** Inside each card: its id (what checkout takes as {{savedCardId}}), and what the merchant shows. */
  id: Pointer,
  masked: Pointer.optional(),
  brand: Pointer.optional(),
  expiryMonth: Pointer.optional(),
  expiryYear: Pointer.optional(),
})

const OrderMapping = z.strictObject({
  request: Request,
  outcomes: z.array(
    z
      .strictObject({
        http: StatusPattern.optional(),
        field: Pointer.optional(),
        equals: z.array(z.string()).min(1).optional(),
        status: z.enum(['paid', 'failed', 'pending', 'action_required', 'unknown'], { error: 'must be paid, failed, pending, action_required or unknown' }).optional(),
        issue: z.string().min(1).optional(),
      })
      .refine((o) => (o.status === undefined) !== (o.issue === undefined), { error: 'give exactly one of "status" or "issue"' })
      .refine((o) => (o.field === undefined) === (o.equals === undefined), { error: '"field" and "equals" go together' }),
  ).min(1),
  /** How many successful charges the app booked for the order (a JSON Pointer to a number). */
  captures: Pointer.optional(),
})

export const DriverFile = z
  .strictObject({
    $schema: z.string().optional(),
    /** The app's name in the report. */
    name: z.string().min(1, { error: 'must name the app (it heads the report)' }),
    /** The Tokenproof provider the app talks to. */
    provider: z.string().min(1),
    /** The driver flows the app offers (capabilities). */
    flows: z.array(Flow, { error: 'must list driver flows such as "zero_amount_save", "token_reuse_pay"' }).min(1, { error: 'must list at least one flow' }),
    app: z
      .strictObject({
        /** A fixed address of the app; or leave it out and name `portEnv`. */
        url: z.url({ protocol: /^https?$/, error: 'must be the app\'s http(s) address, e.g. "http://127.0.0.1:3000"' }).optional(),
        /** The environment variable the app reads its port from: the run picks a free port. */
        portEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name such as "PORT"' }).optional(),
        /** A path the run calls (GET) until the app answers, after each start. */
        ready: z.string().startsWith('/', { error: 'must be a path on the app such as "/health"' }).default('/'),
        /** Environment variables for the app, with placeholders ({{credentials.apiKey}}…). */
        env: z.record(z.string(), z.string()).default({}),
        /** Where the app receives the provider's notifications (a path on the app). */
        notificationPath: z.string().startsWith('/', { error: 'must be a path on the app such as "/webhooks/payments"' }),
        /** How long one call to the app may take, in ms (default 30000). */
        timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
        /** How long the app may take to answer after a start, in ms (default 30000). */
        startTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      })
      .refine((a) => (a.url === undefined) !== (a.portEnv === undefined), { error: 'give exactly one of "url" (a fixed address) or "portEnv" (the variable the app reads its port from)' }),
    checkout: z.array(CheckoutMapping).min(1, { error: 'must map at least one checkout' }),
    savedCards: SavedCardsMapping,
    /** Absent: the app keeps no order record; `order` answers no_order_record. */
    order: OrderMapping.optional(),
  })
  .superRefine((file, ctx) => {
    // Each flow the app offers needs a checkout mapping, and a mapping serves only offered flows.
    const mapped = file.checkout.flatMap((c) => c.flows)
    for (const flow of file.flows) if (!mapped.includes(flow)) ctx.addIssue({ code: 'custom', path: ['checkout'], message: `no checkout mapping serves the flow "${flow}": add it to the "flows" of one` })
    file.checkout.forEach((c, i) =>
      c.flows.forEach((flow, j) => {
        if (!file.flows.includes(flow)) ctx.addIssue({ code: 'custom', path: ['checkout', i, 'flows', j], message: `"${flow}" is not among the app's "flows": list it there or remove it here` })
      }),
    )
    const twice = mapped.filter((f, i) => mapped.indexOf(f) !== i)
    for (const flow of new Set(twice)) ctx.addIssue({ code: 'custom', path: ['checkout'], message: `the flow "${flow}" is mapped twice: one checkout mapping per flow` })
    // Placeholders: only names that have a value where they are used.
    const checkPlaceholders = (value: unknown, path: (string | number)[], allowed: readonly string[]): void => {
      for (const text of stringsOf(value)) {
        for (const name of placeholdersOf(text)) {
          if (!isAllowed(name, allowed)) ctx.addIssue({ code: 'custom', path, message: `unknown placeholder {{${name}}}: use one of ${allowed.map((a) => `{{${a.replace(/\/\*$/, '/<pointer>').replace(/\.\*$/, '.<name>')}}}`).join(', ')}` })
        }
      }
    }
    checkPlaceholders(file.app.env, ['app', 'env'], PLACEHOLDERS.app)
    file.checkout.forEach((c, i) => {
      checkPlaceholders(c.request, ['checkout', i, 'request'], [...PLACEHOLDERS.app, ...PLACEHOLDERS.checkout])
      c.outcomes.forEach((o, j) => checkPlaceholders(o.buyerActionUrl, ['checkout', i, 'outcomes', j, 'buyerActionUrl'], [...PLACEHOLDERS.app, ...PLACEHOLDERS.checkout, ...PLACEHOLDERS.answer]))
    })
    checkPlaceholders(file.savedCards.request, ['savedCards', 'request'], [...PLACEHOLDERS.app, ...PLACEHOLDERS.savedCards])
    checkPlaceholders(file.savedCards.where?.equals, ['savedCards', 'where', 'equals'], [...PLACEHOLDERS.app, ...PLACEHOLDERS.savedCards])
    if (file.order) checkPlaceholders(file.order.request, ['order', 'request'], [...PLACEHOLDERS.app, ...PLACEHOLDERS.order])
  })

export type DriverFile = z.infer<typeof DriverFile>
export type CheckoutMapping = z.infer<typeof CheckoutMapping>
export type RequestTemplate = z.infer<typeof Request>
export type OutcomeRule = z.infer<typeof Outcome>

/** A driver file that cannot be used, with one line that names the field and the fix. */
export class DriverFileError extends Error {
  override readonly name = 'DriverFileError'
}

/** The first problem of a parse, as `field.path: message`. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('')
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : ''
  return `${path || '(root)'}: ${issue.message}${more}`
}

/** Validates a driver file's content; `where` names it in the error. */
export function parseDriverFile(json: unknown, where: string): DriverFile {
  // A missing field is named with the fix; zod's own words for other types stay.
  const parsed = DriverFile.safeParse(json, { error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? `is required: add it (docs/declarative-driver.md lists the fields)` : undefined) })
  if (!parsed.success) throw new DriverFileError(`${where}: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** Reads and validates a driver file (JSON). */
export async function readDriverFile(path: string): Promise<DriverFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new DriverFileError(`${path}: cannot read the driver file`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new DriverFileError(`${path}: not JSON (${error instanceof Error ? error.message : String(error)}); the driver file is JSON`)
  }
  return parseDriverFile(json, path)
}

import { z } from 'zod'
import {
  DRIVER_PROTOCOL_VERSION,
  DriverIssue,
  DriverProtocolError,
  driverOperations,
  type DriverOperation,
  type DriverResult,
  type MerchantDriverV1,
} from './driver.ts'

export interface HttpDriverOptions {
  /** The integration's driver endpoint, e.g. http://127.0.0.1:8080/tokenproof. */
  readonly url: string
  /** How long one operation may take before the integration counts as broken. */
  readonly timeoutMs?: number
}

const Envelope = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), issue: DriverIssue })])

/**
 * Drives an integration in any language over the JSON protocol of docs/driver-protocol.md:
 * `POST <url>/v1/<operation>` with the input as JSON, answered `{ok: true, value}` or
 * `{ok: false, issue}` with HTTP 200. Anything else is a DriverProtocolError.
 */
export function createHttpDriver(options: HttpDriverOptions): MerchantDriverV1 {
  const base = options.url.replace(/\/$/, '')
  async function call<Op extends DriverOperation>(operation: Op, input: unknown): Promise<DriverResult<z.infer<(typeof driverOperations)[Op]['output']>>> {
    const spec = driverOperations[operation]
    let response: Response
    try {
      response = await fetch(`${base}/v${DRIVER_PROTOCOL_VERSION}/${operation}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'tokenproof-driver-protocol': String(DRIVER_PROTOCOL_VERSION) },
        body: JSON.stringify(spec.input.parse(input)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      })
    } catch (error) {
      throw new DriverProtocolError(operation, `no answer from ${base}: ${error instanceof Error ? error.message : String(error)}`)
    }
    const text = await response.text()
    if (response.status !== 200) throw new DriverProtocolError(operation, `HTTP ${response.status}: ${text.slice(0, 200)}`)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new DriverProtocolError(operation, `the answer is not JSON: ${text.slice(0, 200)}`)
    }
    const envelope = Envelope.safeParse(json)
    if (!envelope.success) throw new DriverProtocolError(operation, `the answer is neither {ok: true, value} nor {ok: false, issue}: ${z.prettifyError(envelope.error)}`)
    if (!envelope.data.ok) return { ok: false, issue: envelope.data.issue }
    const value = spec.output.safeParse(envelope.data.value)
    if (!value.success) throw new DriverProtocolError(operation, `the value does not fit the protocol: ${z.prettifyError(value.error)}`)
    return { ok: true, value: value.data as z.infer<(typeof driverOperations)[Op]['output']> }
  }
  const must = async <T>(result: Promise<DriverResult<T>>, operation: DriverOperation): Promise<T> => {
    const settled = await result
    if (!settled.ok) throw new DriverProtocolError(operation, `answered an issue where none is allowed: ${settled.issue.code} ${settled.issue.message}`)
    return settled.value
  }
  return {
    protocolVersion: DRIVER_PROTOCOL_VERSION,
    capabilities: () => must(call('capabilities', {}), 'capabilities'),
    configure: (input) => call('configure', input),
    checkout: (input) => call('checkout', input),
    savedCards: (input) => call('saved-cards', input),
    order: (input) => call('order', input),
    reset: async () => {
      await must(call('reset', {}), 'reset')
    },
    logs: () => call('logs', {}),
  }
}
export * from './driver.ts'

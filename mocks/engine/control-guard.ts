import { timingSafeEqual } from 'node:crypto'
import { CONTROL_PREFIX } from './control-api.ts'
import { isLoopbackHost, normalizeHost, parseHostHeader } from './hosts.ts'

/**
 * Who may use the control API and the buyer pages of a standalone mock. Any web page the developer
 * opens can send requests to 127.0.0.1: a cross-origin `text/plain` POST needs no preflight, and a
 * page whose DNS name is rebound to 127.0.0.1 reads answers as its own. So:
 * - the `Host` must name this server (the bound address, loopback names, or a host the user allowed):
 *   a rebound page sends its own name;
 * - an `Origin`, when the browser sends one, must be this server's own (its buyer pages post from
 *   there); no other page's script gets an answer or a side effect;
 * - POST, PUT and PATCH must say `Content-Type: application/json`, which no cross-origin page can send
 *   without a preflight the mock never grants (DELETE already needs one);
 * - with a token, every control request but a buyer page's GET carries it (`Authorization: Bearer`
 *   or `X-Tokenproof-Token`); required when the server listens beyond loopback.
 * Provider routes are not guarded here: merchants reach them by whatever name their setup uses, and
 * each is authenticated as the real provider authenticates it.
 */
export interface ControlGuardOptions {
  /** The address the server is bound to. */
  readonly boundHost: string
  /** The port it listens on: the own origin is http://<allowed host>:<port>. */
  readonly port: number
  /** More host names or addresses the control API answers to (a LAN name, a container name). */
  readonly allowHosts?: readonly string[]
  /** A shared secret every control request must carry. */
  readonly token?: string | undefined
}

export const TOKEN_HEADER = 'x-tokenproof-token'

const WILDCARD = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0'])

export interface GuardedRequest {
  readonly method: string
  readonly pathname: string
  readonly headers: Headers
}

const refuse = (status: number, error: string): Response =>
  new Response(JSON.stringify({ error, docs: 'docs/control-api.md#who-may-call-it' }), { status, headers: { 'content-type': 'application/json' } })

export function createControlGuard(options: ControlGuardOptions): (request: GuardedRequest) => Response | undefined {
  const bound = normalizeHost(options.boundHost)
  const allowed = new Set((options.allowHosts ?? []).map(normalizeHost))
  // A wildcard bind answers on every address: only loopback and the hosts the user named count as its own.
  if (!WILDCARD.has(bound)) allowed.add(bound)
  const hostAllowed = (host: string): boolean => isLoopbackHost(host) || allowed.has(normalizeHost(host))
  const token = options.token === undefined || options.token === '' ? undefined : Buffer.from(options.token)

  return ({ method, pathname, headers }) => {
    if (!pathname.startsWith(CONTROL_PREFIX)) return undefined
    const host = parseHostHeader(headers.get('host') ?? '')
    if (!host || !hostAllowed(host.hostname)) return refuse(403, `the control API answers only to this server's own host names (not ${(headers.get('host') ?? '').slice(0, 100)}); tokenproof serve --allow-host adds one`)

    const origin = headers.get('origin')
    if (origin !== null && !ownOrigin(origin, hostAllowed, options.port)) return refuse(403, `requests from other origins (${origin.slice(0, 100)}) may not use the control API`)
    // Fetch metadata catches what Origin does not: a cross-site no-cors GET carries no Origin.
    if (headers.get('sec-fetch-site') === 'cross-site' && headers.get('sec-fetch-mode') !== 'navigate') return refuse(403, 'cross-site requests may not use the control API')

    if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && !/^application\/json\s*(;|$)/i.test((headers.get('content-type') ?? '').trim())) {
      return refuse(415, `${method} to the control API needs Content-Type: application/json`)
    }

    // Opening a page (a buyer page, the dashboard) shows no state: the page passes `?token=` on to its calls.
    const pageView = method === 'GET' && (pathname.startsWith(`${CONTROL_PREFIX}/pages/`) || pathname === `${CONTROL_PREFIX}/ui`)
    if (token && !pageView && !tokenMatches(headers, token)) return refuse(401, `the control API needs its token (Authorization: Bearer <token> or ${TOKEN_HEADER})`)
    return undefined
  }
}

function ownOrigin(origin: string, hostAllowed: (host: string) => boolean, port: number): boolean {
  try {
    const url = new URL(origin)
    const originPort = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
    return url.protocol === 'http:' && hostAllowed(url.hostname) && originPort === port
  } catch {
    // `null` (a sandboxed frame, a file:// page) and anything else that is not a URL.
    return false
  }
}

function tokenMatches(headers: Headers, token: Buffer): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization')?.trim() ?? '')?.[1]
  const given = Buffer.from(bearer ?? headers.get(TOKEN_HEADER)?.trim() ?? '')
  return given.length === token.length && timingSafeEqual(given, token)
}

/** Whether binding to this address exposes the server beyond the machine. */
export const bindsBeyondLoopback = (host: string): boolean => !isLoopbackHost(host)

import { isIP } from 'node:net'

/** A host name or address as compared: lower case, without IPv6 brackets or a trailing dot. */
export const normalizeHost = (host: string): string => host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')

/** localhost (and its subdomains, RFC 6761), 127.0.0.0/8 and ::1: the machine itself. */
export function isLoopbackHost(host: string): boolean {
  const h = normalizeHost(host)
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h)
  return false
}

/**
 * A Host header split into name and port, or undefined when it is not one (RFC 9110 §7.2: a
 * reg-name or IP literal and an optional port; no userinfo, no spaces, a port within 0–65535).
 */
export function parseHostHeader(value: string): { hostname: string; port: number | undefined } | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._~!$&'()*+,;=%-]*)?)(?::(\d{1,5}))?$/.exec(value)
  if (!match?.[1]) return undefined
  const hostname = match[1]
  if (hostname.startsWith('[') && isIP(hostname.slice(1, -1)) !== 6) return undefined
  const port = match[2] === undefined ? undefined : Number(match[2])
  if (port !== undefined && port > 65_535) return undefined
  try {
    // What the transport builds the request URL from must parse too.
    new URL(`http://${value}/`)
  } catch {
    return undefined
  }
  return { hostname: normalizeHost(hostname), port }
}

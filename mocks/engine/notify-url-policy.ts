import { isLoopbackHost, normalizeHost } from './hosts.ts'

/**
 * Where the mock may send merchant notifications. The standalone CLI keeps them on the developer's
 * machine by default: a merchant URL is whatever the caller registered (or sent in a payment, as
 * a notify URL on a payment request), and a mock that POSTs anywhere it is told is a request-forgery tool
 * (`http://169.254.169.254/…`, an intranet admin page). Schemes other than http(s) are never used.
 */
export interface NotifyUrlPolicy {
  /** Hosts besides loopback that notifications may go to (names or addresses, no port). */
  readonly hosts?: readonly string[]
  /** Any http(s) host: the in-process default (the tests' own process decides where things go). */
  readonly anyHost?: boolean
}

/** Why the policy refuses a URL, or undefined when it may be used. */
export function notifyUrlProblem(url: string, policy: NotifyUrlPolicy): string | undefined {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return `${url.slice(0, 80)} is not a URL`
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return `notification URLs must be http or https, not ${target.protocol}`
  if (target.username !== '' || target.password !== '') return 'notification URLs must not carry credentials'
  if (policy.anyHost === true) return undefined
  const host = normalizeHost(target.hostname)
  if (isLoopbackHost(host) || (policy.hosts ?? []).some((h) => normalizeHost(h) === host)) return undefined
  return `notifications go to loopback hosts only, not ${host} (tokenproof serve --notify-host ${host} allows it, --notify-any-host allows any)`
}

/** Refuses a URL by policy before anything connects: the outbox records the refusal as the attempt's error. */
export function guardedFetch<F extends (url: string, init: RequestInit) => Promise<Response>>(policy: NotifyUrlPolicy, fetchImpl: F): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) => {
    const problem = notifyUrlProblem(url, policy)
    return problem === undefined ? fetchImpl(url, init) : Promise.reject(new Error(`refused by the notification URL policy: ${problem}`))
  }
}

/**
 * The URLs in a merchant registration (any string member whose name ends in `url`, at any depth),
 * with the policy's objection to each refused one: the control API answers 400 with them.
 */
export function refusedUrlsIn(input: unknown, policy: NotifyUrlPolicy, path = ''): { field: string; problem: string }[] {
  if (input === null || typeof input !== 'object') return []
  const out: { field: string; problem: string }[] = []
  for (const [key, value] of Object.entries(input)) {
    const field = path === '' ? key : `${path}.${key}`
    if (typeof value === 'string' && /url$/i.test(key)) {
      const problem = notifyUrlProblem(value, policy)
      if (problem !== undefined) out.push({ field, problem })
    } else if (typeof value === 'object') out.push(...refusedUrlsIn(value, policy, field))
  }
  return out
}

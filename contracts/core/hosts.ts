/**
 * Where a provider's API really lives: the hosts a merchant's code calls, so that a preload can send
 * those calls to the mock with nothing in the app changed, and the base-URL settings a merchant maps
 * onto the mock in any language.
 */
export interface RealHost {
  /**
   * A hostname, lower case. A `*` stands for the variable part of the first label: the live-prefix
   * hosts (a `*-` prefix per merchant account) differ per merchant.
   */
  readonly pattern: string
  readonly environment: 'test' | 'live'
  readonly source: string
}

/** A base URL an app configures, exported by `tokenproof wrap` as an environment variable. */
export interface BaseUrlSetting {
  /** The variable's name, `TOKENPROOF_<PROVIDER>_…_URL`. */
  readonly env: string
  /** Appended to the mock's origin. */
  readonly path: string
  /** The real value it stands for. */
  readonly replaces: string
  /** Where an app or an official SDK takes that setting. */
  readonly setting: string
}

export interface ProviderHosts {
  readonly hosts: readonly RealHost[]
  readonly baseUrls: readonly BaseUrlSetting[]
}

export function defineProviderHosts(hosts: ProviderHosts): ProviderHosts {
  return hosts
}

const patternCache = new Map<string, RegExp>()

/** Whether a hostname (any case, no port) is one a pattern names. */
export function hostMatches(pattern: string, hostname: string): boolean {
  let regex = patternCache.get(pattern)
  if (!regex) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[a-z0-9-]+')
    regex = new RegExp(`^${source}$`)
    patternCache.set(pattern, regex)
  }
  // A fully qualified name (with a trailing dot) resolves to the same host.
  return regex.test(hostname.toLowerCase().replace(/\.$/, ''))
}

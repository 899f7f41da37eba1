/**
 * Usage errors in one line that name the flag and the fix: node's parseArgs says what is wrong
 * ("Option '--mock <value>' argument missing") but not what to type instead.
 */
/** A command line that cannot run as written: exit code 2, one line naming the flag and the fix. */
export class UsageError extends Error {}

/** A parseArgs failure as a usage error of `tokenproof <command>`, with the fix and where the options are listed. */
export function argsUsageError(command: string, error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error)
  const code = error instanceof Error && 'code' in error ? String(error.code) : ''
  const help = `run tokenproof ${command} --help for the options`
  const flag = /'(-{1,2}[\w-]+)/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag && /argument missing/.test(message)) return new UsageError(`${flag} needs a value (${flag} <value>); ${help}`)
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) return new UsageError(`${flag} takes no value; ${help}`)
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return new UsageError(`unknown option ${flag}; ${help}`)
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /argument '([^']*)'/.exec(message)?.[1] ?? ''
    return new UsageError(`unexpected argument ${argument}; ${help}`)
  }
  return new UsageError(`${message.split('\n')[0]}; ${help}`)
}

/** An http(s) origin given to `flag`, or a usage error saying what one looks like. */
export function urlOption(flag: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`${flag} must be a URL such as http://127.0.0.1:4010, got "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http(s) URL such as http://127.0.0.1:4010, got "${value}"`)
  return value.replace(/\/+$/, '')
}

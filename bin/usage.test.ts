import { parseArgs } from 'node:util'
import { expect, test } from 'vitest'
import { argsUsageError, urlOption, UsageError } from './usage.ts'

const failure = (args: string[]): unknown => {
  try {
    parseArgs({ args, options: { mock: { type: 'string' }, help: { type: 'boolean' } }, strict: true })
  } catch (error) {
    return error
  }
  throw new Error('parseArgs took the arguments')
}

test.each([
  [['--mock'], 'tokenproof pact: --mock needs a value (--mock <value>); run tokenproof pact --help for the options'],
  [['--bogus'], 'tokenproof pact: unknown option --bogus; run tokenproof pact --help for the options'],
  [['--help=yes'], 'tokenproof pact: --help takes no value; run tokenproof pact --help for the options'],
  [['extra'], 'tokenproof pact: unexpected argument extra; run tokenproof pact --help for the options'],
])('parseArgs failure %j becomes a one-line usage error naming the flag and the fix', (args, expected) => {
  const error = argsUsageError('pact', failure(args))
  expect(error).toBeInstanceOf(UsageError)
  expect(`tokenproof pact: ${error.message}`).toBe(expected)
})

test('a URL option takes an http(s) URL and says what one looks like otherwise', () => {
  expect(urlOption('--mock', 'http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010')
  expect(() => urlOption('--mock', '4010')).toThrow(/--mock must be a URL such as http:\/\/127\.0\.0\.1:4010, got "4010"/)
  expect(() => urlOption('--driver', 'ftp://x')).toThrow(/--driver must be an http\(s\) URL/)
})

#!/usr/bin/env node
import { audit, AUDIT_HELP } from './audit.ts'
import { pact, PACT_HELP } from './pact.ts'
import { report, REPORT_HELP } from './report.ts'
import { run, RUN_HELP } from './run.ts'
import { schemas, SCHEMAS_HELP } from './schemas.ts'
import { serve, SERVE_HELP, UsageError } from './serve.ts'
import { wrap, WRAP_HELP } from './wrap.ts'

const HELP = `tokenproof — conformance and contract test harness for card tokenization

Commands:
  serve     run the mock providers as an HTTP server on 127.0.0.1
  run       run the conformance suites against an integration (default: the bundled reference merchant)
  wrap      run your own app with its provider traffic sent to the mock, unchanged (tokenproof wrap -- node app.js)
  audit     judge the traffic a mock saw (your own tests, a click-through, an app under wrap), with no driver
  schemas   export every contract's JSON Schema and TypeScript types
  pact      write Pact contracts from a conformance run, verify them against the mock
  report    merge the reports of a sharded run

Run "tokenproof <command> --help" for a command's options.
`

/** A command resolves to its exit code (undefined: 0). */
const commands: Record<string, (argv: readonly string[]) => Promise<number | void>> = { serve, run, wrap, audit, schemas, pact, report }

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n${SERVE_HELP}\n${RUN_HELP}\n${WRAP_HELP}\n${AUDIT_HELP}\n${SCHEMAS_HELP}\n${PACT_HELP}\n${REPORT_HELP}`)
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`tokenproof: unknown command "${name}"; run tokenproof --help\n`)
    return 2
  }
  try {
    return (await command(rest)) ?? 0
  } catch (error) {
    // One line per error: a usage error names the flag and the fix; a setup error says what failed.
    const message = error instanceof UsageError || error instanceof Error ? error.message : String(error)
    process.stderr.write(`tokenproof: ${message.trim().replace(/\s*\n\s*/g, '; ')}\n`)
    return 2
  }
}

const code = await main(process.argv.slice(2))
if (code !== 0) process.exit(code)

#!/usr/bin/env node
import { UsageError } from './usage.ts'

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
interface Command {
  run(argv: readonly string[]): Promise<number | void>
  readonly help: string
}

// Each command is imported only when it runs: `serve` must not pay for loading pact's native core,
// the suites and the report writers (its first answer is due within half a second of the start).
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => import('./serve.ts').then((m) => ({ run: m.serve, help: m.SERVE_HELP })),
  run: async () => import('./run.ts').then((m) => ({ run: m.run, help: m.RUN_HELP })),
  wrap: async () => import('./wrap.ts').then((m) => ({ run: m.wrap, help: m.WRAP_HELP })),
  audit: async () => import('./audit.ts').then((m) => ({ run: m.audit, help: m.AUDIT_HELP })),
  schemas: async () => import('./schemas.ts').then((m) => ({ run: m.schemas, help: m.SCHEMAS_HELP })),
  pact: async () => import('./pact.ts').then((m) => ({ run: m.pact, help: m.PACT_HELP })),
  report: async () => import('./report.ts').then((m) => ({ run: m.report, help: m.REPORT_HELP })),
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const helps = await Promise.all(Object.values(commands).map(async (load) => (await load()).help))
    process.stdout.write(`${HELP}\n${helps.join('\n')}`)
    return name === undefined ? 2 : 0
  }
  const load = commands[name]
  if (!load) {
    process.stderr.write(`tokenproof: unknown command "${name}"; run tokenproof --help\n`)
    return 2
  }
  try {
    const command = await load()
    return (await command.run(rest)) ?? 0
  } catch (error) {
    // One line per error: a usage error names the flag and the fix; a setup error says what failed.
    const message = error instanceof UsageError || error instanceof Error ? error.message : String(error)
    process.stderr.write(`tokenproof: ${message.trim().replace(/\s*\n\s*/g, '; ')}\n`)
    return 2
  }
}

const code = await main(process.argv.slice(2))
if (code !== 0) process.exit(code)

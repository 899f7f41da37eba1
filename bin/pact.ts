import { access } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { startBundledTarget } from '../examples/reference-merchant/bundled.ts'
import { startMockServer } from '../mocks/server.ts'
import { createHttpDriver } from '../suites/http-driver.ts'
import { recordPacts, savePacts } from '../suites/pact/record.ts'
import { verifyPactFile } from '../suites/pact/verify.ts'
import { list } from './run.ts'
import { argsUsageError, urlOption, UsageError } from './usage.ts'

export const PACT_HELP = `tokenproof pact — Pact contracts written from a conformance run, verified against the mock

Usage: tokenproof pact write  [--driver <url> --mock <url>] [--providers a,b] [--consumer name] [--out pacts]
       tokenproof pact verify <file.json ...> [--mock <url>]

  write     runs the conformance scenarios and writes one Pact V4 file per provider,
            <consumer>-<provider>.json (default: the bundled reference merchant, into pacts/)
  verify    verifies Pact files with the official Pact verifier against the mock
            (default: a fresh standalone mock on 127.0.0.1; --mock to use a running one)

Publishing to a Pact Broker goes through the official Pact CLI: see docs/pact.md.
Exit codes: 0 written / verified, 1 a pact does not verify (its mismatches are listed),
2 usage or setup error (a bad option, a file that is missing or not a Pact file, a mock that does not answer).
`

export async function pact(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(PACT_HELP)
    return sub === undefined ? 2 : 0
  }
  if (sub === 'write') return write(rest)
  if (sub === 'verify') return verify(rest)
  throw new UsageError(`unknown pact command "${sub}"; use tokenproof pact write or tokenproof pact verify <files>`)
}

/** parseArgs, its errors as usage errors that name the flag and the fix. */
function parsed<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    throw argsUsageError('pact', error)
  }
}

async function write(argv: readonly string[]): Promise<number> {
  const { values } = parsed(() =>
    parseArgs({
      args: [...argv],
      options: { driver: { type: 'string' }, mock: { type: 'string' }, providers: { type: 'string' }, consumer: { type: 'string' }, out: { type: 'string', default: 'pacts' }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
    }),
  )
  if (values.help) {
    process.stdout.write(PACT_HELP)
    return 0
  }
  if ((values.driver === undefined) !== (values.mock === undefined)) {
    throw new UsageError(`${values.driver === undefined ? '--mock' : '--driver'} needs ${values.driver === undefined ? '--driver' : '--mock'} too: --driver and --mock go together (leave both out for the bundled reference merchant)`)
  }
  if (values.driver !== undefined) urlOption('--driver', values.driver)
  if (values.mock !== undefined) urlOption('--mock', values.mock)
  if (values.out === '') throw new UsageError('--out needs a folder, e.g. --out pacts')
  const providers = list(values.providers)
  const bundled = values.driver === undefined ? await startBundledTarget(providers ? { providers } : {}) : undefined
  const target = bundled ?? { driver: createHttpDriver({ url: values.driver ?? '' }), mockUrl: values.mock ?? '' }
  try {
    const { run, pacts } = await recordPacts(target, { ...(providers ? { providers } : {}), ...(values.consumer ? { consumer: values.consumer } : {}) })
    const broken = run.results.filter((r) => r.status === 'error')
    for (const r of broken) process.stderr.write(`left out ${r.provider}/${r.scenario}${r.flow ? `/${r.flow}` : ''}: ${r.reason ?? 'it could not run'}\n`)
    const files = await savePacts(pacts, values.out)
    for (const [i, file] of files.entries()) process.stdout.write(`wrote ${file} (${pacts[i]!.interactions.length} interactions)\n`)
    return 0
  } finally {
    await bundled?.close()
  }
}

async function verify(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({ args: [...argv], options: { mock: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, strict: true, allowPositionals: true }),
  )
  if (values.help) {
    process.stdout.write(PACT_HELP)
    return 0
  }
  if (positionals.length === 0) throw new UsageError('name the Pact files to verify: tokenproof pact verify pacts/*.json')
  const mockUrl = values.mock === undefined ? undefined : urlOption('--mock', values.mock)
  for (const file of positionals) {
    try {
      await access(file)
    } catch {
      throw new UsageError(`${file}: no such file; write the Pact files first (tokenproof pact write --out pacts) and name them: tokenproof pact verify pacts/*.json`)
    }
  }
  const own = values.mock === undefined ? await startMockServer({ port: 0, clockOptions: { mode: 'manual' } }) : undefined
  let failed = 0
  try {
    for (const file of positionals) {
      const outcome = await verifyPactFile(file, { mockUrl: own?.url ?? mockUrl ?? '' })
      process.stdout.write(`${outcome.ok ? 'ok  ' : 'FAIL'} ${file}: ${outcome.consumer} → ${outcome.provider}, ${outcome.interactions} interactions\n`)
      for (const f of outcome.failures) process.stdout.write(`     ${f.interaction}\n${f.mismatches.map((m) => `       ${m}`).join('\n')}\n`)
      if (!outcome.ok) failed++
    }
  } finally {
    await own?.close()
  }
  return failed > 0 ? 1 : 0
}

import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PACT_HELP } from '../bin/pact.ts'
import { REPORT_HELP } from '../bin/report.ts'
import { RUN_HELP } from '../bin/run.ts'
import { SCHEMAS_HELP } from '../bin/schemas.ts'
import { SERVE_HELP } from '../bin/serve.ts'
import { WRAP_HELP } from '../bin/wrap.ts'
import { AUDIT_HELP } from '../bin/audit.ts'
import { COMMAND_LANGUAGES, MarkerError, commandsOf, extractBlocks, parseMarker, type BlockCheck, type DocBlock } from './test-support/blocks.ts'
import { REPOSITORY, createWorkspace, fileExists, isLongRunning, missingTools, runScript, type Workspace } from './test-support/workspace.ts'

/**
 * The docs are tests: every command block in README.md and docs/*.md is run as a user runs it —
 * child processes in a fresh folder with tokenproof installed — or is marked with how else it is
 * checked (see test-support/blocks.ts). A documented command, flag, file or output line that no
 * longer holds fails here.
 *
 * What the test changes in a block, so that runs never collide: `127.0.0.1:4010` and
 * `127.0.0.1:8080` become the free ports of this run's mock and reference merchant, and
 * `npm install -D tokenproof` is already done (the workspace links this checkout). `curl` fails on
 * an HTTP error status (as with --fail-with-body), so a documented call the mock refuses fails the
 * block; a variable set in one block (`C=…`) holds in the document's later blocks.
 */
const SHELL_PRELUDE = ['curl() { command curl --fail-with-body "$@"; }']
const DOCUMENTS = ['README.md', ...readdirSync(join(REPOSITORY, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)]
const BLOCKS: DocBlock[] = DOCUMENTS.flatMap((file) => extractBlocks(file, readFileSync(join(REPOSITORY, file), 'utf8')))
const COMMAND_BLOCKS = BLOCKS.filter((b) => COMMAND_LANGUAGES.has(b.language))
const where = (b: DocBlock) => `${b.file}:${b.line}`

function checkOf(block: DocBlock): BlockCheck | undefined {
  try {
    return block.marker === undefined ? undefined : parseMarker(block.marker)
  } catch (error) {
    if (error instanceof MarkerError) return undefined
    throw error
  }
}

test('every command block in the docs is run or says how it is checked', () => {
  const problems = COMMAND_BLOCKS.flatMap((block) => {
    if (block.marker === undefined) return [`${where(block)}: a command block without a <!-- doc-test: … --> marker`]
    try {
      parseMarker(block.marker)
      return []
    } catch (error) {
      return [`${where(block)}: ${error instanceof Error ? error.message : String(error)}`]
    }
  })
  expect(problems).toEqual([])
  expect(COMMAND_BLOCKS.length).toBeGreaterThan(10)
})

test('the commands marked "ci" are the ones .ci/run runs', () => {
  const ci = readFileSync(join(REPOSITORY, '.ci', 'run'), 'utf8')
  const blocks = COMMAND_BLOCKS.filter((b) => checkOf(b)?.kind === 'ci')
  expect(blocks.length).toBeGreaterThan(0)
  for (const block of blocks) {
    for (const command of commandsOf(block.text).flatMap((c) => c.split('&&').map((part) => part.trim()))) {
      expect(ci, `${where(block)}: "${command}"`).toContain(command)
    }
  }
})

test('a block covered by a test names a test that shows each of its commands', () => {
  for (const block of COMMAND_BLOCKS) {
    const check = checkOf(block)
    if (check?.kind !== 'covered') continue
    const path = join(REPOSITORY, check.by)
    expect(existsSync(path), `${where(block)}: ${check.by}`).toBe(true)
    const source = readFileSync(path, 'utf8')
    for (const command of commandsOf(block.text)) {
      for (const word of command.split(/\s+/).filter((w) => w !== 'npx' && (/^--?[a-z]/.test(w) || /^[a-z]+$/.test(w)))) {
        expect(source, `${where(block)}: "${word}" of "${command}" is not in ${check.by}`).toContain(word)
      }
    }
  }
})

const HELP: Record<string, string> = { serve: SERVE_HELP, run: RUN_HELP, schemas: SCHEMAS_HELP, pact: PACT_HELP, report: REPORT_HELP, wrap: WRAP_HELP, audit: AUDIT_HELP }

test('every flag the docs give a tokenproof command is one that command takes', () => {
  // Blocks and inline code alike: `tokenproof run --driver …` in a sentence is a promise too.
  const texts = DOCUMENTS.map((file) => ({ file, text: readFileSync(join(REPOSITORY, file), 'utf8') }))
  const unknown: string[] = []
  let seen = 0
  for (const { file, text } of texts) {
    for (const match of text.matchAll(/tokenproof(?:\.ts)? (serve|run|schemas|pact|report|wrap|audit)\b((?:(?!, )[^`\n])*)/g)) {
      // After a bare `--` the flags are the wrapped app's.
      for (const flag of match[2]!.split(/\s--(?:\s|$)/)[0]!.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)) {
        seen++
        if (flag[0] !== '--help' && !HELP[match[1]!]!.includes(flag[0])) unknown.push(`${file}: tokenproof ${match[1]} ${flag[0]}`)
      }
    }
  }
  expect(unknown).toEqual([])
  expect(seen).toBeGreaterThan(5)
})

for (const file of DOCUMENTS) {
  const blocks = BLOCKS.filter((b) => b.file === file).map((block) => ({ block, check: checkOf(block) }))
  const runnable = blocks.filter(({ check }) => check?.kind === 'run' || check?.kind === 'file')
  if (runnable.length === 0) continue

  describe(`the commands of ${file}, run in a fresh folder`, () => {
    let workspace: Workspace
    const started = new Set<string>()
    const variables: string[] = []
    beforeAll(async () => {
      workspace = await createWorkspace()
    })
    afterAll(async () => {
      await workspace?.close()
    })

    for (const { block, check } of runnable) {
      if (check?.kind === 'file') {
        test(`${where(block)} is written as ${check.name}`, async () => {
          const path = join(workspace.dir, check.name)
          await writeFile(path, `${substitute(block.text, workspace)}\n`)
          if (block.text.startsWith('#!')) await chmod(path, 0o755)
        })
        continue
      }
      if (check?.kind !== 'run') continue
      const missing = missingTools(block.text)
      test.skipIf(missing.length > 0)(`${where(block)} runs${missing.length > 0 ? ` (needs ${missing.join(', ')})` : ''}`, async () => {
        for (const file of check.given) await writeGiven(join(workspace.dir, file))
        for (const fixture of check.with) {
          if (started.has(fixture)) continue
          started.add(fixture)
          await workspace.start(fixture)
        }
        const script: string[] = []
        for (const command of commandsOf(substitute(block.text, workspace))) {
          if (/^npm install -D tokenproof\b/.test(command)) continue
          if (isLongRunning(command)) {
            if (!started.has(command)) await workspace.background(command)
            started.add(command)
            started.add('mock')
            continue
          }
          script.push(command)
          if (/^[A-Za-z_][A-Za-z0-9_]*=\S*$/.test(command)) variables.push(`export ${command}`)
        }
        const result = await runScript(workspace, [...SHELL_PRELUDE, ...variables, ...script].join('\n'), 240_000)
        expect(result.code, `${where(block)} exited ${result.code}:\n${result.output.slice(-4000)}`).toBe(check.exit)
        for (const text of check.expect) expect(result.output, `${where(block)} prints "${text}"`).toContain(text)
        for (const path of check.creates) expect(fileExists(workspace, path), `${where(block)} leaves ${path}`).toBe(true)
      }, 300_000)
    }
  })
}

/** A file a user brings to a documented command: so far, their own RSA public key. */
async function writeGiven(path: string): Promise<void> {
  if (!path.endsWith('.pem')) throw new Error(`the docs test cannot make ${path}: only .pem keys`)
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  await writeFile(path, publicKey.export({ type: 'spki', format: 'pem' }))
}

function substitute(text: string, workspace: Workspace): string {
  return text.replaceAll('127.0.0.1:4010', `127.0.0.1:${workspace.mockPort}`).replaceAll('127.0.0.1:8080', `127.0.0.1:${workspace.merchantPort}`)
}

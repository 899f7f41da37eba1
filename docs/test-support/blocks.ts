/**
 * The code blocks of the Markdown docs and what the docs test does with each. A command block
 * (```sh, ```bash, ```shell, ```console) must be preceded by a marker comment saying how it is
 * checked; a command block without one fails the docs test, so a new example cannot slip in
 * unchecked.
 *
 *   <!-- doc-test: run -->                         run it (after the document's earlier blocks)
 *   <!-- doc-test: run; exit=1 -->                 run it, expecting this exit code
 *   <!-- doc-test: run; with=mock,merchant -->     start a mock / the reference merchant first
 *   <!-- doc-test: run; creates=out/report.json --> files the block must leave behind
 *   <!-- doc-test: run; expect=Verified OK -->     text its output must contain
 *   <!-- doc-test: run; given=my-public-key.pem --> a file the user brings (made by the test)
 *   <!-- doc-test: file=antom-call.sh -->          the block is a file the next blocks use
 *   <!-- doc-test: ci -->                          run by .ci/run on every change
 *   <!-- doc-test: covered=bin/pact.test.ts -->    run by that test, which shows each command
 *   <!-- doc-test: illustrative: why -->           not run (a fragment, a remote service, …)
 */
export const COMMAND_LANGUAGES: ReadonlySet<string> = new Set(['sh', 'bash', 'shell', 'console'])

export type Fixture = 'mock' | 'merchant'

export type BlockCheck =
  | {
      readonly kind: 'run'
      readonly exit: number
      readonly with: readonly Fixture[]
      /** Files the user is assumed to have (their own key, …), made by the test. */
      readonly given: readonly string[]
      readonly creates: readonly string[]
      readonly expect: readonly string[]
    }
  | { readonly kind: 'file'; readonly name: string }
  | { readonly kind: 'ci' }
  | { readonly kind: 'covered'; readonly by: string }
  | { readonly kind: 'illustrative'; readonly why: string }

export interface DocBlock {
  readonly file: string
  /** 1-based line of the opening fence. */
  readonly line: number
  readonly language: string
  readonly text: string
  /** The marker's text, absent when the block has none. */
  readonly marker?: string
}

const FENCE = /^(\s*)(`{3,})(\S*)\s*$/
const MARKER = /^<!--\s*doc-test:\s*(.*?)\s*-->\s*$/

export function extractBlocks(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split('\n')
  const blocks: DocBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!)
    if (!open) continue
    const [, indent = '', fence = '', language = ''] = open
    const start = i
    let end = i + 1
    while (end < lines.length && lines[end]!.trim() !== fence) end++
    let previous = start - 1
    while (previous >= 0 && lines[previous]!.trim() === '') previous--
    const marker = previous >= 0 ? MARKER.exec(lines[previous]!.trim())?.[1] : undefined
    // A block inside a list item is indented with it: its lines lose that indent.
    const text = lines.slice(start + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart())).join('\n')
    blocks.push({ file, line: start + 1, language, text, ...(marker !== undefined && { marker }) })
    i = end
  }
  return blocks
}

export class MarkerError extends Error {}

/** Reads a marker's text ("run; exit=1; with=mock"). Throws MarkerError on anything unknown. */
export function parseMarker(marker: string): BlockCheck {
  const [head = '', ...options] = marker.split(';').map((part) => part.trim())
  const illustrative = /^illustrative:\s*(\S.*)$/.exec(head)
  if (illustrative) return { kind: 'illustrative', why: illustrative[1]! }
  if (head === 'illustrative') throw new MarkerError('an illustrative block says why: "illustrative: <reason>"')
  if (head === 'ci') return { kind: 'ci' }
  const [key, value] = splitOption(head)
  if (key === 'file' && value) return { kind: 'file', name: value }
  if (key === 'covered' && value) return { kind: 'covered', by: value }
  if (head !== 'run') throw new MarkerError(`unknown doc-test marker "${marker}"`)
  let exit = 0
  let fixtures: Fixture[] = []
  const creates: string[] = []
  const given: string[] = []
  const expectations: string[] = []
  for (const option of options.filter((o) => o !== '')) {
    const [name, optionValue] = splitOption(option)
    if (!optionValue) throw new MarkerError(`option "${option}" has no value`)
    if (name === 'exit' && /^\d+$/.test(optionValue)) exit = Number(optionValue)
    else if (name === 'with') fixtures = optionValue.split(',').map((f) => fixture(f.trim()))
    else if (name === 'creates') creates.push(...optionValue.split(/\s+/))
    else if (name === 'given') given.push(...optionValue.split(/\s+/))
    else if (name === 'expect') expectations.push(optionValue)
    else throw new MarkerError(`unknown run option "${option}"`)
  }
  return { kind: 'run', exit, with: fixtures, given, creates, expect: expectations }
}

function splitOption(option: string): [string, string | undefined] {
  const at = option.indexOf('=')
  return at < 0 ? [option, undefined] : [option.slice(0, at).trim(), option.slice(at + 1).trim()]
}

function fixture(name: string): Fixture {
  if (name === 'mock' || name === 'merchant') return name
  throw new MarkerError(`unknown fixture "${name}" (mock, merchant)`)
}

/**
 * The commands of a shell block: continuation lines joined, comments and blank lines dropped.
 * Used to find the flags a block passes and the commands a covering test must show.
 */
export function commandsOf(text: string): string[] {
  const commands: string[] = []
  let current = ''
  for (const raw of text.split('\n')) {
    const line = stripComment(raw).trimEnd()
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `
      continue
    }
    const command = `${current}${line.trim()}`.trim()
    current = ''
    if (command !== '') commands.push(command)
  }
  return commands
}

/** Drops a trailing `# comment` that is not inside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = undefined
    } else if (c === "'" || c === '"') quote = c
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i)
  }
  return line
}

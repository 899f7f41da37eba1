import { exportSchemas, SOURCE_ROOT } from '../contracts/export.ts'
import { UsageError } from './usage.ts'

export const SCHEMAS_HELP = `tokenproof schemas — export every contract's JSON Schema and TypeScript types

Usage: tokenproof schemas [--out <dir>] [--check]

Writes <dir>/contracts/<id>/generated/<id>.schema.json and types.ts for each provider, and the
conformance report's JSON Schema to <dir>/reports/generated/report.schema.json. Without --out, in a
clone of the repository, <dir> is the repository itself; an installed package needs --out.
--check writes nothing and exits 1 when a file on disk is not what would be generated.
`

export async function schemas(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SCHEMAS_HELP)
    return 0
  }
  let out: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--check') continue
    if (arg === '--out') {
      out = argv[++i]
      if (!out) throw new UsageError('--out needs a folder: tokenproof schemas --out schemas')
      continue
    }
    throw new UsageError(`schemas: unknown option "${arg}"; run tokenproof schemas --help`)
  }
  const root = out ?? SOURCE_ROOT
  if (!root) throw new UsageError('schemas: --out <dir> is required outside a clone of the repository: tokenproof schemas --out schemas')
  return exportSchemas(root, { check: argv.includes('--check') })
}

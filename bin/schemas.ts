export const SCHEMAS_HELP = `tokenproof schemas — export every contract's JSON Schema and TypeScript types

Usage: tokenproof schemas [--check]

Writes contracts/<id>/generated/<id>.schema.json and types.ts for each provider, and the conformance
report's JSON Schema to reports/generated/report.schema.json. --check writes nothing and exits 1 when a file
on disk is not what would be generated.
`

export async function schemas(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SCHEMAS_HELP)
    return 0
  }
  // The exporter is the same script as `npm run schemas`; it reads --check from the command line.
  await import('../contracts/export.ts')
  return process.exitCode === 1 ? 1 : 0
}

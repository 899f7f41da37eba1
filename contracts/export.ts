/**
 * Writes each provider's JSON Schema and TypeScript types from its zod schemas:
 *   contracts/<id>/generated/<id>.schema.json and contracts/<id>/generated/types.ts
 * and the conformance report's published JSON Schema: reports/generated/report.schema.json
 *
 *   npm run schemas            regenerate
 *   npm run check:generated    exit 1, naming the files, when what is on disk is not what would be generated
 */
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConformanceReport } from '../reports/model.ts'
import { describeStale, findStale, renderAll, serializeDocument, toJsonSchemaDocument, writeGenerated, type SchemaSet } from './json-schema.ts'
import { contractRegistry } from './registry.ts'

const contractsDir = dirname(fileURLToPath(import.meta.url))

const sets: SchemaSet[] = Object.entries(contractRegistry).map(([key, contract]) => {
  if (contract.id !== key) throw new Error(`contractRegistry key "${key}" holds the contract of "${contract.id}"`)
  return { id: contract.id, schemas: contract.schemas }
})

const files = [
  ...(await renderAll(sets, contractsDir)),
  { path: join(contractsDir, '..', 'reports', 'generated', 'report.schema.json'), contents: serializeDocument(toJsonSchemaDocument('tokenproof-report', { ConformanceReport })) },
]

if (process.argv.includes('--check')) {
  const stale = await findStale(files)
  if (stale.length > 0) {
    console.error(`Generated contract files are stale:\n${describeStale(stale, process.cwd())}\nRun \`npm run schemas\` and commit the result.`)
    process.exitCode = 1
  } else {
    console.log(`Generated contract files are up to date (${files.length} files).`)
  }
} else {
  await writeGenerated(files)
  for (const file of files) console.log(`wrote ${relative(process.cwd(), file.path)}`)
}

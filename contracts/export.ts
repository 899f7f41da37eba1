/**
 * Writes each provider's JSON Schema and TypeScript types from its zod schemas:
 *   <root>/contracts/<id>/generated/<id>.schema.json and <root>/contracts/<id>/generated/types.ts
 * and the conformance report's published JSON Schema: <root>/reports/generated/report.schema.json
 * where <root> is the repository (`npm run schemas`, `npm run check:generated`) or a folder the
 * user names (`tokenproof schemas --out <dir>`).
 */
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConformanceReport } from '../reports/model.ts'
import { describeStale, findStale, renderAll, serializeDocument, toJsonSchemaDocument, writeGenerated, type SchemaSet } from './json-schema.ts'
import { contractRegistry } from './registry.ts'
import { renderAdyenIgnoredFields } from './adyen/ignored-fields.ts'

/** Per-provider generated files beyond the JSON Schema and types: path under the provider's folder, and its text. */
const PROVIDER_HOOKS: Readonly<Record<string, ReadonlyArray<{ readonly file: string; readonly render: () => string }>>> = {
  adyen: [{ file: 'generated/ignored-fields.ts', render: renderAdyenIgnoredFields }],
}

/** The repository root when this module runs from its TypeScript source. */
export const SOURCE_ROOT: string | undefined = import.meta.url.endsWith('.ts') ? join(dirname(fileURLToPath(import.meta.url)), '..') : undefined

async function render(root: string) {
  const sets: SchemaSet[] = Object.entries(contractRegistry).map(([key, contract]) => {
    if (contract.id !== key) throw new Error(`contractRegistry key "${key}" holds the contract of "${contract.id}"`)
    return { id: contract.id, schemas: contract.schemas }
  })
  return [
    ...(await renderAll(sets, join(root, 'contracts'))),
    ...Object.entries(PROVIDER_HOOKS).flatMap(([id, hooks]) => hooks.map((hook) => ({ path: join(root, 'contracts', id, hook.file), contents: hook.render() }))),
    { path: join(root, 'reports', 'generated', 'report.schema.json'), contents: serializeDocument(toJsonSchemaDocument('tokenproof-report', { ConformanceReport })) },
  ]
}

/** Writes the files, or with `check` compares them with the disk; resolves to the exit code. */
export async function exportSchemas(root: string, options: { readonly check: boolean }): Promise<number> {
  const files = await render(root)
  if (options.check) {
    const stale = await findStale(files)
    if (stale.length > 0) {
      console.error(`Generated contract files are stale:\n${describeStale(stale, process.cwd())}\nRun \`npm run schemas\` and commit the result.`)
      return 1
    }
    console.log(`Generated contract files are up to date (${files.length} files).`)
    return 0
  }
  await writeGenerated(files)
  for (const file of files) console.log(`wrote ${relative(process.cwd(), file.path)}`)
  return 0
}


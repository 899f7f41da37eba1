/**
 * Build step (npm run build, after tsc): `tokenproof serve` as one file. A process that loads the
 * command's ~150 modules one by one spends most of its start-up in Node's ESM loader; loaded from
 * one file, its first answer comes well within half a second (bench/startup.ts). The bundle replaces
 * tsc's dist/bin/serve.js (same exports, tsc's declarations stay); the rest of dist/ is unbundled.
 * The npm packages it takes in are listed, with their licences, in dist/bin/serve.licenses.txt.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import { z } from 'zod'

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'dist', 'bin', 'serve.js')
const LICENSES = join(ROOT, 'dist', 'bin', 'serve.licenses.txt')
/** The standalone server serves through the node:http adapter only: msw in it would be a regression. */
const FORBIDDEN = ['msw']

const PackageJson = z.object({ name: z.string(), version: z.string(), license: z.string().optional() })

/** The npm packages whose files a bundle holds (a nested package by its own folder), from esbuild's metafile. */
export function packagesIn(inputs: readonly string[]): { readonly name: string; readonly dir: string }[] {
  const found = new Map<string, string>()
  for (const input of inputs) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input)
    if (match) found.set(match[1] as string, match[2] as string)
  }
  return [...found].map(([dir, name]) => ({ name, dir })).sort((a, b) => a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir))
}

async function licenceText(dir: string): Promise<string> {
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license']) {
    try {
      return await readFile(join(dir, name), 'utf8')
    } catch {
      // Try the next name.
    }
  }
  throw new Error(`no licence file in ${dir}`)
}

/** Bundles `tokenproof serve`; `write: false` keeps it in memory (a test looks at what it holds). */
export async function bundleServe(write: boolean): Promise<{ readonly packages: { readonly name: string; readonly dir: string }[]; readonly bytes: number }> {
  const result = await build({
    entryPoints: [join(ROOT, 'bin', 'serve.ts')],
    outfile: OUT,
    allowOverwrite: true,
    write,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    banner: { js: '// tokenproof serve, bundled with the npm packages listed in serve.licenses.txt (their licences are there).' },
  })
  const packages = packagesIn(Object.keys(result.metafile.inputs))
  const forbidden = packages.filter(({ name }) => FORBIDDEN.includes(name)).map(({ name }) => name)
  if (forbidden.length > 0) throw new Error(`tokenproof serve must not load ${forbidden.join(', ')}`)
  return { packages, bytes: Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0) }
}

async function main(): Promise<void> {
  const { packages } = await bundleServe(true)
  const sections = await Promise.all(
    packages.map(async ({ dir: relative }) => {
      const dir = join(ROOT, relative)
      const pkg = PackageJson.parse(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')))
      return `${pkg.name} ${pkg.version} (${pkg.license ?? 'see below'})\n\n${(await licenceText(dir)).trim()}\n`
    }),
  )
  await writeFile(LICENSES, `dist/bin/serve.js holds these npm packages:\n\n${sections.join('\n---\n\n')}`)
  process.stdout.write(`bundled tokenproof serve (${packages.map((p) => p.name).join(', ')}) into dist/bin/serve.js\n`)
}

if (process.argv[1] === import.meta.filename) await main()

import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface Preload {
  /** A file URL for `node --import`, whatever the child's working folder. */
  readonly url: string
  dispose(): Promise<void>
}

/**
 * The preload as a file plain `node` loads. Installed, it is the compiled `register.js` beside this
 * module. In a clone (this module run from TypeScript) it is bundled with esbuild (tsx's) into a
 * temporary file: the app's process must not run under tsx, which would change how it loads.
 */
export async function preloadFile(): Promise<Preload> {
  const compiled = new URL('./register.js', import.meta.url)
  if (existsSync(compiled)) return { url: compiled.href, dispose: async () => {} }
  const folder = await mkdtemp(join(tmpdir(), 'tokenproof-register-'))
  const outfile = join(folder, 'register.mjs')
  try {
    const { build } = await import('esbuild')
    await build({
      entryPoints: [fileURLToPath(new URL('./register.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    })
  } catch (error) {
    await rm(folder, { recursive: true, force: true })
    throw error
  }
  return { url: pathToFileURL(outfile).href, dispose: () => rm(folder, { recursive: true, force: true }) }
}

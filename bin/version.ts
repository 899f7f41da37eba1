import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'

/** This package's package.json: the nearest one above this module (bin/ in a clone, dist/bin/ installed). */
function packageJsonPath(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate)) return candidate
    if (dirname(dir) === dir) throw new Error('tokenproof: package.json not found above the command')
  }
}

/** The version in package.json, written into every report. */
export const PACKAGE_VERSION = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(packageJsonPath(), 'utf8'))).version

#!/usr/bin/env node
// The `tokenproof` command. Installed from the registry it runs the compiled JavaScript in dist/;
// in a clone of the repository (the TypeScript sources beside this file) it runs them through tsx.
import { existsSync } from 'node:fs'
import { URL } from 'node:url'

const sources = new URL('./tokenproof.ts', import.meta.url)
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api')
  register()
  await import(sources.href)
} else {
  await import(new URL('../dist/bin/tokenproof.js', import.meta.url).href)
}

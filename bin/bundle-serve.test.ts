import { expect, test } from 'vitest'
import { bundleServe, packagesIn } from './bundle-serve.ts'

test('the packages a bundle holds are read from the paths of its inputs, scoped names whole', () => {
  expect(packagesIn(['bin/serve.ts', 'node_modules/zod/v4/core/core.js', 'node_modules/zod/v4/index.js', 'node_modules/@scope/pkg/lib/a.js', 'node_modules/a/node_modules/b/x.js', 'mocks/server.ts'])).toEqual([
    { name: '@scope/pkg', dir: 'node_modules/@scope/pkg' },
    { name: 'b', dir: 'node_modules/a/node_modules/b' },
    { name: 'zod', dir: 'node_modules/zod' },
  ])
})

test('tokenproof serve is bundled without msw: the standalone server serves through the node:http adapter alone', async () => {
  const bundled = await bundleServe(false)
  const packages = bundled.packages.map((p) => p.name)
  expect(packages).not.toContain('msw')
  expect(packages).not.toContain('@mswjs/interceptors')
  // What it does need: schemas and JOSE, and nothing of the report, pact or suite machinery.
  expect(packages).toEqual(expect.arrayContaining(['zod', 'jose']))
  expect(packages.filter((name) => name.startsWith('@pact-foundation') || name === 'ajv' || name === 'fast-check')).toEqual([])
  expect(bundled.bytes).toBeGreaterThan(0)
}, 60_000)

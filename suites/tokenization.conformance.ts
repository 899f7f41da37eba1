/**
 * The conformance suites as vitest tests: one test per provider and scenario, failing with the
 * findings it produced. Run with `npm run conformance` (vitest.conformance.config.ts); the target
 * comes from the environment (suites/target.ts), by default the bundled reference merchant.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ProviderContract } from '../contracts/core/provider-contract.ts'
import { contractRegistry } from '../contracts/registry.ts'
import type { Finding } from './findings.ts'
import { openConformanceSession, type ConformanceSession } from './run.ts'
import { scenarioFlows } from './scenario.ts'
import { SCENARIOS } from './scenarios/index.ts'
import { providerFilter, targetFromEnvironment, type OpenTarget } from './target.ts'

let target: OpenTarget | undefined
let session: ConformanceSession | undefined

beforeAll(async () => {
  target = await targetFromEnvironment()
  const providers = providerFilter()
  session = await openConformanceSession(target, providers ? { providers } : {})
}, 60_000)

afterAll(async () => {
  await target?.close()
})

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.ruleId} (${f.severity}) ${f.title}\n    observed: ${f.message}\n    source: ${f.citation}`).join('\n')
}

for (const [provider, contract] of Object.entries(contractRegistry) as [string, ProviderContract][]) {
  describe(provider, () => {
    for (const scenario of SCENARIOS) {
      // One test per flow the scenario runs in with this provider (its profile declares them).
      const flows = contract.conformance ? scenarioFlows(scenario, contract.conformance).map((f) => f?.flow) : [undefined]
      for (const flow of flows) {
        test(`${scenario.id}${flow ? ` [${flow}]` : ''}: ${scenario.title}`, async (ctx) => {
          if (!session?.providers.includes(provider)) return ctx.skip(`the integration does not offer ${provider}`)
          const result = await session.runScenario(provider, scenario, flow)
          ctx.task.meta.tokenproof = { integration: session.integration, result }
          if (result.status === 'skipped') return ctx.skip(result.reason)
          if (result.status === 'error') throw new Error(`could not run: ${result.reason ?? 'unknown'}`)
          expect(result.findings, describeFindings(result.findings)).toEqual([])
        })
      }
    }
  })
}

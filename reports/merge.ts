/**
 * Joins the reports of a sharded run (`tokenproof run --shard i/n` in each CI job) into the report
 * the unsharded run would have written: results in the catalogue's order, counts, score and
 * summary recomputed by the same `buildReport`.
 */
import type { ConformanceRun, ScenarioResult } from '../suites/findings.ts'
import type { ProviderContract } from '../contracts/core/provider-contract.ts'
import { contractRegistry } from '../contracts/registry.ts'
import { SCENARIOS } from '../suites/scenarios/index.ts'
import { buildReport, type ConformanceReport } from './model.ts'

export class MergeError extends Error {}

const catalogueOrder = (scenario: string): number => {
  const index = SCENARIOS.findIndex((s) => s.id === scenario)
  return index === -1 ? SCENARIOS.length : index
}

/** A flow's place among its provider's pay flows: a scenario's runs in the order the profile declares its flows. */
const flowOrder = (result: ScenarioResult): number => {
  const profile = (contractRegistry as Readonly<Record<string, ProviderContract>>)[result.provider]?.conformance
  const index = result.flow === undefined ? -1 : (profile?.flows.pay.findIndex((f) => f.flow === result.flow) ?? -1)
  return index
}

export function mergeReports(reports: readonly ConformanceReport[]): ConformanceReport {
  const [first] = reports
  if (!first) throw new MergeError('no reports to merge')
  const integrations = [...new Set(reports.map((r) => r.integration))]
  if (integrations.length > 1) throw new MergeError(`the reports test different integrations (${integrations.join(', ')}): merge the shards of one run`)
  const versions = [...new Set(reports.map((r) => r.tool.version))]
  if (versions.length > 1) throw new MergeError(`the reports come from different Tokenproof versions (${versions.join(', ')})`)

  const providers = [...new Set(reports.flatMap((r) => r.providers.map((p) => p.id)))]
  const seen = new Set<string>()
  const results: ScenarioResult[] = []
  for (const provider of providers) {
    const own = reports.flatMap((r) => r.providers.filter((p) => p.id === provider).flatMap((p) => p.results))
    for (const result of own) {
      const key = `${result.provider} ${result.scenario}${result.flow !== undefined ? ` [${result.flow}]` : ''}`
      if (seen.has(key)) throw new MergeError(`${key} is in more than one report: were two shards given the same --shard?`)
      seen.add(key)
    }
    results.push(...own.sort((a, b) => catalogueOrder(a.scenario) - catalogueOrder(b.scenario) || flowOrder(a) - flowOrder(b)))
  }
  const starts = reports.map((r) => Date.parse(r.startedAt))
  const start = Math.min(...starts)
  const end = Math.max(...reports.map((r, i) => starts[i]! + r.durationMs))
  const run: ConformanceRun = { integration: first.integration, startedAt: new Date(start).toISOString(), durationMs: end - start, providers, results }
  return buildReport(run, first.tool.version)
}

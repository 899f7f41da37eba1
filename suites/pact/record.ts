/**
 * `tokenproof pact write`: run the conformance scenarios against an integration, keep what each did
 * on the wire, and write one Pact file per provider (`<consumer>-<provider>.json`).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ProviderContract } from '../../contracts/core/provider-contract.ts'
import { contractRegistry } from '../../contracts/registry.ts'
import type { ConformanceRun } from '../findings.ts'
import { runConformance, type ConformanceTarget, type RunOptions } from '../run.ts'
import type { ScenarioTraffic } from '../traffic.ts'
import type { PactFile } from './v4.ts'
import { writePact } from './write.ts'

export interface RecordedPacts {
  readonly run: ConformanceRun
  readonly pacts: readonly PactFile[]
}

/** Runs the scenarios and builds the pacts (scenarios that could not run are left out). */
export async function recordPacts(target: ConformanceTarget, options: Pick<RunOptions, 'providers' | 'scenarios' | 'onResult'> & { readonly consumer?: string } = {}): Promise<RecordedPacts> {
  const traffic: ScenarioTraffic[] = []
  const run = await runConformance(target, { ...options, onTraffic: (t) => traffic.push(t) })
  const broken = new Set(run.results.filter((r) => r.status === 'error').map((r) => `${r.provider}/${r.scenario}`))
  const kept = traffic.filter((t) => !broken.has(`${t.provider}/${t.scenario}`))
  const pacts = run.providers.map((provider) => {
    const contract = (contractRegistry as Readonly<Record<string, ProviderContract>>)[provider]
    if (!contract) throw new Error(`no contract for ${provider}`)
    return writePact(kept, { consumer: options.consumer ?? run.integration, contract })
  })
  return { run, pacts }
}

export function pactFileName(pact: PactFile): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-')
  return `${safe(pact.consumer.name)}-${safe(pact.provider.name)}.json`
}

export async function savePacts(pacts: readonly PactFile[], outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true })
  const files: string[] = []
  for (const pact of pacts) {
    const file = join(outDir, pactFileName(pact))
    await writeFile(file, `${JSON.stringify(pact, null, 2)}\n`)
    files.push(file)
  }
  return files
}

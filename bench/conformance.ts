/**
 * `npm run bench:conformance`: how long the full conformance matrix takes against the bundled
 * reference merchant (every provider, every scenario), on the mock's clock (no sleeping: retries
 * and expiries are clock advances). Target (issue #5): ≤ 20 s on this 2-core machine.
 *
 * Runs the matrix BENCH_RUNS times (default 3) in one process, each against a fresh mock and
 * merchant, and prints per provider the median time, its share of the run, the slowest scenario,
 * and the total against the target. Writes bench/results/conformance.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { startBundledTarget } from '../examples/reference-merchant/bundled.ts'
import type { ConformanceRun } from '../suites/findings.ts'
import { runConformance } from '../suites/run.ts'
import { percentile } from './table.ts'

const TARGET_SECONDS = 20
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3))

async function oneRun(): Promise<{ run: ConformanceRun; wallMs: number }> {
  const started = performance.now()
  const target = await startBundledTarget()
  try {
    const run = await runConformance(target)
    return { run, wallMs: performance.now() - started }
  } finally {
    await target.close()
  }
}

const samples: { run: ConformanceRun; wallMs: number }[] = []
for (let i = 0; i < runs; i++) {
  const sample = await oneRun()
  const bad = sample.run.results.filter((r) => r.status === 'failed' || r.status === 'error')
  if (bad.length > 0) throw new Error(`the reference merchant did not conform: ${bad.map((r) => `${r.provider}/${r.scenario}`).join(', ')}`)
  samples.push(sample)
  process.stderr.write(`run ${i + 1}/${runs}: ${(sample.wallMs / 1000).toFixed(2)} s\n`)
}

const providers = samples[0]?.run.providers ?? []
const medianWall = percentile(samples.map((s) => s.wallMs), 50)
const rows = providers.map((provider) => {
  const perRun = samples.map((s) => s.run.results.filter((r) => r.provider === provider))
  const totals = perRun.map((results) => results.reduce((sum, r) => sum + r.durationMs, 0))
  const last = perRun.at(-1) ?? []
  const slowest = [...last].sort((a, b) => b.durationMs - a.durationMs)[0]
  const ran = last.filter((r) => r.status !== 'skipped').length
  return { provider, ran, skipped: last.length - ran, medianMs: percentile(totals, 50), slowest: slowest ? `${slowest.scenario} ${Math.round(slowest.durationMs)} ms` : '' }
})

const pad = (text: string, width: number): string => text.padEnd(width)
const lines = [
  `${pad('provider', 12)}${pad('scenarios', 11)}${pad('skipped', 9)}${pad('median s', 10)}${pad('share', 8)}slowest scenario`,
  ...rows.map((r) => `${pad(r.provider, 12)}${pad(String(r.ran), 11)}${pad(String(r.skipped), 9)}${pad((r.medianMs / 1000).toFixed(2), 10)}${pad(`${Math.round((r.medianMs / medianWall) * 100)} %`, 8)}${r.slowest}`),
  '',
  `full matrix (start-up included), median of ${runs}: ${(medianWall / 1000).toFixed(2)} s — ${(medianWall / 1000 / TARGET_SECONDS).toFixed(2)} of the ${TARGET_SECONDS} s target: ${medianWall / 1000 <= TARGET_SECONDS ? 'pass' : 'FAIL'}`,
]
process.stdout.write(`${lines.join('\n')}\n`)
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(new URL('./results/conformance.json', import.meta.url), JSON.stringify({ runs: samples.map((s) => s.wallMs), medianWall, rows }, null, 2))
if (process.env.BENCH_STRICT === '1' && medianWall / 1000 > TARGET_SECONDS) process.exitCode = 1

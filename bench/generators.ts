/**
 * `npm run bench:generators`: generated requests per second, validated end to end in-process, per
 * provider (bench/in-process.ts). Target: ≥ 2,000 requests/s end to end.
 *
 *   npm run bench:generators            (TOKENPROOF_BENCH_REQUESTS=<n> per provider, default 4000)
 */
import { BATCH, PROVIDERS } from '../generators/test-support/mock-properties.ts'
import { measureInProcess, measureMswFloor, type InProcessRow } from './in-process.ts'

const REQUESTS = Number(process.env.TOKENPROOF_BENCH_REQUESTS ?? 4_000)
const TARGET_PER_SECOND = 2_000

const floor = await measureMswFloor(REQUESTS)
const rows: InProcessRow[] = []
for (const provider of PROVIDERS) rows.push(await measureInProcess(provider, REQUESTS))

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9)
console.log(`\nGenerated requests per second, in-process, ${REQUESTS} per provider, ${BATCH} in flight (Node ${process.version})\n`)
console.log('provider   | generate+validate/s | end to end (msw)/s | target 2,000/s | same loop without msw/s | problems')
console.log('-----------|---------------------|--------------------|----------------|-------------------------|---------')
for (const r of rows) {
  console.log(`${r.provider.padEnd(10)} | ${fmt(r.baseline)}           | ${fmt(r.endToEnd)}          | ${(r.endToEnd >= TARGET_PER_SECOND ? 'pass' : 'below').padEnd(14)} | ${fmt(r.direct)}               | ${r.problems}`)
}
console.log(`\nmsw alone (one handler answering constant JSON, same batches, no generation, no mock): ${fmt(floor).trim()} req/s`)
if (rows.some((r) => r.problems > 0)) process.exitCode = 1

/**
 * Profiles the standalone server's thread under load for one provider call (the measuring step
 * behind docs/performance.md): `npx tsx bench/profile-server.ts antom|adyen|appotapay|pivot [seconds]`. Writes
 * bench/results/<provider>-server.cpuprofile and prints self time by function and by place.
 */
import { mkdir } from 'node:fs/promises'
import { startMockServer } from '../mocks/server.ts'
import { PAY_PATH, signPayPool } from './antom.ts'
import { JSON_CALLS } from './calls.ts'
import { runLoad } from './load.ts'
import { printSelfTime, withCpuProfile } from './profile.ts'

const jsonCall = JSON_CALLS.find((c) => c.provider === process.argv[2])
const provider = jsonCall?.provider ?? 'antom'
const seconds = Number(process.argv[3] ?? 5)
const RESULTS = new URL('./results/', import.meta.url)
await mkdir(RESULTS, { recursive: true })

const server = await startMockServer({ port: 0, providers: [provider], clockOptions: { mode: 'system' } })
try {
  const file = new URL(`${provider}-server.cpuprofile`, RESULTS)
  // The requests are built before the profile starts: it holds the server's work only.
  const call = jsonCall ?? { path: PAY_PATH, check: 'antomPay' as const }
  const pool = jsonCall ? await jsonCall.pool(server.url, Math.ceil(6000 * (seconds + 1))) : signPayPool(Math.ceil(1500 * (seconds + 1)), 'profile', { kind: 'card' })
  const run = async (): Promise<number> => {
    const report = await runLoad({ url: server.url, method: 'POST', path: call.path, pool, check: call.check, connections: 10, durationSeconds: seconds, warmupSeconds: 1, samples: 1 })
    return report.measured.completed / report.measured.seconds
  }
  const { value: rps, profile } = await withCpuProfile(file, run)
  process.stdout.write(`${provider}: ${rps.toFixed(0)} rps; profile in bench/results/${provider}-server.cpuprofile\n\n`)
  printSelfTime(profile, 30, 20)
} finally {
  await server.close()
}

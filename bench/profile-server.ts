/**
 * Profiles the standalone server's thread under load for one provider call (the measuring step
 * behind docs/performance.md): `npx tsx bench/profile-server.ts antom|adyen [seconds]`. Writes
 * bench/results/<provider>-server.cpuprofile and prints self time by function and by place.
 */
import { mkdir } from 'node:fs/promises'
import { DEFAULT_API_KEY } from '../mocks/adyen/merchants.ts'
import { startMockServer } from '../mocks/server.ts'
import { PAY_PATH, signPayPool } from './antom.ts'
import { SESSION_BODY } from './adyen.ts'
import { runLoad } from './load.ts'
import { printSelfTime, withCpuProfile } from './profile.ts'

const provider = process.argv[2] === 'adyen' ? 'adyen' : 'antom'
const seconds = Number(process.argv[3] ?? 5)
const RESULTS = new URL('./results/', import.meta.url)
await mkdir(RESULTS, { recursive: true })

const server = await startMockServer({ port: 0, providers: [provider], clockOptions: { mode: 'system' } })
try {
  const file = new URL(`${provider}-server.cpuprofile`, RESULTS)
  const pool = provider === 'antom' ? signPayPool(Math.ceil(1500 * (seconds + 1)), 'profile', { kind: 'card' }) : []
  const run = async (): Promise<number> => {
    if (provider === 'antom') {
      const report = await runLoad({ url: server.url, method: 'POST', path: PAY_PATH, pool, check: 'antomPay', connections: 10, durationSeconds: seconds, warmupSeconds: 1, samples: 1 })
      return report.measured.completed / report.measured.seconds
    }
    const sessions = [{ headers: { 'content-type': 'application/json', 'x-api-key': DEFAULT_API_KEY }, body: SESSION_BODY }]
    const report = await runLoad({ url: server.url, method: 'POST', path: '/v71/sessions', pool: sessions, check: 'adyenSession', connections: 10, durationSeconds: seconds, warmupSeconds: 1, samples: 1 })
    return report.measured.completed / report.measured.seconds
  }
  const { value: rps, profile } = await withCpuProfile(file, run)
  process.stdout.write(`${provider}: ${rps.toFixed(0)} rps; profile in bench/results/${provider}-server.cpuprofile\n\n`)
  printSelfTime(profile, 30, 20)
} finally {
  await server.close()
}

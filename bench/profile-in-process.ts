/**
 * Profiles the in-process (msw) loop of one provider (the measuring step behind the in-process rows
 * of docs/performance.md): `npx tsx bench/profile-in-process.ts pivot [requests]`. Writes
 * bench/results/<provider>-in-process.cpuprofile and prints self time by function and by place.
 */
import { mkdir } from 'node:fs/promises'
import { contractRegistry, type ProviderId } from '../contracts/registry.ts'
import { measureInProcess } from './in-process.ts'
import { printSelfTime, withCpuProfile } from './profile.ts'

const provider = (process.argv[2] ?? 'pivot') as ProviderId
if (!(provider in contractRegistry)) throw new Error(`unknown provider ${provider}; known: ${Object.keys(contractRegistry).join(', ')}`)
const requests = Number(process.argv[3] ?? 4000)
const RESULTS = new URL('./results/', import.meta.url)
await mkdir(RESULTS, { recursive: true })

const { value: row, profile } = await withCpuProfile(new URL(`${provider}-in-process.cpuprofile`, RESULTS), () => measureInProcess(provider, requests))
process.stdout.write(`${provider}: end to end ${row.endToEnd.toFixed(0)} req/s, without msw ${row.direct.toFixed(0)} req/s, generate+validate ${row.baseline.toFixed(0)} req/s\n\n`)
printSelfTime(profile, 30, 25)

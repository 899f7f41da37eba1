/**
 * BENCH_PROFILE=1: a CPU profile of the server's thread (this process's main thread) while the load
 * runs, through node:inspector, so the profile holds the mock's work and not the load generator's
 * (which runs in its worker). Open the .cpuprofile in Chrome DevTools or speedscope.
 */
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string }
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export async function withCpuProfile<T>(file: URL, run: () => Promise<T>): Promise<{ value: T; profile: CpuProfile }> {
  const session = new Session()
  session.connect()
  try {
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 200 })
    await session.post('Profiler.start')
    const value = await run()
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile }
    await writeFile(file, JSON.stringify(profile))
    return { value, profile }
  } finally {
    session.disconnect()
  }
}

/** Where a sampled frame's code lives: a project file, a package, a Node module, or a native/VM bucket. */
export function bucketOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return `package ${pkg[1]}`
  if (url.startsWith('node:')) return url
  const project = /\/((?:mocks|contracts|bench)\/.*)$/.exec(url)
  return project?.[1] ?? url
}

/** Self time by bucket, largest first, as fractions of all sampled time. */
export function selfTimeByBucket(profile: CpuProfile): Array<{ bucket: string; share: number }> {
  const bucketById = new Map(profile.nodes.map((n) => [n.id, bucketOf(n.callFrame)]))
  const totals = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    const bucket = bucketById.get(id) ?? '?'
    totals.set(bucket, (totals.get(bucket) ?? 0) + delta)
    all += delta
  })
  return [...totals].map(([bucket, t]) => ({ bucket, share: all > 0 ? t / all : 0 })).sort((a, b) => b.share - a.share)
}

/** Self time by function (name and place), largest first, as fractions of all sampled time. */
export function selfTimeByFunction(profile: CpuProfile): Array<{ name: string; share: number }> {
  const nameById = new Map(profile.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anonymous)'} — ${bucketOf(n.callFrame)}`]))
  const totals = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    const name = nameById.get(id) ?? '?'
    totals.set(name, (totals.get(name) ?? 0) + delta)
    all += delta
  })
  return [...totals].map(([name, t]) => ({ name, share: all > 0 ? t / all : 0 })).sort((a, b) => b.share - a.share)
}

/** Prints a profile's top functions and places by self time. */
export function printSelfTime(profile: CpuProfile, functions: number, places: number): void {
  process.stdout.write('self time by function:\n')
  for (const { name, share } of selfTimeByFunction(profile).slice(0, functions)) process.stdout.write(`  ${(share * 100).toFixed(1).padStart(5)} %  ${name}\n`)
  process.stdout.write('\nself time by place:\n')
  for (const { bucket, share } of selfTimeByBucket(profile).slice(0, places)) process.stdout.write(`  ${(share * 100).toFixed(1).padStart(5)} %  ${bucket}\n`)
}

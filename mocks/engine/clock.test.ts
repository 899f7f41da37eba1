import { afterEach, expect, test, vi } from 'vitest'
import { createClock, type Clock, type ClockTimer } from './clock.ts'

const START = Date.UTC(2026, 0, 15, 8, 0, 0)
const clocks: Clock[] = []
const manual = (): Clock => {
  const clock = createClock({ mode: 'manual', start: START })
  clocks.push(clock)
  return clock
}
afterEach(() => {
  for (const clock of clocks.splice(0)) clock.dispose()
})

test('manual mode starts at the given time and only moves through advance', async () => {
  const clock = manual()
  expect(clock.now()).toBe(START)
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect(clock.now()).toBe(START)
  await clock.advance(1500)
  expect(clock.now()).toBe(START + 1500)
})

test('manual mode without a start uses a fixed date, not the wall clock', () => {
  const clock = createClock()
  expect(clock.now()).toBe(Date.UTC(2026, 0, 15, 8, 0, 0))
  clock.dispose()
})

test('advance runs due tasks in time order, ties in scheduling order, each at its own time', async () => {
  const clock = manual()
  const ran: Array<[string, number]> = []
  const task = (name: string) => () => {
    ran.push([name, clock.now()])
  }
  clock.schedule(START + 300, task('c'))
  clock.schedule(START + 100, task('a'))
  clock.schedule(START + 200, task('b1'))
  clock.schedule(START + 200, task('b2'))
  clock.schedule(START + 200, task('b3'))
  clock.schedule(START + 5000, task('later'))
  await clock.advance(1000)
  expect(ran).toEqual([
    ['a', START + 100],
    ['b1', START + 200],
    ['b2', START + 200],
    ['b3', START + 200],
    ['c', START + 300],
  ])
  expect(clock.pending()).toBe(1)
  expect(clock.now()).toBe(START + 1000)
})

test('a task exactly at the end of the window runs; one a millisecond later does not', async () => {
  const clock = manual()
  const ran: string[] = []
  clock.schedule(START + 1000, () => void ran.push('edge'))
  clock.schedule(START + 1001, () => void ran.push('after'))
  await clock.advance(1000)
  expect(ran).toEqual(['edge'])
  await clock.advance(1)
  expect(ran).toEqual(['edge', 'after'])
})

test('advance awaits each async task before starting the next', async () => {
  const clock = manual()
  const events: string[] = []
  clock.schedule(START + 10, async () => {
    events.push('first:start')
    await new Promise((resolve) => setTimeout(resolve, 20))
    events.push('first:end')
  })
  clock.schedule(START + 20, () => void events.push('second'))
  await clock.advance(100)
  expect(events).toEqual(['first:start', 'first:end', 'second'])
})

test('tasks scheduled by a task inside the advanced window also run, at their own time', async () => {
  const clock = manual()
  const ran: Array<[string, number]> = []
  clock.schedule(START + 100, () => {
    ran.push(['parent', clock.now()])
    clock.schedule(clock.now() + 50, () => {
      ran.push(['child', clock.now()])
      clock.schedule(clock.now() + 10_000, () => void ran.push(['outside', clock.now()]))
    })
  })
  await clock.advance(500)
  expect(ran).toEqual([
    ['parent', START + 100],
    ['child', START + 150],
  ])
  expect(clock.pending()).toBe(1)
  expect(clock.now()).toBe(START + 500)
})

test('a task scheduled in the past runs at the next advance, without moving time back', async () => {
  const clock = manual()
  await clock.advance(1000)
  const seen: number[] = []
  clock.schedule(START, () => void seen.push(clock.now()))
  await clock.advance(0)
  expect(seen).toEqual([START + 1000])
})

test('a cancelled task never runs', async () => {
  const clock = manual()
  const ran: string[] = []
  const keep = clock.schedule(START + 10, () => void ran.push('keep'))
  const drop = clock.schedule(START + 20, () => void ran.push('drop'))
  clock.cancel(drop)
  expect(clock.pending()).toBe(1)
  await clock.advance(100)
  expect(ran).toEqual(['keep'])
  expect(keep.at).toBe(START + 10)
  expect(clock.pending()).toBe(0)
})

test('thousands of tasks scheduled out of order run in time order, ties in scheduling order, cancelled ones never', async () => {
  const clock = manual()
  const ran: Array<readonly [number, number]> = []
  const timers: ClockTimer[] = []
  // A fixed shuffle (a linear congruential sequence), with many ties.
  let x = 7
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    const at = START + (x % 997)
    timers.push(clock.schedule(at, () => void ran.push([clock.now(), i])))
  }
  for (let i = 0; i < 5000; i += 3) clock.cancel(timers[i]!)
  expect(clock.pending()).toBe(5000 - 1667)
  await clock.advance(1000)
  expect(ran).toHaveLength(5000 - 1667)
  expect(ran.some(([, i]) => i % 3 === 0)).toBe(false)
  const sorted = [...ran].sort(([a, i], [b, j]) => a - b || i - j)
  expect(ran).toEqual(sorted)
  expect(ran.every(([at, i]) => at === timers[i]!.at)).toBe(true)
  expect(clock.pending()).toBe(0)
})

test('a failing task does not stop the clock', async () => {
  const clock = manual()
  const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
  try {
    const ran: string[] = []
    clock.schedule(START + 1, () => {
      throw new Error('boom')
    })
    clock.schedule(START + 2, () => void ran.push('next'))
    await clock.advance(10)
    expect(ran).toEqual(['next'])
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('boom'))
  } finally {
    warn.mockRestore()
  }
})

test.each([-1, Number.NaN])('advance rejects %s', async (ms) => {
  const clock = manual()
  await expect(clock.advance(ms)).rejects.toThrow(RangeError)
  expect(clock.now()).toBe(START)
})

test('concurrent advances run one after the other and add up', async () => {
  const clock = manual()
  const seen: number[] = []
  clock.schedule(START + 150, () => void seen.push(clock.now()))
  await Promise.all([clock.advance(100), clock.advance(100)])
  expect(seen).toEqual([START + 150])
  expect(clock.now()).toBe(START + 200)
})

test('a task that advances the clock fails instead of waiting for itself', async () => {
  const clock = manual()
  const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
  try {
    let error: unknown
    clock.schedule(START + 1, async () => {
      await clock.advance(10).catch((e: unknown) => {
        error = e
      })
    })
    await clock.advance(5)
    expect(String(error)).toMatch(/cannot advance/)
    expect(clock.now()).toBe(START + 5)
  } finally {
    warn.mockRestore()
  }
})

test('dispose drops every task', async () => {
  const clock = manual()
  const ran: string[] = []
  clock.schedule(START + 1, () => void ran.push('x'))
  clock.dispose()
  expect(clock.pending()).toBe(0)
  await clock.advance(10)
  expect(ran).toEqual([])
})

test('system mode follows the wall clock plus what advance added', async () => {
  const clock = createClock({ mode: 'system' })
  clocks.push(clock)
  expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000)
  await clock.advance(3_600_000)
  expect(Math.abs(clock.now() - (Date.now() + 3_600_000))).toBeLessThan(1000)
})

test('system mode: advance runs the tasks it makes due', async () => {
  const clock = createClock({ mode: 'system' })
  clocks.push(clock)
  const ran: string[] = []
  clock.schedule(clock.now() + 60_000, () => void ran.push('due'))
  clock.schedule(clock.now() + 3_600_000, () => void ran.push('not yet'))
  await clock.advance(120_000)
  expect(ran).toEqual(['due'])
  expect(clock.pending()).toBe(1)
})

test('system mode: a task due soon fires by itself', async () => {
  const clock = createClock({ mode: 'system' })
  clocks.push(clock)
  const ran: number[] = []
  clock.schedule(clock.now() + 20, () => void ran.push(clock.now()))
  expect(ran).toEqual([])
  await vi.waitFor(() => expect(ran).toHaveLength(1), { timeout: 2000, interval: 5 })
  expect(clock.pending()).toBe(0)
})

test('system mode: tasks due after the armed one set no new timer, an earlier one does, and all fire in order', async () => {
  const clock = createClock({ mode: 'system' })
  clocks.push(clock)
  const timers = vi.spyOn(globalThis, 'setTimeout')
  try {
    const ran: string[] = []
    clock.schedule(clock.now() + 40, () => void ran.push('first'))
    const armed = timers.mock.calls.length
    for (let i = 0; i < 50; i++) clock.schedule(clock.now() + 60 + i, () => void ran.push(`later ${i}`))
    expect(timers.mock.calls.length).toBe(armed)
    clock.schedule(clock.now() + 15, () => void ran.push('earlier'))
    expect(timers.mock.calls.length).toBe(armed + 1)
    await vi.waitFor(() => expect(ran).toHaveLength(52), { timeout: 2000, interval: 5 })
    expect(ran.slice(0, 3)).toEqual(['earlier', 'first', 'later 0'])
  } finally {
    timers.mockRestore()
  }
})

test('system mode: a cancelled task does not fire, the others still do', async () => {
  const clock = createClock({ mode: 'system' })
  clocks.push(clock)
  const ran: string[] = []
  const drop = clock.schedule(clock.now() + 10, () => void ran.push('drop'))
  clock.schedule(clock.now() + 30, () => void ran.push('keep'))
  clock.cancel(drop)
  await vi.waitFor(() => expect(ran).toEqual(['keep']), { timeout: 2000, interval: 5 })
})

test('system mode: dispose stops a scheduled task, and nothing scheduled afterwards fires by itself', async () => {
  const clock = createClock({ mode: 'system' })
  clocks.push(clock)
  const ran: string[] = []
  clock.schedule(clock.now() + 20, () => void ran.push('before'))
  clock.dispose()
  clock.schedule(clock.now() + 5, () => void ran.push('after'))
  // A control task on a live clock shows that enough real time passed for both to have fired.
  const control = createClock({ mode: 'system' })
  clocks.push(control)
  let controlRan = false
  control.schedule(control.now() + 60, () => {
    controlRan = true
  })
  await vi.waitFor(() => expect(controlRan).toBe(true), { timeout: 2000, interval: 5 })
  expect(ran).toEqual([])
})

test.each(['manual', 'system'] as const)('%s mode: one large advance runs each task at its own due time, chains included', async (mode) => {
  const clock = createClock({ mode, start: START })
  clocks.push(clock)
  const t0 = clock.now()
  const ran: Array<[string, number]> = []
  clock.schedule(t0 + 60_000, () => {
    ran.push(['parent', clock.now() - t0])
    clock.schedule(clock.now() + 30_000, () => void ran.push(['child', clock.now() - t0]))
  })
  clock.schedule(t0 + 3_600_000, () => void ran.push(['hour', clock.now() - t0]))
  await clock.advance(86_400_000)
  // The system clock keeps moving with real time while the advance runs: a few ms at most.
  const tolerance = mode === 'manual' ? 0 : 200
  expect(ran.map(([name]) => name)).toEqual(['parent', 'child', 'hour'])
  for (const [[, at], expected] of ran.map((r, i) => [r, [60_000, 90_000, 3_600_000][i]!] as const)) {
    expect(Math.abs(at - expected)).toBeLessThanOrEqual(tolerance)
  }
  expect(clock.now() - t0).toBeGreaterThanOrEqual(86_400_000)
})

test('wall() reads the real clock, whatever the advances', async () => {
  let real = 1_000
  const clock = createClock({ mode: 'manual', start: START, wall: () => real })
  clocks.push(clock)
  expect(clock.wall()).toBe(1_000)
  await clock.advance(86_400_000)
  expect(clock.wall()).toBe(1_000)
  real = 2_000
  expect(clock.wall()).toBe(2_000)
  expect(clock.now()).toBe(START + 86_400_000)
  const system = createClock({ mode: 'system', wall: () => real })
  clocks.push(system)
  await system.advance(60_000)
  expect(system.wall()).toBe(2_000)
  expect(system.now()).toBe(62_000)
})

test('a hold lets earlier tasks run while its work is in flight, but time does not pass its limit before it settles', async () => {
  const clock = manual()
  const ran: Array<[string, number]> = []
  let finish = (): void => undefined
  const work = new Promise<void>((resolve) => {
    finish = resolve
  })
  clock.schedule(START + 100, () => {
    // Work that may schedule a task 1 s after it started, once it settles.
    clock.hold(START + 1100, work.then(() => void clock.schedule(START + 1100, () => void ran.push(['follow-up', clock.now()]))))
  })
  clock.schedule(START + 500, () => void ran.push(['before the limit', clock.now()]))
  clock.schedule(START + 2000, () => void ran.push(['after the limit', clock.now()]))
  const advancing = clock.advance(10_000)
  await vi.waitFor(() => expect(ran).toEqual([['before the limit', START + 500]]))
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(ran).toHaveLength(1)
  finish()
  await advancing
  expect(ran).toEqual([
    ['before the limit', START + 500],
    ['follow-up', START + 1100],
    ['after the limit', START + 2000],
  ])
})

test('advance waits for held work even when its limit lies beyond the advance', async () => {
  const clock = manual()
  let settled = false
  clock.hold(
    START + 60_000,
    new Promise<void>((resolve) => setTimeout(resolve, 30)).then(() => {
      settled = true
    }),
  )
  await clock.advance(10)
  expect(settled).toBe(true)
  expect(clock.now()).toBe(START + 10)
})

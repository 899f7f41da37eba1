import { AsyncLocalStorage } from 'node:async_hooks'

/** A timer scheduled on the engine's clock. */
export interface ClockTimer {
  readonly id: number
  readonly at: number
}

/**
 * The engine's notion of time. Business time (expiries, retry schedules, settlement of pending
 * payments) runs on this clock so that a 24-hour schedule can be walked through in milliseconds.
 *
 * One semantics in both modes: an advance runs each task that falls due at its own due time (the
 * clock reads the task's time while it runs), in time order, including tasks scheduled by a task
 * during the advance, whatever the size of the advance. Work started by a task that may schedule
 * more (a notification on the wire, see `hold`) runs concurrently with later tasks, but time never
 * moves past the earliest point at which it could schedule something until it has settled.
 */
export interface Clock {
  now(): number
  /**
   * The real time, epoch ms, whatever the advances: for the timestamps a merchant compares with its
   * own clock (the signed time of a notification or an answer, a notification's event date), so that
   * moving the engine clock forward never makes them look stale or from the future.
   */
  wall(): number
  /** `manual`: time moves only through `advance`; `system`: it also follows the wall clock. */
  readonly mode: 'manual' | 'system'
  /** Runs `task` once the clock reaches `at` (epoch ms). */
  schedule(at: number, task: () => Promise<void> | void): ClockTimer
  cancel(timer: ClockTimer): void
  /**
   * Declares work in flight (a delivery waiting for the merchant's answer) that may schedule tasks at
   * `until` or later: an advance runs other tasks meanwhile, but does not move time past `until`
   * before `work` settles, and waits for it before it returns.
   */
  hold(until: number, work: PromiseLike<unknown>): void
  /** Moves time forward, running every task that falls due, in order, and waits for each. */
  advance(ms: number): Promise<void>
  /** Number of tasks still scheduled. */
  pending(): number
  /** Stops real timers (system mode). */
  dispose(): void
}

export interface ClockOptions {
  /**
   * `manual`: time moves only through `advance` (tests).
   * `system`: time follows the wall clock plus whatever `advance` added (the standalone server).
   */
  readonly mode?: 'manual' | 'system'
  /** Start time for manual mode, epoch ms. */
  readonly start?: number
  /** The real clock (tests pin it); `Date.now` by default. */
  readonly wall?: () => number
}

interface Hold {
  readonly until: number
  readonly settled: Promise<void>
}

interface Entry {
  readonly id: number
  readonly at: number
  readonly seq: number
  readonly task: () => Promise<void> | void
}

export function createClock(options: ClockOptions = {}): Clock {
  const mode = options.mode ?? 'manual'
  const wall = options.wall ?? Date.now
  // now() = base() + offset in both modes: the manual clock has no base, the system clock the wall clock.
  const base = mode === 'manual' ? () => 0 : wall
  let offset = mode === 'manual' ? (options.start ?? Date.UTC(2026, 0, 15, 8, 0, 0)) : 0
  let nextId = 1
  let seq = 0
  // Tasks by id (what is still scheduled), and the same tasks in a min-heap by due time: a long-lived
  // server keeps tens of thousands (an expiry per open session), and a scan per schedule and per run
  // made every request slower as they grew. Cancelled tasks leave the map at once and the heap lazily.
  const entries = new Map<number, Entry>()
  const queue = new TaskHeap()
  const holds = new Set<Hold>()
  // Marks code running inside a task, so that a task calling `advance` fails instead of waiting for itself.
  const insideTask = new AsyncLocalStorage<true>()
  let wake: NodeJS.Timeout | undefined
  // The due time `wake` was set for: a task due no earlier needs no new timer.
  let wakeFor = Infinity
  let disposed = false
  // Advances (and system-mode wake-ups) run one after another, never interleaved.
  let running: Promise<void> = Promise.resolve()
  const serially = (step: () => Promise<void>): Promise<void> => {
    const mine = running.then(step, step)
    running = mine.catch(() => undefined)
    return mine
  }

  const now = (): number => base() + offset
  // Time never goes back: a task already overdue runs at the current time.
  const moveTo = (at: number): void => {
    offset = Math.max(offset, at - base())
  }

  /** The earliest task still scheduled, cancelled ones dropped on the way. */
  const earliest = (): Entry | undefined => {
    for (let top = queue.peek(); top !== undefined; top = queue.peek()) {
      if (entries.get(top.id) === top) return top
      queue.pop()
    }
    return undefined
  }
  const due = (limit: number): Entry | undefined => {
    const first = earliest()
    return first !== undefined && first.at <= limit ? first : undefined
  }
  // Rebuilt when cancelled tasks outnumber live ones: the heap stays within twice what is scheduled.
  const compact = (): void => {
    if (queue.size > 1024 && queue.size > 2 * entries.size) queue.rebuild(entries.values())
  }

  const holdsUpTo = (at: number): Promise<void>[] => [...holds].filter((h) => h.until <= at).map((h) => h.settled)

  /**
   * Runs the tasks due up to `limit()`, each at its own time. With `moveTime` (an advance), time is
   * set to each task's time, and work in flight that could still schedule a task before the next one
   * is waited for first; a system-mode wake-up leaves time to the wall clock and waits for nothing.
   */
  const runDue = async (limit: () => number, moveTime: boolean): Promise<void> => {
    for (;;) {
      const entry = due(limit())
      if (moveTime) {
        const blocking = holdsUpTo(entry ? entry.at : limit())
        if (blocking.length > 0) {
          await Promise.race(blocking)
          continue
        }
      }
      if (!entry) return
      entries.delete(entry.id)
      queue.pop()
      if (moveTime) moveTo(entry.at)
      try {
        await insideTask.run(true, entry.task)
      } catch (error) {
        // A failing task must not stop the clock: other notifications are still owed.
        process.emitWarning(`tokenproof clock task failed: ${String(error)}`)
      }
    }
  }

  // In system mode a real timer wakes the clock for the earliest task; in manual mode nothing fires by itself.
  const arm = (): void => {
    if (mode !== 'system' || disposed) return
    if (wake) clearTimeout(wake)
    wake = undefined
    const first = earliest()
    if (first === undefined) return
    wakeFor = first.at
    wake = setTimeout(() => {
      wake = undefined
      void serially(() => runDue(now, false)).then(arm)
    }, Math.max(0, Math.min(first.at - now(), 2 ** 31 - 1)))
    wake.unref()
  }

  return {
    now,
    wall: () => wall(),
    mode,
    schedule(at, task) {
      const entry: Entry = { id: nextId++, at, seq: seq++, task }
      entries.set(entry.id, entry)
      queue.push(entry)
      // A server schedules an expiry per session: re-arming the timer each time cost more than the rest of scheduling.
      if (wake === undefined || at < wakeFor) arm()
      return { id: entry.id, at }
    },
    cancel(timer) {
      entries.delete(timer.id)
      compact()
      arm()
    },
    hold(until, work) {
      const settled: Promise<void> = Promise.resolve(work).then(
        () => void holds.delete(hold),
        () => void holds.delete(hold),
      )
      const hold: Hold = { until, settled }
      holds.add(hold)
    },
    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError('advance takes a non-negative number of milliseconds')
      if (insideTask.getStore()) throw new Error('a clock task cannot advance the clock: the advance would wait for the task itself')
      const step = async (): Promise<void> => {
        const target = offset + ms
        await runDue(() => base() + target, true)
        offset = Math.max(offset, target)
        // Deliveries still on the wire finish before the advance answers; what they schedule waits for the next one.
        while (holds.size > 0) await Promise.all([...holds].map((h) => h.settled))
      }
      // Await only this advance, not advances queued after it.
      await serially(step)
      arm()
    },
    pending: () => entries.size,
    dispose() {
      // Once disposed, no real timer is armed again, even if a task still running schedules more.
      disposed = true
      if (wake) clearTimeout(wake)
      wake = undefined
      entries.clear()
      queue.rebuild([])
    },
  }
}

/** A binary min-heap of clock tasks by due time, ties in scheduling order. */
class TaskHeap {
  #items: Entry[] = []

  get size(): number {
    return this.#items.length
  }

  peek(): Entry | undefined {
    return this.#items[0]
  }

  push(entry: Entry): void {
    const items = this.#items
    items.push(entry)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(items[i]!, items[parent]!)) break
      ;[items[i], items[parent]] = [items[parent]!, items[i]!]
      i = parent
    }
  }

  pop(): Entry | undefined {
    const items = this.#items
    const top = items[0]
    const last = items.pop()
    if (items.length > 0 && last !== undefined) {
      items[0] = last
      this.#siftDown(0)
    }
    return top
  }

  rebuild(entries: Iterable<Entry>): void {
    this.#items = [...entries]
    for (let i = (this.#items.length >> 1) - 1; i >= 0; i--) this.#siftDown(i)
  }

  #siftDown(start: number): void {
    const items = this.#items
    let i = start
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left
      if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right
      if (smallest === i) return
      ;[items[i], items[smallest]] = [items[smallest]!, items[i]!]
      i = smallest
    }
  }
}

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq)

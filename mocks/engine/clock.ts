import { AsyncLocalStorage } from 'node:async_hooks'

/** A timer scheduled on the engine's clock. */
export interface ClockTimer {
  readonly id: number
  readonly at: number
}

/**
 * The engine's notion of time. Business time (expiries, retry schedules, settlement of pending
 * payments) runs on this clock so that a 24-hour schedule can be walked through in milliseconds.
 */
export interface Clock {
  now(): number
  /** Runs `task` once the clock reaches `at` (epoch ms). */
  schedule(at: number, task: () => Promise<void> | void): ClockTimer
  cancel(timer: ClockTimer): void
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
}

interface Entry {
  readonly id: number
  readonly at: number
  readonly seq: number
  readonly task: () => Promise<void> | void
}

export function createClock(options: ClockOptions = {}): Clock {
  const mode = options.mode ?? 'manual'
  let offset = 0
  let manualNow = options.start ?? Date.UTC(2026, 0, 15, 8, 0, 0)
  let nextId = 1
  let seq = 0
  const entries = new Map<number, Entry>()
  // Marks code running inside a task, so that a task calling `advance` fails instead of waiting for itself.
  const insideTask = new AsyncLocalStorage<true>()
  let wake: NodeJS.Timeout | undefined
  let disposed = false
  // Advances (and system-mode wake-ups) run one after another, never interleaved.
  let running: Promise<void> = Promise.resolve()
  const serially = (step: () => Promise<void>): Promise<void> => {
    const mine = running.then(step, step)
    running = mine.catch(() => undefined)
    return mine
  }

  const now = (): number => (mode === 'manual' ? manualNow : Date.now() + offset)

  const due = (limit: number): Entry | undefined => {
    let first: Entry | undefined
    for (const entry of entries.values()) {
      if (entry.at > limit) continue
      if (!first || entry.at < first.at || (entry.at === first.at && entry.seq < first.seq)) first = entry
    }
    return first
  }

  const runDue = async (limit: number, moveTo: (at: number) => void): Promise<void> => {
    for (let entry = due(limit); entry; entry = due(limit)) {
      entries.delete(entry.id)
      moveTo(entry.at)
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
    let earliest = Infinity
    for (const entry of entries.values()) earliest = Math.min(earliest, entry.at)
    if (earliest === Infinity) return
    wake = setTimeout(() => {
      wake = undefined
      void serially(() => runDue(now(), () => undefined)).then(arm)
    }, Math.max(0, Math.min(earliest - now(), 2 ** 31 - 1)))
    wake.unref()
  }

  return {
    now,
    schedule(at, task) {
      const entry: Entry = { id: nextId++, at, seq: seq++, task }
      entries.set(entry.id, entry)
      arm()
      return { id: entry.id, at }
    },
    cancel(timer) {
      entries.delete(timer.id)
      arm()
    },
    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError('advance takes a non-negative number of milliseconds')
      if (insideTask.getStore()) throw new Error('a clock task cannot advance the clock: the advance would wait for the task itself')
      const step = async (): Promise<void> => {
        if (mode === 'manual') {
          const target = manualNow + ms
          await runDue(target, (at) => {
            manualNow = Math.max(manualNow, at)
          })
          manualNow = target
        } else {
          offset += ms
          await runDue(now(), () => undefined)
        }
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
    },
  }
}

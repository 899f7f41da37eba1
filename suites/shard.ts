/**
 * Splitting a run across CI jobs: the run's units (provider × scenario × flow, in the run's own order) are
 * dealt round-robin to `count` shards, so every shard gets a share of each provider and of the slow
 * scenarios. The same integration and options give the same split on every machine.
 */
export interface Shard {
  /** 1-based, as CI matrices count. */
  readonly index: number
  readonly count: number
}

export class ShardSyntaxError extends Error {}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) throw new ShardSyntaxError(`--shard takes i/n with 1 ≤ i ≤ n (e.g. --shard 2/3), not "${text}"`)
  return { index, count }
}

/** Whether the unit at this position of the run belongs to the shard. */
export const inShard = (position: number, shard: Shard | undefined): boolean => shard === undefined || position % shard.count === shard.index - 1

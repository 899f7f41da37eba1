/**
 * Whether a rule with a rate applies to this call or notification: a draw below the rate. With a
 * seed the draws repeat from run to run (SHA-256 of the seed and the draw number), so a session
 * under `tokenproof audit --chaos --chaos-seed` meets the same faults at the same calls again.
 */
import { sha256 } from './sha256.ts'
import { z } from 'zod'

/** The optional fields a rule takes to apply to a share of the matching calls only. */
export const ChanceInput = {
  /** The share of matching calls (or notifications) the rule applies to, 0–1; every one when absent. */
  rate: z.number().min(0).max(1).optional(),
  /** Makes the draws repeat from run to run. */
  seed: z.string().min(1).max(200).optional(),
}

export function drawOf(seed: string | undefined, draw: number): number {
  if (seed === undefined) return Math.random()
  return sha256(`${seed}:${draw}`).readUInt32BE(0) / 2 ** 32
}

/** Draws for a rule (counting the draw); true when it applies. */
export function applies(rule: { readonly rate?: number | undefined; readonly seed?: string | undefined; draws: number }): boolean {
  if (rule.rate === undefined) return true
  return drawOf(rule.seed, rule.draws++) < rule.rate
}

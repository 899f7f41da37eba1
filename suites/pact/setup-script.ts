/**
 * How the mock reaches a named provider state: the steps the scenario took before the interaction
 * (the merchant's earlier requests, a fault armed, the buyer's step, the clock moved), kept in the
 * provider state's parameters so that any verifier of the file can set the state up again. Ids the
 * provider issued appear as `${refN}` placeholders, each read from the answer or notification that
 * issued it when the steps are replayed.
 */
import { z } from 'zod'

const Segment = z.union([z.string(), z.number().int()])

export const RefSource = z.union([
  /** A member of the answer to an earlier request step. */
  z.object({ step: z.number().int().nonnegative(), path: z.array(Segment) }),
  /** A member of the n-th notification of a kind the provider sent during the steps. */
  z.object({ notification: z.string(), occurrence: z.number().int().nonnegative(), path: z.array(Segment) }),
])
export type RefSource = z.infer<typeof RefSource>

export const RequestStep = z.object({
  request: z.object({ method: z.string(), path: z.string(), headers: z.record(z.string(), z.string()), body: z.unknown().optional() }),
  /** The merchant never got the answer (it timed out): the replay gives up waiting as it did. */
  abandoned: z.boolean().optional(),
})

export const ControlStep = z.object({
  control: z.discriminatedUnion('op', [
    z.object({ op: z.literal('inject'), rule: z.record(z.string(), z.unknown()) }),
    z.object({ op: z.literal('chaos'), rule: z.record(z.string(), z.unknown()) }),
    z.object({ op: z.literal('buyerAction'), action: z.string(), body: z.record(z.string(), z.unknown()) }),
    z.object({ op: z.literal('advance'), ms: z.number() }),
    z.object({ op: z.literal('deleteToken'), id: z.string() }),
  ]),
})

export const SetupStep = z.union([RequestStep, ControlStep])
export type SetupStep = z.infer<typeof SetupStep>

export const SetupScript = z.object({ steps: z.array(SetupStep), refs: z.record(z.string(), RefSource) })
export type SetupScript = z.infer<typeof SetupScript>

/** The provider state parameters Tokenproof writes: the scenario, and the steps under `tokenproof`. */
export const StateParams = z.object({ scenario: z.string(), tokenproof: SetupScript })
export type StateParams = z.infer<typeof StateParams>

export const PLACEHOLDER = /\$\{(ref\d+)\}/g

/** A copy of a JSON value with every string passed through `map` (with the member name it sits under). */
export function mapStrings(value: unknown, map: (text: string, key: string) => string, key = ''): unknown {
  if (typeof value === 'string') return map(value, key)
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map, key))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map, k)]))
  return value
}

/** Every string in `value` with its placeholders replaced by the values resolved so far. */
export function fill(value: unknown, refs: Readonly<Record<string, string>>): unknown {
  return mapStrings(value, (text) => text.replace(PLACEHOLDER, (whole, name: string) => refs[name] ?? whole))
}

/** The placeholder names `value` uses. */
export function placeholdersIn(value: unknown): Set<string> {
  const names = new Set<string>()
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? ''
  for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]!)
  return names
}

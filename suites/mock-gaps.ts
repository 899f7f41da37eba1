/**
 * Where the mock, not the merchant, fell short during a run: calls it does not serve (tagged
 * `mockGap` by the engine) and documented request fields it accepted without acting on them
 * (tagged `ignoredFields`). Reports list them apart from findings. Provider-neutral: only the
 * engine's tags are read.
 */
import type { Exchange } from './mock-control.ts'

export interface MockGap {
  /** `unservedCall`: no route answered; `ignoredFields`: served, but these fields changed nothing. */
  readonly kind: 'unservedCall' | 'ignoredFields'
  readonly provider: string
  readonly method: string
  /** The path only: no query string (which may carry references) and no host. */
  readonly path: string
  readonly operation?: string
  /** `unknown_path` or `method_not_allowed`, for an unserved call. */
  readonly reason?: string
  /** For `ignoredFields`: the field names, sorted. */
  readonly fields?: readonly string[]
  readonly status?: number
}

const keyOf = (gap: MockGap): string => `${gap.kind} ${gap.provider} ${gap.method} ${gap.path} ${gap.fields?.join(',') ?? ''}`

/** The run's gaps, once each, in the order they were first seen. */
export function mockGapsOf(exchanges: readonly Exchange[]): MockGap[] {
  const seen = new Map<string, MockGap>()
  for (const e of exchanges) {
    if (e.direction !== 'inbound') continue
    const path = new URL(e.request.url).pathname
    const status = 'status' in e.response ? e.response.status : undefined
    const gap = e.tags.mockGap
    const ignored = e.tags.ignoredFields
    const found: MockGap[] = []
    if (typeof gap === 'string') found.push({ kind: 'unservedCall', provider: e.provider, method: e.request.method, path, reason: gap, ...(status !== undefined ? { status } : {}) })
    if (typeof ignored === 'string' && ignored !== '')
      found.push({ kind: 'ignoredFields', provider: e.provider, method: e.request.method, path, ...(e.operation !== undefined ? { operation: e.operation } : {}), fields: ignored.split(',').sort() })
    for (const g of found) if (!seen.has(keyOf(g))) seen.set(keyOf(g), g)
  }
  return [...seen.values()]
}

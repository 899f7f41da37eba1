import { expect, test } from 'vitest'
import type { z } from 'zod'
import type { PivotSchemas } from './generated/types.ts'
import type * as pivot from './schemas.ts'

/** True when each type is assignable to the other (optional `?: T` and `?: T | undefined` agree). */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Schemas = typeof pivot

/** Names whose generated type (generated/types.ts) disagrees with the zod schema's input type. */
type Mismatched = {
  [K in keyof PivotSchemas]: K extends keyof Schemas
    ? Schemas[K] extends z.ZodType
      ? Mutual<PivotSchemas[K], z.input<Schemas[K]>> extends true
        ? never
        : K
      : K
    : K
}[keyof PivotSchemas]

/** Fails to compile when `T` is not never; the error lists the mismatched schema names. */
type AssertNone<T extends never> = T

// Checked by `tsc` (npm run typecheck): when generated/types.ts is stale or does not match a zod
// schema, the error under `Mismatched` here names the schema.
export type GeneratedTypesAgree = AssertNone<Mismatched>

test('generated types agree with the zod schemas (checked by tsc)', () => {
  const none: [Mismatched] extends [never] ? true : false = true
  expect(none).toBe(true)
})

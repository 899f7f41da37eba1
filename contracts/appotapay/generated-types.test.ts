import { expect, test } from 'vitest'
import type { AssertNone, MismatchedSchemas } from '../core/generated-types.ts'
import type { AppotapaySchemas } from './generated/types.ts'
import type * as schemas from './schemas.ts'

type Mismatched = MismatchedSchemas<AppotapaySchemas, typeof schemas>

// Checked by `tsc` (npm run typecheck): when generated/types.ts is stale or does not match a zod
// schema, the error here names the schema.
export type GeneratedTypesAgree = AssertNone<Mismatched>

test('generated types agree with the zod schemas (checked by tsc)', () => {
  const none: [Mismatched] extends [never] ? true : false = true
  expect(none).toBe(true)
})

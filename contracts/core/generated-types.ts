import type { z } from 'zod'

/** True when each type is assignable to the other (optional `?: T` and `?: T | undefined` agree). */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

/**
 * The names whose generated type (contracts/<id>/generated/types.ts) disagrees with the input type
 * of the zod schema of the same name in the provider's schemas module; `never` when all agree.
 */
export type MismatchedSchemas<Generated, SchemasModule> = {
  [K in keyof Generated]: K extends keyof SchemasModule
    ? SchemasModule[K] extends z.ZodType
      ? Mutual<Generated[K], z.input<SchemasModule[K]>> extends true
        ? never
        : K
      : K
    : K
}[keyof Generated]

/** Fails to compile when `T` is not never; the error lists the mismatched schema names. */
export type AssertNone<T extends never> = T

import type { FurtherAction, PaymentEffect, ResultCodeEntry, ResultStatus } from './types.ts'

export interface ResultCodeOptions {
  /** HTTP status the provider answers this code with; business results are usually 200. */
  readonly httpStatus?: number
  /** The entry is an assumption, explained in the provider's NOTES.md. */
  readonly assumed?: boolean
}

/** One row of a provider's result-code table. */
export function resultCode(
  status: ResultStatus,
  message: string,
  action: FurtherAction,
  effect: PaymentEffect,
  source: string,
  options: ResultCodeOptions = {},
): ResultCodeEntry {
  return { status, message, action, effect, httpStatus: options.httpStatus ?? 200, source, ...(options.assumed ? { assumed: true } : {}) }
}

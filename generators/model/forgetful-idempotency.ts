import { IdempotencyStore, type IdempotentOutcome, type IdempotentResult } from '../../mocks/engine/idempotency.ts'

/**
 * A deliberately broken idempotency store for the model-based tests' own test: it never remembers
 * a key, so every replay and every racing copy is processed afresh. The lifecycle model must catch
 * it (`EngineOptions.idempotency`).
 */
export class ForgetfulIdempotencyStore extends IdempotencyStore {
  override async run<T>(_scope: string, _key: string, _fingerprint: string, compute: () => Promise<IdempotentResult<T>>): Promise<IdempotentOutcome<T>> {
    return { kind: 'fresh', value: (await compute()).value }
  }

  override has(): boolean {
    return false
  }
}

/**
 * Seed 003: `shopperReference` must not contain personally identifiable information such as a name
 * or an e-mail address. Adyen does not say it rejects such values, so the mock accepts them and
 * records the first matching kind in the payment's flags for the conformance suites (NOTES.md).
 */
export interface PiiPattern {
  readonly kind: 'email' | 'name' | 'phone'
  readonly pattern: RegExp
  readonly why: string
}

export const shopperReferencePiiPatterns: readonly PiiPattern[] = [
  { kind: 'email', pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, why: 'looks like an e-mail address' },
  { kind: 'phone', pattern: /^\+\d[\d\s().-]{7,}$/, why: 'looks like an international phone number (numeric user ids are not flagged)' },
  { kind: 'name', pattern: /^\p{Lu}\p{Ll}+(?:[ .'-]\p{Lu}\p{Ll}+)+$/u, why: 'looks like a capitalised first and last name' },
]

/** The kind of PII a shopper reference looks like, if any. */
export function shopperReferencePii(reference: string): PiiPattern['kind'] | undefined {
  return shopperReferencePiiPatterns.find((p) => p.pattern.test(reference))?.kind
}

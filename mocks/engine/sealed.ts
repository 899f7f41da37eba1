/**
 * A value the merchant sealed for the provider (a card encrypted with the provider's key), as a
 * recording keeps it beside the wire bytes: what the seal held, redacted like any body, in an object
 * with the single member `$sealed`. A ciphertext is only good for the key it was made with (a mock
 * makes its keys per process), so a replay seals the content again with the key it is given instead
 * of sending the recorded bytes.
 */
export const SEALED = '$sealed'

export interface Sealed {
  readonly [SEALED]: Record<string, unknown>
}

/** The name of the test card a sealed card is (its masked number alone may fit several). */
export const SEALED_TEST_CARD = 'testCard'

export function sealed(content: Record<string, unknown>): Sealed {
  return { [SEALED]: content }
}

/** What a sealed value holds; undefined for any other value. */
export function sealedContent(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const keys = Object.keys(value)
  if (keys.length !== 1 || keys[0] !== SEALED) return undefined
  const content = (value as Record<string, unknown>)[SEALED]
  return content !== null && typeof content === 'object' && !Array.isArray(content) ? (content as Record<string, unknown>) : undefined
}

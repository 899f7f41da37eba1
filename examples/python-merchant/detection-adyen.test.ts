/**
 * Proof of detection power on a merchant nobody here tuned the suites to: each faulty variant of the
 * Python merchant is caught with exactly its rule against adyen; the matrix is printed at the end.
 * One provider per file, so that vitest runs the two files side by side.
 */
import { afterAll, describe, test } from 'vitest'
import { detectionMatrix } from '../faulty-merchants/matrix.ts'
import { detect } from './detection.ts'
import { pythonAvailable } from './harness.ts'
import { PYTHON_VARIANTS } from './variants.ts'

const adyenIDER = 'adyen'
const variants = PYTHON_VARIANTS.filter((v) => v.providers.includes(adyenIDER)).map((v) => ({ ...v, providers: [adyenIDER] }))
const observed = new Map<string, Map<string, string[]>>()

afterAll(() => {
  if (pythonAvailable) console.log(detectionMatrix(variants, observed, `faulty variants of the Python merchant (examples/python-merchant), ${adyenIDER}`))
})

describe.skipIf(!pythonAvailable)(`the Python merchant's faulty variants with ${adyenIDER} (skipped: python3 is not on PATH)`, () => {
  for (const variant of variants) {
    test.concurrent(`${variant.id} is caught with ${variant.expected.join(', ')} and nothing else`, async () => {
      await detect(variant, adyenIDER, observed)
    }, 120_000)
  }
})

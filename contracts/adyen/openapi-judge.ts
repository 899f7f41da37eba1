/**
 * Validates JSON against a component schema of Adyen's published OpenAPI 3.1 files
 * (vendored in `contracts/adyen/openapi/` with their licence and source), so the mock is judged by Adyen's own
 * definitions rather than by this project's zod schemas.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

export const ADYEN_SPECS = {
  checkoutV71: 'CheckoutService-v71.json',
  checkoutV72: 'CheckoutService-v72.json',
  recurringV68: 'RecurringService-v68.json',
  webhooks: 'Webhooks-v1.json',
} as const
export type AdyenSpec = keyof typeof ADYEN_SPECS

export const specUrl = (spec: AdyenSpec): URL => new URL(`./openapi/${ADYEN_SPECS[spec]}`, import.meta.url)

type JsonObject = Record<string, unknown>

/**
 * Where the published webhook schema contradicts Adyen's own example in the same file and the HMAC
 * docs: the RECURRING_CONTRACT example carries `hmacSignature` and `recurring.shopperReference` in
 * `additionalData`, which its schema (additionalProperties: false) leaves out. Only these keys are
 * added; everything else is judged as published (NOTES.md, "OpenAPI judge").
 */
const ERRATA: Readonly<Record<AdyenSpec, ReadonlyArray<{ readonly schema: string; readonly addProperties: readonly string[] }>>> = {
  checkoutV71: [],
  checkoutV72: [],
  recurringV68: [],
  webhooks: [{ schema: 'RecurringContractNotificationAdditionalData', addProperties: ['hmacSignature', 'recurring.shopperReference'] }],
}

function load(spec: AdyenSpec): JsonObject {
  const doc = JSON.parse(readFileSync(specUrl(spec), 'utf8')) as JsonObject
  const schemas = (doc.components as { schemas: Record<string, JsonObject> }).schemas
  for (const erratum of ERRATA[spec]) {
    const target = schemas[erratum.schema]
    if (!target) throw new Error(`${ADYEN_SPECS[spec]} has no component ${erratum.schema}`)
    const properties = (target.properties ?? {}) as Record<string, unknown>
    for (const name of erratum.addProperties) properties[name] = { type: 'string' }
    target.properties = properties
  }
  return doc
}

export interface Verdict {
  readonly valid: boolean
  readonly errors: readonly ErrorObject[]
}

/** One compiled validator per spec and component, built on first use. */
export class OpenApiJudge {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  readonly #loaded = new Set<AdyenSpec>()
  readonly #compiled = new Map<string, ValidateFunction>()

  constructor() {
    addFormats.default(this.#ajv)
    // OpenAPI's numeric formats: the integer type already says what ajv can check.
    for (const format of ['int32', 'int64', 'float', 'double']) this.#ajv.addFormat(format, true)
  }

  #validator(spec: AdyenSpec, component: string): ValidateFunction {
    const key = `${spec}#${component}`
    const found = this.#compiled.get(key)
    if (found) return found
    const id = `https://tokenproof.dev/adyen-openapi/${ADYEN_SPECS[spec]}`
    if (!this.#loaded.has(spec)) {
      this.#ajv.addSchema(load(spec), id)
      this.#loaded.add(spec)
    }
    const validate = this.#ajv.compile({ $ref: `${id}#/components/schemas/${component}` })
    this.#compiled.set(key, validate)
    return validate
  }

  judge(spec: AdyenSpec, component: string, value: unknown): Verdict {
    const validate = this.#validator(spec, component)
    const valid = validate(value)
    return { valid, errors: valid ? [] : [...(validate.errors ?? [])] }
  }
}

/** A readable list of ajv errors. */
export const describeErrors = (errors: readonly ErrorObject[]): string =>
  errors.map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`).join('\n')

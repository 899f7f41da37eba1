/**
 * Holds every Adyen answer and webhook a test sees to Adyen's published OpenAPI components
 * (v71 and v72 Checkout, Recurring v68, Webhooks v1), through contracts/adyen/openapi-judge.ts.
 */
import { describeErrors, OpenApiJudge, type AdyenSpec } from '../../../contracts/adyen/openapi-judge.ts'

const judge = new OpenApiJudge()

/** The component each answer is judged by, per operation (errors are always ServiceError). */
export const RESPONSE_COMPONENTS = {
  sessions: 'CreateCheckoutSessionResponse',
  getSessionResult: 'SessionResultResponse',
  payments: 'PaymentResponse',
  paymentsDetails: 'PaymentDetailsResponse',
  paymentMethods: 'PaymentMethodsResponse',
  listStoredPaymentMethods: 'ListStoredPaymentMethodsResponse',
  storedPaymentMethodResource: 'StoredPaymentMethodResource',
  error: 'ServiceError',
} as const
export type JudgedAnswer = keyof typeof RESPONSE_COMPONENTS

/** The Recurring API's answers, by operation, in RecurringService-v68.json. */
export const RECURRING_COMPONENTS = {
  listRecurringDetails: 'RecurringDetailsResult',
  disable: 'DisableResult',
  notifyShopper: 'NotifyShopperResult',
  scheduleAccountUpdater: 'ScheduleAccountUpdaterResult',
  recurringError: 'ServiceError',
} as const
export type RecurringAnswer = keyof typeof RECURRING_COMPONENTS

/** Whether a path is one of the Recurring API's (pal or paltokenization host). */
export const isRecurringPath = (path: string): boolean => /^\/pal(tokenization)?\/servlet\/Recurring\//.test(path)

const WEBHOOK_COMPONENTS = { AUTHORISATION: 'AuthorisationNotificationRequest', RECURRING_CONTRACT: 'RecurringContractNotificationRequest' } as const

/** Every verdict taken, so a test file can assert it judged something. */
export const verdicts: Array<{ readonly component: string; readonly spec: AdyenSpec }> = []

function hold(spec: AdyenSpec, component: string, value: unknown): void {
  const verdict = judge.judge(spec, component, value)
  verdicts.push({ component, spec })
  if (!verdict.valid) throw new Error(`${component} (${spec}) rejects the mock's answer:\n${describeErrors(verdict.errors)}\n${JSON.stringify(value)}`)
}

/** Throws unless `body` validates against the component in both Checkout v71 and v72. */
export function assertCheckoutAnswer(kind: JudgedAnswer, body: unknown): void {
  for (const spec of ['checkoutV71', 'checkoutV72'] as const) hold(spec, RESPONSE_COMPONENTS[kind], body)
}

/** Throws unless `body` validates against the component in Recurring v68. */
export function assertRecurringAnswer(kind: RecurringAnswer, body: unknown): void {
  hold('recurringV68', RECURRING_COMPONENTS[kind], body)
}

/** Throws unless a webhook body validates against its event's NotificationRequest component. */
export function assertWebhook(body: unknown): void {
  const item = (body as { notificationItems?: Array<{ NotificationRequestItem?: { eventCode?: string } }> }).notificationItems?.[0]?.NotificationRequestItem
  const eventCode = item?.eventCode
  if (eventCode !== 'AUTHORISATION' && eventCode !== 'RECURRING_CONTRACT') throw new Error(`unexpected webhook event ${String(eventCode)}`)
  hold('webhooks', WEBHOOK_COMPONENTS[eventCode], body)
}

/** Holds every answer the engine recorded for the provider to the published components (204s have no body). */
export function assertRecordedAnswers(
  exchanges: ReadonlyArray<{ readonly operation: string | undefined; readonly request: { readonly url: string }; readonly response: { readonly status: number; readonly body: unknown } | { readonly error: string } }>,
): number {
  let judged = 0
  for (const exchange of exchanges) {
    if (!('status' in exchange.response) || exchange.response.status === 204) continue
    if (isRecurringPath(new URL(exchange.request.url).pathname)) {
      const kind: RecurringAnswer | undefined = exchange.response.status >= 400 ? 'recurringError' : exchange.operation !== undefined && exchange.operation in RECURRING_COMPONENTS ? (exchange.operation as RecurringAnswer) : undefined
      if (!kind) throw new Error(`no Recurring OpenAPI component known for operation ${String(exchange.operation)}`)
      assertRecurringAnswer(kind, exchange.response.body)
      judged++
      continue
    }
    const kind: JudgedAnswer | undefined = exchange.response.status >= 400 ? 'error' : exchange.operation !== undefined && exchange.operation in RESPONSE_COMPONENTS ? (exchange.operation as JudgedAnswer) : undefined
    if (!kind) throw new Error(`no OpenAPI component known for operation ${String(exchange.operation)}`)
    assertCheckoutAnswer(kind, exchange.response.body)
    judged++
  }
  return judged
}

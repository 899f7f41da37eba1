/**
 * A merchant's standard-webhook endpoint on 127.0.0.1, written from Adyen's HMAC documentation alone
 * (it shares no code with the mock): it checks each item's hmacSignature and records what arrived.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WebhookItem {
  readonly eventCode: string
  readonly pspReference: string
  readonly originalReference?: string
  readonly originalPsp?: string
  readonly merchantAccountCode: string
  readonly merchantReference: string
  readonly amount: { readonly value: number; readonly currency: string }
  readonly success: string
  readonly reason?: string
  readonly paymentMethod?: string
  readonly additionalData: Record<string, string>
}

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders
  readonly raw: string
  readonly body: unknown
  readonly item: WebhookItem
  readonly hmacValid: boolean
}

export interface MerchantEndpoint {
  readonly url: string
  readonly received: ReceivedWebhook[]
  /** How the endpoint answers; "[accepted]" with 200 by default. `hang` never answers. */
  answer: (webhook: ReceivedWebhook) => { status: number; body: string } | 'hang'
  byEvent(eventCode: string): ReceivedWebhook[]
  close(): Promise<void>
}

/** pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success, HMAC-SHA256 with the hex key, base64. */
export function docHmac(item: WebhookItem, hexKey: string): string {
  const data = [item.pspReference, item.originalReference ?? '', item.merchantAccountCode, item.merchantReference, item.amount.value, item.amount.currency, item.eventCode, item.success].join(':')
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(data).digest('base64')
}

export async function startMerchantEndpoint(hexKey: string): Promise<MerchantEndpoint> {
  const received: ReceivedWebhook[] = []
  const endpoint = {
    received,
    answer: (() => ({ status: 200, body: '[accepted]' })) as MerchantEndpoint['answer'],
    byEvent: (eventCode: string) => received.filter((r) => r.item.eventCode === eventCode),
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const body = JSON.parse(raw) as { notificationItems: Array<{ NotificationRequestItem: WebhookItem }> }
      const item = body.notificationItems[0]!.NotificationRequestItem
      const expected = Buffer.from(docHmac(item, hexKey), 'base64')
      const given = Buffer.from(item.additionalData.hmacSignature ?? '', 'base64')
      const webhook: ReceivedWebhook = { headers: req.headers, raw, body, item, hmacValid: expected.length === given.length && timingSafeEqual(expected, given) }
      received.push(webhook)
      const answer = endpoint.answer(webhook)
      if (answer === 'hang') return
      res.writeHead(answer.status, { 'content-type': 'text/plain' })
      res.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(endpoint, {
    url: `http://127.0.0.1:${port}/adyen/webhooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}

/**
 * The declarative driver: the file's validation (one line naming the field and the fix), the
 * templates, the translation of each operation against a real HTTP app on 127.0.0.1, and the app
 * process it restarts.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DriverProtocolError, NO_ORDER_RECORD, type CheckoutInput } from '../driver.ts'
import { ScenarioNotApplicable } from '../scenario.ts'
import { createAppProcess, type AppProcess } from './app-process.ts'
import { createDeclarativeDriver } from './driver.ts'
import { DriverFileError, parseDriverFile, type DriverFile } from './file.ts'
import { fill, fillPath, readPointer } from './template.ts'

const EXAMPLE = JSON.parse(readFileSync(new URL('../../examples/adyen-node-app/app.driver.json', import.meta.url), 'utf8')) as Record<string, unknown>

const error = (json: unknown): string => {
  try {
    parseDriverFile(json, 'app.driver.json')
  } catch (e) {
    if (e instanceof DriverFileError) return e.message
    throw e
  }
  throw new Error('the file was accepted')
}

const withCheckout = (patch: (c: Record<string, unknown>[]) => void): Record<string, unknown> => {
  const copy = structuredClone(EXAMPLE)
  patch(copy.checkout as Record<string, unknown>[])
  return copy
}

describe('the driver file', () => {
  test("the example app's file is valid", () => {
    const file = parseDriverFile(EXAMPLE, 'app.driver.json')
    expect(file.flows).toEqual(['zero_amount_save', 'token_reuse_pay'])
    expect(file.app.timeoutMs).toBe(30_000)
  })

  test('each mistake is one line naming the field and the fix', () => {
    expect(error({ ...EXAMPLE, name: '' })).toBe('app.driver.json: name: must name the app (it heads the report)')
    expect(error({ ...EXAMPLE, flows: ['zero_amount_save', 'token_reuse_pay', 'server_to_server_enabled'] })).toBe(
      'app.driver.json: checkout: no checkout mapping serves the flow "server_to_server_enabled": add it to the "flows" of one',
    )
    expect(error(withCheckout((c) => ((c[0]!.outcomes as Record<string, unknown>[])[0]!.http = '2XX')))).toBe(
      'app.driver.json: checkout[0].outcomes[0].http: must be a status such as "200" or a class such as "2xx", "4xx", "5xx"',
    )
    expect(error(withCheckout((c) => ((c[1]!.outcomes as Record<string, unknown>[])[0]!.issue = 'declined')))).toBe(
      'app.driver.json: checkout[1].outcomes[0]: give exactly one of "status" (what the answer means) or "issue" (a business failure code)',
    )
    expect(error(withCheckout((c) => ((c[1]!.request as Record<string, unknown>).path = '/pay/{{token}}')))).toMatch(/^app\.driver\.json: checkout\[1\]\.request: unknown placeholder \{\{token\}\}: use one of .*\{\{savedCardId\}\}/)
    expect(error(withCheckout((c) => ((c[1]!.request as Record<string, unknown>).method = 'FETCH')))).toBe('app.driver.json: checkout[1].request.method: must be one of GET, POST, PUT, PATCH, DELETE')
    expect(error({ ...EXAMPLE, app: { ...(EXAMPLE.app as object), url: 'http://127.0.0.1:3000' } })).toBe(
      'app.driver.json: app: give exactly one of "url" (a fixed address) or "portEnv" (the variable the app reads its port from)',
    )
    expect(error({ ...EXAMPLE, savedCards: { ...(EXAMPLE.savedCards as object), list: 'tokens' } })).toMatch(/^app\.driver\.json: savedCards\.list: must be a JSON Pointer such as "\/tokens"/)
    const noSavedCards = Object.fromEntries(Object.entries(EXAMPLE).filter(([k]) => k !== 'savedCards'))
    expect(error(noSavedCards)).toBe('app.driver.json: savedCards: is required: add it (docs/declarative-driver.md lists the fields)')
    expect(error({ ...EXAMPLE, extra: 1 })).toMatch(/^app\.driver\.json: \(root\): Unrecognized key: "extra"/)
  })
})

describe('templates', () => {
  const scope = { values: { orderId: 'o/1', save: true, 'amount.number': 1000, buyerRef: 'b-1' }, answer: { id: 'CS1', list: [{ a: 'x' }] } }

  test('a placeholder alone keeps its type, within text it is written in, in paths URL-encoded', () => {
    expect(fill({ save: '{{save}}', value: '{{amount.number}}', ref: 'order {{orderId}}', nested: ['{{buyerRef}}'] }, scope)).toEqual({ save: true, value: 1000, ref: 'order o/1', nested: ['b-1'] })
    expect(fillPath('/orders/{{orderId}}?buyer={{buyerRef}}', scope)).toBe('/orders/o%2F1?buyer=b-1')
    expect(fill('{{answer/id}}', scope)).toBe('CS1')
    expect(() => fill('{{cvv}}', scope)).toThrow('{{cvv}} has no value in this call')
  })

  test('JSON Pointers read objects and arrays, with ~1 and ~0', () => {
    expect(readPointer(scope.answer, '/list/0/a')).toBe('x')
    expect(readPointer({ 'a/b': { '~c': 1 } }, '/a~1b/~0c')).toBe(1)
    expect(readPointer(scope.answer, '')).toBe(scope.answer)
    expect(readPointer(scope.answer, '/missing/0')).toBeUndefined()
  })
})

describe('the translation onto a real app', () => {
  let server: Server
  let url: string
  const seen: { method: string; url: string; body: unknown }[] = []
  let restarts = 0
  let payAnswer: { status: number; body: unknown } = { status: 200, body: { resultCode: 'Authorised', pspReference: 'PSP1' } }

  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    let text = ''
    for await (const chunk of req) text += String(chunk)
    return text === '' ? undefined : JSON.parse(text)
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      void readBody(req).then((body) => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body })
        const send = (status: number, answer: unknown): void => {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
        }
        if (req.url === '/api/tokenization/sessions') return send(200, { id: 'CS123', sessionData: 'x' })
        if (req.url?.startsWith('/admin/makepayment/')) return send(payAnswer.status, payAnswer.body)
        if (req.url === '/admin') return send(200, { tokens: [{ shopperReference: 'buyer-a', recurringDetailReference: 'T1', paymentMethod: 'visa' }, { shopperReference: 'buyer-z', recurringDetailReference: 'T9', paymentMethod: 'mc' }] })
        send(404, { error: 'not found' })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const driverFor = (file: DriverFile) => {
    const started: Record<string, string>[] = []
    const app: AppProcess = {
      url,
      start: async (env) => void started.push({ ...env }),
      restart: async () => void (restarts += 1),
      lines: () => ['a line'],
      stop: async () => {},
    }
    return { driver: createDeclarativeDriver({ file, app }), started }
  }

  const checkout = (over: Partial<CheckoutInput>): CheckoutInput => ({
    provider: 'adyen',
    flow: 'token_reuse_pay',
    orderId: 'tp-1',
    buyerRef: 'buyer-a',
    amount: { currency: 'EUR', value: '1000' },
    card: { kind: 'saved', savedCardId: 'T1' },
    ...over,
  })

  test('configure starts the app with its env filled from the credentials, and names its notification URL', async () => {
    const { driver, started } = driverFor(parseDriverFile(EXAMPLE, 'f'))
    expect(await driver.capabilities()).toMatchObject({ name: 'adyen-node-app', minor: 1, operations: ['logs'], providers: [{ provider: 'adyen', flows: ['zero_amount_save', 'token_reuse_pay'] }] })
    const configured = await driver.configure({ provider: 'adyen', baseUrl: 'http://127.0.0.1:1', credentials: { apiKey: 'K', merchantAccount: 'M', hmacKey: 'H' } })
    expect(configured).toEqual({ ok: true, value: { notificationUrl: `${url}/api/webhooks/notifications` } })
    expect(started).toEqual([{ ADYEN_API_KEY: 'K', ADYEN_MERCHANT_ACCOUNT: 'M', ADYEN_HMAC_KEY: 'H' }])
    expect(await driver.configure({ provider: 'antom', baseUrl: 'http://127.0.0.1:1', credentials: {} })).toMatchObject({ ok: false, issue: { code: 'unknown_provider' } })
  })

  test('checkout: the request filled, the outcome by status and field, the buyer page read from the answer', async () => {
    const { driver } = driverFor(parseDriverFile(EXAMPLE, 'f'))
    await driver.configure({ provider: 'adyen', baseUrl: 'http://127.0.0.1:1', credentials: { apiKey: 'K', merchantAccount: 'M', hmacKey: 'H' } })
    const card = { number: '4111111111111111', expiryMonth: '03', expiryYear: '30', cvv: '737' }
    expect(await driver.checkout(checkout({ flow: 'zero_amount_save', amount: { currency: 'EUR', value: '0' }, card: { kind: 'new', save: true, card } }))).toEqual({
      ok: true,
      value: { orderId: 'tp-1', status: 'action_required', buyerActionUrl: `${url}/pay/adyen/CS123` },
    })
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/api/tokenization/sessions', body: { shopperReference: 'buyer-a' } })

    payAnswer = { status: 200, body: { resultCode: 'Authorised', pspReference: 'PSP1' } }
    expect(await driver.checkout(checkout({}))).toEqual({ ok: true, value: { orderId: 'tp-1', status: 'paid', providerReference: 'PSP1' } })
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/admin/makepayment/T1' })
    payAnswer = { status: 200, body: { resultCode: 'Received' } }
    expect(await driver.checkout(checkout({}))).toMatchObject({ ok: true, value: { status: 'pending' } })
    payAnswer = { status: 422, body: { error: 'Contract not found', errorCode: '800' } }
    expect(await driver.checkout(checkout({}))).toEqual({ ok: false, issue: { code: 'refused', message: 'POST /admin/makepayment/{{savedCardId}} answered HTTP 422: {"error":"Contract not found","errorCode":"800"}' } })
    payAnswer = { status: 500, body: { error: 'boom' } }
    expect(await driver.checkout(checkout({}))).toMatchObject({ ok: true, value: { status: 'failed' } })
    payAnswer = { status: 302, body: {} }
    await expect(driver.checkout(checkout({}))).rejects.toThrow(DriverProtocolError)
  })

  test("saved-cards: the buyer's cards only, by the file's pointers; another buyer naming one is not applicable where the call names no buyer", async () => {
    const { driver } = driverFor(parseDriverFile(EXAMPLE, 'f'))
    await driver.configure({ provider: 'adyen', baseUrl: 'http://127.0.0.1:1', credentials: { apiKey: 'K', merchantAccount: 'M', hmacKey: 'H' } })
    expect(await driver.savedCards({ provider: 'adyen', buyerRef: 'buyer-a' })).toEqual({ ok: true, value: { cards: [{ id: 'T1', masked: '', brand: 'visa' }] } })
    await expect(driver.checkout(checkout({ buyerRef: 'buyer-b' }))).rejects.toThrow(ScenarioNotApplicable)
    // A file whose charge sends the buyer lets the app judge it.
    const withBuyer = parseDriverFile(withCheckout((c) => ((c[1]!.request as Record<string, unknown>).body = { shopper: '{{buyerRef}}' })), 'f')
    const other = driverFor(withBuyer).driver
    await other.configure({ provider: 'adyen', baseUrl: 'http://127.0.0.1:1', credentials: { apiKey: 'K', merchantAccount: 'M', hmacKey: 'H' } })
    await other.savedCards({ provider: 'adyen', buyerRef: 'buyer-a' })
    payAnswer = { status: 200, body: { resultCode: 'Authorised' } }
    expect(await other.checkout(checkout({ buyerRef: 'buyer-b' }))).toMatchObject({ ok: true })
    expect(seen.at(-1)?.body).toEqual({ shopper: 'buyer-b' })
  })

  test('order without a mapping is no_order_record; reset restarts the app; logs are its output', async () => {
    const { driver } = driverFor(parseDriverFile(EXAMPLE, 'f'))
    expect(await driver.order({ provider: 'adyen', orderId: 'tp-1' })).toMatchObject({ ok: false, issue: { code: NO_ORDER_RECORD } })
    await driver.configure({ provider: 'adyen', baseUrl: 'http://127.0.0.1:1', credentials: { apiKey: 'K', merchantAccount: 'M', hmacKey: 'H' } })
    const before = restarts
    await driver.reset()
    expect(restarts).toBe(before + 1)
    expect(await driver.logs?.()).toEqual({ ok: true, value: { lines: ['a line'] } })
  })
})

describe('the app process', () => {
  // A real app: answers on the port it is given, prints its start count, keeps nothing across restarts.
  const APP = `const http = require('node:http'); let n = 0; http.createServer((q, s) => { n += 1; s.end(String(n)) }).listen(Number(process.env.APP_PORT), '127.0.0.1', () => console.log('started ' + process.env.GREETING))`

  test('starts on a free port, restarts to a clean slate on the same address, keeps its output since the start', async () => {
    const app = await createAppProcess({ command: [process.execPath, '-e', APP], env: { PATH: process.env.PATH ?? '' }, portEnv: 'APP_PORT', ready: '/', startTimeoutMs: 10_000 })
    try {
      await app.start({ GREETING: 'hello' })
      expect(await (await fetch(`${app.url}/`)).text()).toBe('2') // the readiness call was the first
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(app.lines()).toEqual(['started hello'])
      await app.restart()
      expect(await (await fetch(`${app.url}/`)).text()).toBe('2')
    } finally {
      await app.stop()
    }
    await expect(fetch(`${app.url}/`)).rejects.toThrow()
  })

  test('an app that exits before it answers is an error that quotes its last output', async () => {
    const app = await createAppProcess({ command: [process.execPath, '-e', "console.error('missing ADYEN_API_KEY'); process.exit(3)"], env: { PATH: process.env.PATH ?? '' }, portEnv: 'PORT', ready: '/', startTimeoutMs: 10_000 })
    await expect(app.start()).rejects.toThrow(/the app exited \(3\) before it answered: .*missing ADYEN_API_KEY/)
  })
})

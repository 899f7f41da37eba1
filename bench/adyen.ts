/**
 * Adyen's part of `npm run bench`: the /sessions request (seed 003) and Stoplight Prism mocking
 * Adyen's published CheckoutService-v71.json, the reference the mock's /sessions row is held to
 * (≥ 15× Prism's requests per second) beside a bare node:http server answering the same JSON.
 * Prism runs as a child process on a free port and is killed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DEFAULT_MERCHANT_ACCOUNT } from '../mocks/adyen/merchants.ts'
import { freePort } from '../suites/declarative/app-process.ts'

const SPEC = fileURLToPath(new URL('../contracts/adyen/openapi/CheckoutService-v71.json', import.meta.url))
const PRISM = fileURLToPath(new URL('../node_modules/.bin/prism', import.meta.url))

/** The seed 003 session request: store with consent, card on file, e-commerce. */
export const SESSION_BODY = JSON.stringify({
  merchantAccount: DEFAULT_MERCHANT_ACCOUNT,
  reference: 'bench-order-0001',
  amount: { currency: 'EUR', value: 1999 },
  returnUrl: 'https://merchant.example/checkout/return',
  countryCode: 'NL',
  shopperReference: 'bench-shopper-7f3a91',
  storePaymentMethodMode: 'askForConsent',
  recurringProcessingModel: 'CardOnFile',
  shopperInteraction: 'Ecommerce',
})

/** Starts `prism mock` on 127.0.0.1 and resolves once it listens. */
export async function startPrism(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort()
  const child = spawn(PRISM, ['mock', SPEC, '-p', String(port), '-h', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start within 90 s:\n${output.slice(-2000)}`)), 90_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      if (output.includes('Prism is listening')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`prism exited with code ${String(code)} before listening:\n${output.slice(-2000)}`))
    })
  })
  // Prism logs every request; the output is drained so the pipe never blocks it.
  child.stdout?.removeAllListeners('data')
  child.stderr?.removeAllListeners('data')
  child.stdout?.resume()
  child.stderr?.resume()
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}


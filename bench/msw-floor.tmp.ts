import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
const server = setupServer(http.all(() => true as never, () => HttpResponse.json({ ok: true })))
server.listen({ onUnhandledRequest: 'bypass' })
const body = JSON.stringify({ amount: { value: 100, currency: 'EUR' }, reference: 'x'.repeat(40), returnUrl: 'https://a.example/r', merchantAccount: 'M' })
for (let round = 0; round < 3; round++) {
  const N = 4000
  const t = performance.now()
  for (let i = 0; i < N / 8; i++) await Promise.all(Array.from({ length: 8 }, () => fetch('http://mock.tokenproof.test/v71/sessions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body }).then((r) => r.json())))
  console.log('msw trivial', Math.round(N / ((performance.now() - t) / 1000)), 'req/s')
}
server.close()

/* global process, console, fetch, setTimeout */
// A tiny merchant app for `tokenproof wrap` tests, written as if the mock did not exist: it calls
// Adyen's real test host with fetch and the credentials it is given.
//   node wrap-app.mjs adyen | crash | signal
const mode = process.argv[2]

if (mode === 'adyen') {
  const answer = await fetch('https://checkout-test.adyen.com/v72/paymentMethods', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': process.env.TOKENPROOF_ADYEN_API_KEY },
    body: JSON.stringify({ merchantAccount: process.env.TOKENPROOF_ADYEN_MERCHANT_ACCOUNT }),
  })
  console.log(`paymentMethods answered ${answer.status}`)
  // A careless debug line, as real apps have: wrap must report it, masked.
  console.error('debug: saving card 4111111111111111 with cvc=737')
  // What the mock saw, read through its control API (the test cannot see inside wrap's own mock).
  const seen = await (await fetch(`${process.env.TOKENPROOF_MOCK_URL}/__tokenproof/exchanges?provider=adyen`)).json()
  console.log(`mock recorded: ${seen.exchanges.map((e) => `${e.operation} ${e.response.status}`).join(', ')}`)
} else if (mode === 'crash') {
  console.log(`mock at ${process.env.TOKENPROOF_MOCK_URL}`)
  throw new Error('the app crashed')
} else if (mode === 'signal') {
  process.kill(process.pid, 'SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 5_000))
}

/* global require, process, console */
// A CommonJS merchant app on @adyen/api-library as its README shows it, nothing configured for a
// mock: the library has no base-URL option and always calls https://checkout-test.adyen.com with
// https.request and its own https.Agent.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS app, as many merchants' are
const { CheckoutAPI, Client, EnvironmentEnum } = require('@adyen/api-library')

const client = new Client({ apiKey: process.env.TOKENPROOF_ADYEN_API_KEY, environment: EnvironmentEnum.TEST })
const checkout = new CheckoutAPI(client)
checkout.PaymentsApi.paymentMethods({ merchantAccount: process.env.TOKENPROOF_ADYEN_MERCHANT_ACCOUNT }).then((answer) => {
  console.log(JSON.stringify({ client: 'adyen-library', methods: (answer.paymentMethods ?? []).map((m) => m.type) }))
})

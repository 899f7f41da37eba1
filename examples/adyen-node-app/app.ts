/**
 * A merchant app written the way Adyen's own Node examples are (express, @adyen/api-library 20.x,
 * `setEnvironment("TEST")`): card tokenization for a subscription.
 *
 *   POST /api/tokenization/sessions          zero-auth session with enableRecurring (Drop-in stores the card)
 *   POST /api/webhooks/notifications         standard webhooks, HMAC-checked with the library's validator
 *   GET  /admin                              the tokens received in RECURRING_CONTRACT webhooks
 *   GET  /admin/details/:shopperReference    the shopper's stored details (Recurring listRecurringDetails)
 *   POST /admin/makepayment/:token           a subscription payment with the stored token
 *   POST /admin/disable/:token               disables the token (Recurring disable)
 *
 * Nothing here knows about Tokenproof: settings come from the environment, as in Adyen's examples.
 * The only seam is the library's own custom HTTP client option, which a test may pass in.
 */
import { randomUUID } from 'node:crypto'
import express, { type Express, type Request, type Response } from 'express'
import { CheckoutAPI, Client, Config, hmacValidator, RecurringAPI, Types } from 'adyen-api-library-20'

type HttpClient = NonNullable<ConstructorParameters<typeof Client>[0] extends infer O ? (O extends { httpClient: infer H } ? H : never) : never>

export interface AppOptions {
  /** The library's custom HTTP client option (ClientInterface); the library's own one when absent. */
  readonly httpClient?: HttpClient
}

interface StoredToken {
  readonly shopperReference: string
  readonly recurringDetailReference: string
  readonly paymentMethod: string
}

function env(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`set ${name} (see README.md)`)
  return value
}

export function createApp(options: AppOptions = {}): Express {
  const config = new Config()
  config.apiKey = env('ADYEN_API_KEY')
  const client = options.httpClient ? new Client({ config, httpClient: options.httpClient }) : new Client({ config })
  client.setEnvironment('TEST')
  const checkout = new CheckoutAPI(client)
  const recurring = new RecurringAPI(client)
  const merchantAccount = env('ADYEN_MERCHANT_ACCOUNT')
  const hmacKey = env('ADYEN_HMAC_KEY')
  const validator = new hmacValidator()

  // In-memory token store, as in Adyen's subscription example.
  const tokens = new Map<string, StoredToken>()

  const app = express()
  app.use(express.json())

  app.post('/api/tokenization/sessions', async (req: Request, res: Response) => {
    try {
      const shopperReference = String(req.body?.shopperReference ?? `shopper-${randomUUID()}`)
      const response = await checkout.PaymentsApi.sessions(
        {
          amount: { currency: 'EUR', value: 0 }, // zero-auth: verify and store the card, charge nothing
          countryCode: 'NL',
          merchantAccount,
          reference: randomUUID(),
          returnUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}/result`,
          shopperReference,
          enableRecurring: true,
          recurringProcessingModel: Types.checkout.CreateCheckoutSessionRequest.RecurringProcessingModelEnum.Subscription,
          shopperInteraction: Types.checkout.CreateCheckoutSessionRequest.ShopperInteractionEnum.Ecommerce,
        },
        { idempotencyKey: randomUUID() },
      )
      res.json({ id: response.id, sessionData: response.sessionData, shopperReference })
    } catch (err) {
      console.error(`Error: ${(err as Error).message}, error code: ${(err as { errorCode?: string }).errorCode}`)
      res.status((err as { statusCode?: number }).statusCode ?? 500).json({ error: (err as Error).message })
    }
  })

  app.post('/api/webhooks/notifications', (req: Request, res: Response) => {
    const items = (req.body as Types.notification.Notification).notificationItems ?? []
    for (const { NotificationRequestItem: item } of items) {
      if (!validator.validateHMAC(item, hmacKey)) {
        console.error('Invalid HMAC signature: ignoring the webhook')
        res.status(401).send('Invalid HMAC signature')
        return
      }
      if (item.eventCode === Types.notification.NotificationRequestItem.EventCodeEnum.RecurringContract && item.success === Types.notification.NotificationRequestItem.SuccessEnum.True) {
        const shopperReference = item.additionalData?.['recurring.shopperReference'] ?? ''
        tokens.set(item.pspReference, { shopperReference, recurringDetailReference: item.pspReference, paymentMethod: item.paymentMethod ?? '' })
      }
    }
    res.status(202).send()
  })

  app.get('/admin', (_req: Request, res: Response) => {
    res.json({ tokens: [...tokens.values()] })
  })

  app.get('/admin/details/:shopperReference', async (req: Request, res: Response) => {
    try {
      const details = await recurring.listRecurringDetails({ merchantAccount, shopperReference: String(req.params.shopperReference), recurring: { contract: Types.recurring.Recurring.ContractEnum.Recurring } })
      res.json({ details: (details.details ?? []).map((d) => d.RecurringDetail?.recurringDetailReference) })
    } catch (err) {
      res.status((err as { statusCode?: number }).statusCode ?? 500).json({ error: (err as Error).message })
    }
  })

  app.post('/admin/makepayment/:token', async (req: Request, res: Response) => {
    const token = tokens.get(String(req.params.token))
    if (!token) {
      res.status(404).json({ error: 'unknown token' })
      return
    }
    try {
      const response = await checkout.PaymentsApi.payments(
        {
          amount: { currency: 'EUR', value: 1299 },
          reference: randomUUID(),
          merchantAccount,
          paymentMethod: { type: Types.checkout.CardDetails.TypeEnum.Scheme, storedPaymentMethodId: token.recurringDetailReference },
          shopperReference: token.shopperReference,
          shopperInteraction: Types.checkout.PaymentRequest.ShopperInteractionEnum.ContAuth,
          recurringProcessingModel: Types.checkout.PaymentRequest.RecurringProcessingModelEnum.Subscription,
          returnUrl: 'https://merchant.example/result',
        },
        { idempotencyKey: randomUUID() },
      )
      res.json({ resultCode: response.resultCode, pspReference: response.pspReference })
    } catch (err) {
      res.status((err as { statusCode?: number }).statusCode ?? 500).json({ error: (err as Error).message, errorCode: (err as { errorCode?: string }).errorCode })
    }
  })

  app.post('/admin/disable/:token', async (req: Request, res: Response) => {
    const token = tokens.get(String(req.params.token))
    if (!token) {
      res.status(404).json({ error: 'unknown token' })
      return
    }
    try {
      const response = await recurring.disable({ merchantAccount, shopperReference: token.shopperReference, recurringDetailReference: token.recurringDetailReference })
      tokens.delete(token.recurringDetailReference)
      res.json({ response: response.response })
    } catch (err) {
      res.status((err as { statusCode?: number }).statusCode ?? 500).json({ error: (err as Error).message, errorCode: (err as { errorCode?: string }).errorCode })
    }
  })

  return app
}

/**
 * Runs the reference merchant on its own, for driving it from a separate Tokenproof process:
 *   npx tsx examples/reference-merchant/main.ts            (PORT=8080 by default)
 */
import { createReferenceMerchant } from './server.ts'

const merchant = await createReferenceMerchant({ port: Number(process.env.PORT ?? 8080), log: (line) => console.log(line) })
console.log(`reference merchant at ${merchant.url}; driver protocol at ${merchant.driverUrl}`)
const stop = () => void merchant.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)

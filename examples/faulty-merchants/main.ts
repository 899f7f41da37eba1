/**
 * Runs one faulty merchant as a server, to drive it from another process or language:
 *   npx tsx examples/faulty-merchants/main.ts <variant-id>     (PORT=8080 by default)
 * then: npx tsx bin/tokenproof.ts run --driver http://127.0.0.1:8080/tokenproof --mock <mock url>
 */
import { createReferenceMerchant } from '../reference-merchant/server.ts'
import { FAULTY_VARIANTS } from './variants.ts'

const variant = FAULTY_VARIANTS.find((v) => v.id === process.argv[2])
if (!variant) {
  console.error(`usage: main.ts <variant>; one of ${FAULTY_VARIANTS.map((v) => v.id).join(', ')}`)
  process.exit(2)
}
const merchant = await createReferenceMerchant({ port: Number(process.env.PORT ?? 8080), faults: new Set([variant.fault]) })
console.log(`faulty merchant "${variant.id}" (${variant.description}) at ${merchant.url}; driver protocol at ${merchant.driverUrl}`)
const stop = () => void merchant.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)

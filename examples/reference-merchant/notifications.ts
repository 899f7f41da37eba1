/**
 * Receiving a provider's notification, the same for every provider: the adapter verifies and
 * reads it; here a duplicate is acknowledged without being applied again, and a verified new one
 * is applied (forward-only, see payments.ts) before it is acknowledged.
 */
import { applyNotification } from './payments.ts'
import type { HttpReply, InboundNotification, ProviderConnection } from './provider-adapter.ts'
import type { Faults } from './faults.ts'
import type { MerchantStore } from './store.ts'

/** The signature_over_parsed_body fault: the body as a framework's JSON parser hands it back, pretty-printed. */
function reserialised(notification: InboundNotification): InboundNotification {
  try {
    return { ...notification, body: JSON.stringify(JSON.parse(notification.body), null, 2) }
  } catch {
    return notification
  }
}

export async function receiveNotification(
  store: MerchantStore,
  provider: string,
  connection: ProviderConnection,
  notification: InboundNotification,
  log: (line: string) => void,
  faults: Faults,
): Promise<HttpReply> {
  const verdict = await connection.receiveNotification(faults.has('signature_over_parsed_body') ? reserialised(notification) : notification)
  // Rejected: not applied, and not acknowledged, so a genuine one would be sent again.
  if (!verdict.accepted) return verdict.reply
  // From here to markProcessed nothing awaits, so two deliveries of one notification cannot both pass.
  const seen = store.wasProcessed(provider, verdict.dedupeKey)
  if (seen && !faults.has('apply_duplicates')) {
    log(`${provider} notification ${verdict.dedupeKey} already applied; acknowledging again`)
    return verdict.reply
  }
  if (verdict.update) {
    const order = applyNotification(store, provider, verdict.update, faults, seen)
    // Not one of our orders (or one a reset forgot): acknowledging stops the retries, and there is
    // nothing we could apply it to later.
    if (!order) log(`${provider} notification ${verdict.dedupeKey} for an unknown payment ${verdict.update.merchantReference}`)
  }
  store.markProcessed(provider, verdict.dedupeKey)
  return verdict.reply
}

import type { WebhookDeliveryJob } from '@tickets/contracts'
import type { Knex } from '@tickets/db'

/** A delivery job to add; `jobId` makes a second add of the same message to the same endpoint a no-op while the first is kept. */
export type DeliveryToQueue = WebhookDeliveryJob & { jobId: string }

export const deliveryJobId = (endpointId: string, messageId: string) => `${endpointId}_${messageId}`

/** How long relayed messages (for replays) and delivery logs are kept. */
export const RETENTION_MS = 30 * 24 * 3600 * 1000

/**
 * One round of the outbox relay: takes up to `limit` rows not relayed yet, in order (rows another
 * relay holds are skipped, so relays in several workers share the work), hands one delivery per
 * row and subscribed endpoint to `enqueue`, then marks those rows relayed (kept for replays) and
 * deletes the rows nobody subscribed to, in the same transaction. A crash after `enqueue` and
 * before the commit relays the rows again: the job ids make that a no-op while the first jobs are
 * kept, and receivers dedupe by `webhook-id` beyond that (at-least-once). Returns how many rows it
 * took and the bookings they were about (for the live status stream).
 */
export async function relayOutbox(knex: Knex, enqueue: (jobs: DeliveryToQueue[]) => Promise<void>, { limit = 500 } = {}): Promise<{ rows: number; bookingIds: string[] }> {
  // Most rounds find nothing: one indexed read, not a transaction of three statements (an idle
  // worker polls several times a second).
  if (!(await knex('outbox_events').whereNull('relayed_at').first('seq'))) return { rows: 0, bookingIds: [] }
  // READ COMMITTED: the locking read locks the rows it takes and no gap, so the transactions
  // writing new outbox rows (every booking change) never wait for a relay.
  return knex.transaction(async (trx) => {
    const rows: Array<{ seq: number; id: string; type: string; booking_id: string | null }> = await trx('outbox_events')
      .whereNull('relayed_at')
      .orderBy('seq')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select('seq', 'id', 'type', 'booking_id')
    if (rows.length === 0) return { rows: 0, bookingIds: [] }
    const endpoints: Array<{ id: string; events: string }> = await trx('webhook_endpoints').where({ enabled: true }).select('id', 'events')
    const subscribed = endpoints.map((endpoint) => ({ id: endpoint.id, events: new Set(JSON.parse(endpoint.events) as string[]) }))
    const jobs: DeliveryToQueue[] = []
    const kept: number[] = []
    const dropped: number[] = []
    for (const row of rows) {
      const to = subscribed.filter((endpoint) => endpoint.events.has(row.type))
      for (const endpoint of to) jobs.push({ endpoint_id: endpoint.id, message_id: row.id, jobId: deliveryJobId(endpoint.id, row.id) })
      ;(to.length > 0 ? kept : dropped).push(row.seq)
    }
    if (jobs.length > 0) await enqueue(jobs)
    if (kept.length > 0) await trx('outbox_events').whereIn('seq', kept).update({ relayed_at: trx.raw('CURRENT_TIMESTAMP(3)') })
    if (dropped.length > 0) await trx('outbox_events').whereIn('seq', dropped).delete()
    const bookingIds = [...new Set(rows.flatMap((row) => (row.booking_id ? [row.booking_id] : [])))]
    return { rows: rows.length, bookingIds }
  }, { isolationLevel: 'read committed' })
}

/** Deletes relayed messages and delivery logs older than the retention, a bounded number per call. */
export async function pruneWebhookHistory(knex: Knex, now = new Date(), batch = 5_000): Promise<number> {
  const cutoff = new Date(now.getTime() - RETENTION_MS)
  const messages = await knex('outbox_events').where('relayed_at', '<', cutoff).orderBy('seq').limit(batch).delete()
  const deliveries = await knex('webhook_deliveries').where('created_at', '<', cutoff).orderBy('seq').limit(batch).delete()
  return messages + deliveries
}

import type { Knex } from '@tickets/db'
import { expireDueHolds, expireIfDue, type StockSignals } from '@tickets/booking'

/**
 * An `expire` job of one hold: what earlier versions scheduled per hold (a delayed job at its
 * expires_at). None are added any more; ones still queued from before an upgrade run here.
 * Due or not is decided by the database's clock (`now` only in tests).
 */
export async function processExpire(bookingId: string, knex: Knex, stock?: StockSignals, now?: Date): Promise<boolean> {
  return expireIfDue(knex, bookingId, stock, now)
}

/**
 * The periodic sweep (every EXPIRY_SWEEP_SECONDS): expires every pending hold past its
 * expires_at by the database's clock, event by event, until none is left. This is how holds
 * expire: a hold ends at most one sweep period after its time (payment after expires_at is refused
 * at once all the same).
 */
export async function processSweep(knex: Knex, stock?: StockSignals, now?: Date, batch = 1_000): Promise<number> {
  let expired = 0
  for (;;) {
    const round = await expireDueHolds(knex, stock, batch, now)
    expired += round
    if (round < batch) return expired
  }
}

import type { Knex } from '@tickets/db'
import { expireDueHolds, expireIfDue, type StockSignals } from '@tickets/booking'

/**
 * An `expire` job of one hold: what earlier versions scheduled per hold (a delayed job at its
 * expires_at). None are added any more; ones still queued from before an upgrade run here.
 */
export async function processExpire(bookingId: string, knex: Knex, stock?: StockSignals, now = new Date()): Promise<boolean> {
  return expireIfDue(knex, bookingId, now, stock)
}

/**
 * The periodic sweep (every EXPIRY_SWEEP_SECONDS): expires every pending hold past its
 * expires_at, event by event, until none is left. This is how holds expire: a hold ends at most
 * one sweep period after its time (payment after expires_at is refused at once all the same).
 */
export async function processSweep(knex: Knex, stock?: StockSignals, now = new Date(), batch = 1_000): Promise<number> {
  let expired = 0
  for (;;) {
    const round = await expireDueHolds(knex, now, stock, batch)
    expired += round
    if (round < batch) return expired
  }
}

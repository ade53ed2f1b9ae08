import type { Knex } from '@tickets/db'
import { expireIfDue, type StockSignals } from '@tickets/booking'

/** The delayed job at `expires_at`: expires the hold if it is still pending, else does nothing. */
export async function processExpire(bookingId: string, knex: Knex, stock?: StockSignals, now = new Date()): Promise<boolean> {
  return expireIfDue(knex, bookingId, now, stock)
}

/** The periodic sweep: expires every pending hold past its time whose delayed job was lost. */
export async function processSweep(knex: Knex, stock?: StockSignals, now = new Date(), batch = 500): Promise<number> {
  const due = await knex('bookings').where('status', 'pending').where('expires_at', '<=', now).limit(batch).pluck('id')
  let expired = 0
  for (const id of due as string[]) if (await expireIfDue(knex, id, now, stock)) expired++
  return expired
}

import type { EventRow, Knex } from '@tickets/db'
import { DB_NOW, databaseNow } from './clock.js'
import { BookingError } from './errors.js'
import { HOLDS_TICKETS } from './transitions.js'

/**
 * The only code that locks an event row or writes `available_tickets`.
 *
 * Lock order, for every writer on the platform: the event row first (here), then booking rows.
 * Bookings of one event are therefore decided, cancelled, expired and deleted one transaction at
 * a time, and no two writers can deadlock on each other. The database CHECK
 * (available_tickets BETWEEN 0 AND total_tickets) is the last line of defence behind this.
 */
export function lockEvent(trx: Knex.Transaction, eventId: string): Promise<EventRow | undefined> {
  return trx('events').where({ id: eventId }).forUpdate().first()
}

/**
 * Locks several events at once, in primary-key order: two writers locking overlapping sets take
 * them in the same order, so they queue behind each other instead of deadlocking. The same
 * statement reads the database's clock (no round trip of its own): the moment a group commit
 * decides at. An empty result (only unknown events) reads the clock alone.
 */
export async function lockEvents(trx: Knex.Transaction, eventIds: readonly string[]): Promise<{ events: EventRow[]; now: Date }> {
  const rows: Array<EventRow & { db_now?: Date }> = await trx('events')
    .select('*', trx.raw(`${DB_NOW} AS db_now`))
    .whereIn('id', [...eventIds].sort())
    .orderBy('id')
    .forUpdate()
  const now = rows[0]?.db_now ?? (await databaseNow(trx))
  for (const row of rows) delete row.db_now
  return { events: rows, now }
}

/**
 * Takes tickets from several locked events in one statement (the caller has checked there are
 * enough of each): a group commit spanning many events writes their stock in one round trip.
 */
export async function takeTicketsOf(trx: Knex.Transaction, taken: ReadonlyMap<string, number>): Promise<void> {
  const entries = [...taken].filter(([, quantity]) => quantity > 0)
  if (entries.length === 0) return
  if (entries.length === 1) return takeTickets(trx, entries[0]![0], entries[0]![1])
  await trx('events')
    .whereIn('id', entries.map(([id]) => id))
    .update({
      available_tickets: trx.raw(`available_tickets - CASE id ${entries.map(() => 'WHEN ? THEN ?').join(' ')} END`, entries.flat()),
    })
}

/** Takes tickets from a locked event (the caller has checked there are enough). */
export async function takeTickets(trx: Knex.Transaction, eventId: string, quantity: number): Promise<void> {
  if (quantity > 0) await trx('events').where({ id: eventId }).decrement('available_tickets', quantity)
}

/** Gives tickets back to a locked event. The event may be gone (only once nothing holds tickets). */
export async function releaseTickets(trx: Knex.Transaction, eventId: string, quantity: number): Promise<void> {
  if (quantity > 0) await trx('events').where({ id: eventId }).increment('available_tickets', quantity)
}

/**
 * Moves `total_tickets` and `available_tickets` together, on a locked event: a booking committed
 * just before is counted, one just after sees the new stock. Refused below the tickets held or sold.
 * Returns true when tickets were added: the caller tells StockSignals.restocked after its commit.
 */
export async function setTotalTickets(trx: Knex.Transaction, event: EventRow, total: number): Promise<boolean> {
  if (total === event.total_tickets) return false
  const held = event.total_tickets - event.available_tickets
  if (total < held) {
    throw new BookingError('TICKETS_ALREADY_SOLD', `${held} tickets are already held or sold; total_tickets cannot go below that`, {
      total_tickets: `must be at least ${held}`,
    })
  }
  await trx('events')
    .where({ id: event.id })
    .update({ total_tickets: total, available_tickets: event.available_tickets + (total - event.total_tickets) })
  return total > event.total_tickets
}

/** Deletes an event that holds no tickets for anyone (pending or confirmed bookings: refused). */
export async function deleteEvent(trx: Knex.Transaction, eventId: string): Promise<void> {
  if (!(await lockEvent(trx, eventId))) throw new BookingError('EVENT_NOT_FOUND', 'Event not found')
  const active = await trx('bookings').where({ event_id: eventId }).whereIn('status', HOLDS_TICKETS).first('id')
  if (active) throw new BookingError('EVENT_HAS_BOOKINGS', 'The event has pending or confirmed bookings')
  await trx('events').where({ id: eventId }).delete()
}

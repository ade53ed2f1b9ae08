import { runTogether, type CategoryRow, type EventRow, type Knex } from '@tickets/db'
import { DB_NOW, databaseNow } from './clock.js'
import { BookingError } from './errors.js'
import { HOLDS_TICKETS } from './transitions.js'

/**
 * The only code that locks an event row or writes stock (`available` of a category, and the
 * event's `available_tickets`, their sum).
 *
 * Lock order, for every writer on the platform: the event row first (here), then booking rows.
 * Bookings of one event are therefore decided, cancelled, expired and deleted one transaction at
 * a time, and no two writers can deadlock on each other. An event's categories are written only
 * under its lock too, so they need no lock of their own. The database CHECKs (available BETWEEN 0
 * AND capacity per category, and the same on the event's sums) are the last line of defence.
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
  return lockedEvents(trx, await lockEventsQuery(trx, eventIds))
}

/** lockEvents' statement, to run with others (runTogether); lockedEvents reads its rows. */
export function lockEventsQuery(knex: Knex, eventIds: readonly string[]): Knex.QueryBuilder {
  return knex('events')
    .select('*', knex.raw(`${DB_NOW} AS db_now`))
    .whereIn('id', [...eventIds].sort())
    .orderBy('id')
    .forUpdate()
}

/** The events lockEventsQuery locked, and the database's clock it read (read alone when it found no event). */
async function lockedEvents(trx: Knex.Transaction, rows: Array<EventRow & { db_now?: Date }>): Promise<{ events: EventRow[]; now: Date }> {
  const now = rows[0]?.db_now ?? (await databaseNow(trx))
  for (const row of rows) delete row.db_now
  return { events: rows, now }
}

/** Reads the categories of locked events (every category writer locks its event first), in their order. */
export function readCategories(trx: Knex.Transaction, eventIds: readonly string[]): Promise<CategoryRow[]> {
  if (eventIds.length === 0) return Promise.resolve([])
  return categoriesQuery(trx, eventIds)
}

/** readCategories' statement, to run with others (runTogether). */
export function categoriesQuery(knex: Knex, eventIds: readonly string[]): Knex.QueryBuilder<CategoryRow, CategoryRow[]> {
  return knex<CategoryRow>('ticket_categories').whereIn('event_id', [...eventIds]).orderBy([{ column: 'event_id' }, { column: 'position' }])
}

/**
 * The table for an `UPDATE ... WHERE id IN (...)` that must lock those rows and no others. Given
 * most of a small table's ids (20 events on sale, a batch naming 12), MariaDB reads the whole
 * primary key instead of looking each id up (EXPLAIN: type index, not range), and under
 * REPEATABLE READ an UPDATE locks every row it reads: every group commit then waited for every
 * other worker's open batch, whatever their events, and two of them could deadlock (errno 1213,
 * retried). Pinned to the primary key, it locks the rows it names.
 */
export const byPrimaryKey = (knex: Knex, table: 'events' | 'ticket_categories'): Knex.Raw => knex.raw('?? FORCE INDEX (PRIMARY)', [table])

/**
 * `column = column - n` for each id in one statement (the caller has checked there is enough of
 * each): a group commit spanning many events and categories writes their stock in two statements.
 * Null when there is nothing to write.
 */
function subtractEachQuery(knex: Knex, table: 'events' | 'ticket_categories', column: string, amounts: ReadonlyMap<string, number>): Knex.QueryBuilder | null {
  const entries = [...amounts].filter(([, quantity]) => quantity !== 0)
  if (entries.length === 0) return null
  if (entries.length === 1) return knex(table).where({ id: entries[0]![0] }).decrement(column, entries[0]![1])
  return knex(byPrimaryKey(knex, table))
    .whereIn('id', entries.map(([id]) => id))
    .update({ [column]: knex.raw(`?? - CASE id ${entries.map(() => 'WHEN ? THEN ?').join(' ')} END`, [column, ...entries.flat()]) })
}

/**
 * Takes tickets from locked events' categories, and the same totals from the events (their
 * `available_tickets` is the sum of their categories'): the caller has checked there are enough.
 * Negative amounts give tickets back (releaseTicketsOf).
 */
export async function takeTickets(trx: Knex.Transaction, byCategory: ReadonlyMap<string, number>, byEvent: ReadonlyMap<string, number>): Promise<void> {
  await runTogether(trx, takeTicketsQueries(trx, byCategory, byEvent))
}

/** takeTickets' statements (none when nothing is taken), to run with others (runTogether), in this order. */
export function takeTicketsQueries(knex: Knex, byCategory: ReadonlyMap<string, number>, byEvent: ReadonlyMap<string, number>): Knex.QueryBuilder[] {
  return [subtractEachQuery(knex, 'ticket_categories', 'available', byCategory), subtractEachQuery(knex, 'events', 'available_tickets', byEvent)].filter((query) => query !== null)
}

/**
 * Gives back the tickets of bookings of one locked event, each line to its category. The event
 * may be gone (only once nothing holds tickets). Returns how many tickets came back.
 */
export async function releaseTicketsOf(trx: Knex.Transaction, eventId: string, bookings: ReadonlyArray<{ id: string; quantity: number }>): Promise<number> {
  const tickets = bookings.reduce((sum, booking) => sum + booking.quantity, 0)
  if (tickets === 0) return 0
  const lines: Array<{ category_id: string; quantity: string | number }> = await trx('booking_items')
    .whereIn('booking_id', bookings.map((booking) => booking.id))
    .groupBy('category_id')
    .select('category_id', trx.raw('SUM(quantity) AS quantity'))
  await takeTickets(trx, new Map(lines.map((line) => [line.category_id, -Number(line.quantity)])), new Map([[eventId, -tickets]]))
  return tickets
}

/**
 * The event's sums, from its categories, on a locked event: `total_tickets` and
 * `available_tickets` the sums of capacity and stock, `ticket_price` the lowest price.
 *
 * Read with a plain (consistent) read, then written by primary key: every writer of an event's
 * categories holds its event's lock, so the read sees all of them, and it locks no range of
 * `ticket_categories`. (An `UPDATE ... JOIN (SELECT ...)` took shared next-key locks on the range,
 * and two administrators adding categories to two different events deadlocked on the gap between
 * them: 81 of 150 adds failed in a stress test.)
 */
export async function syncEventTotals(trx: Knex.Transaction, eventId: string): Promise<void> {
  const [sums] = await trx('ticket_categories')
    .where({ event_id: eventId })
    .select<Array<{ total: string | number | null; available: string | number | null; price: string | null }>>(
      trx.raw('SUM(capacity) AS total'),
      trx.raw('SUM(available) AS available'),
      trx.raw('MIN(price) AS price'),
    )
  if (!sums || sums.total === null || sums.price === null) return
  await trx('events').where({ id: eventId }).update({ total_tickets: Number(sums.total), available_tickets: Number(sums.available), ticket_price: sums.price })
}

/** Deletes an event that holds no tickets for anyone (pending or confirmed bookings: refused). */
export async function deleteEvent(trx: Knex.Transaction, eventId: string): Promise<void> {
  if (!(await lockEvent(trx, eventId))) throw new BookingError('EVENT_NOT_FOUND', 'Event not found')
  const active = await trx('bookings').where({ event_id: eventId }).whereIn('status', HOLDS_TICKETS).first('id')
  if (active) throw new BookingError('EVENT_HAS_BOOKINGS', 'The event has pending or confirmed bookings')
  await trx('events').where({ id: eventId }).delete()
}

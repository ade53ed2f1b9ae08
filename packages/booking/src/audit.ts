import type { Knex } from '@tickets/db'
import { HOLDS_TICKETS } from './transitions.js'

export interface StockDrift {
  event_id: string
  /** Set when the drift is a category's (its capacity, stock and held lines); absent: the event's sums. */
  category_id?: string
  total: number
  available: number
  held: number
  /** total - available - held: 0 when the invariant holds. Positive: tickets lost; negative: sold twice. */
  drift: number
}

export interface StockAudit {
  /** Events checked (those with activity since `since`), each with its categories. */
  checked: number
  /** The ones whose stock does not add up, or whose available_tickets went below zero. */
  drifted: StockDrift[]
}

/**
 * The no-oversell invariant, checked where it lives: for every event with activity since `since`
 * (the event or one of its bookings changed), `available_tickets + held == total_tickets` and
 * `available_tickets >= 0`, with held the quantity of its pending and confirmed bookings; and for
 * each of its categories `available + held == capacity`, `available >= 0`, with held the lines of
 * those bookings in that category.
 *
 * One statement for the events and one for their categories, each one consistent snapshot (InnoDB's
 * consistent read): no lock is taken and a booking committed meanwhile cannot make a correct event
 * look wrong. It only reads: whatever it finds is for a person to look at (a bug, or a manual SQL
 * fix gone wrong).
 */
export async function auditStock(knex: Knex, since: Date): Promise<StockAudit> {
  const active = knex('bookings').where('updated_at', '>=', since).distinct('event_id')
  const rows: Array<{ id: string; total_tickets: number; available_tickets: number; held: string | number | null }> = await knex('events as e')
    .leftJoin('bookings as b', (join) => join.on('b.event_id', '=', 'e.id').onIn('b.status', HOLDS_TICKETS))
    .where((query) => query.where('e.updated_at', '>=', since).orWhereIn('e.id', active))
    .groupBy('e.id', 'e.total_tickets', 'e.available_tickets')
    .select('e.id', 'e.total_tickets', 'e.available_tickets', knex.raw('COALESCE(SUM(b.quantity), 0) AS held'))
  const drifted: StockDrift[] = []
  for (const row of rows) {
    const held = Number(row.held ?? 0)
    const drift = row.total_tickets - row.available_tickets - held
    if (drift !== 0 || row.available_tickets < 0) {
      drifted.push({ event_id: row.id, total: row.total_tickets, available: row.available_tickets, held, drift })
    }
  }
  const ids = rows.map((row) => row.id)
  const categories: Array<{ id: string; event_id: string; capacity: number; available: number; held: string | number | null }> =
    ids.length === 0
      ? []
      : await knex('ticket_categories as c')
          .leftJoin(
            knex('booking_items as i')
              .join('bookings as b', 'b.id', 'i.booking_id')
              .whereIn('b.event_id', ids)
              .whereIn('b.status', HOLDS_TICKETS)
              .groupBy('i.category_id')
              .select('i.category_id', knex.raw('SUM(i.quantity) AS held'))
              .as('h'),
            'h.category_id',
            'c.id',
          )
          .whereIn('c.event_id', ids)
          .select('c.id', 'c.event_id', 'c.capacity', 'c.available', 'h.held')
  for (const row of categories) {
    const held = Number(row.held ?? 0)
    const drift = row.capacity - row.available - held
    if (drift !== 0 || row.available < 0) {
      drifted.push({ event_id: row.event_id, category_id: row.id, total: row.capacity, available: row.available, held, drift })
    }
  }
  return { checked: rows.length, drifted }
}

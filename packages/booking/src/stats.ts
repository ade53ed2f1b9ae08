import type { CategoryStats, EventStats } from '@tickets/contracts'
import type { Knex } from '@tickets/db'
import { BookingError } from './errors.js'
import { addMoney } from './money.js'

type Row = { kind: string; category_id: string | null; k: string | null; n: string | number | null; m: string | number | null; amount: string | null; at: Date | null; pos: number | null }

const STATUSES = ['pending', 'confirmed', 'rejected', 'cancelled', 'expired'] as const

/**
 * One statement, one round trip: every figure of the sales figures as rows of one shape
 * (kind, category, key, two counts, an amount, a time, a position), read in one consistent snapshot.
 * kind: `event` (total, available, first sell-out, the database clock), `category` (capacity,
 * available, price, name, first sell-out), `line` (per category and status: tickets, bookings,
 * amount), `reason` (per category and rejection reason: bookings), `status` and `rejected` (the
 * event's bookings by status and by reason: a booking of several categories counts once),
 * `waiting` (per category: tickets, entries), `recent` (decisions of the last minute).
 */
const FIGURES_SQL = `
  SELECT 'event' AS kind, NULL AS category_id, NULL AS k, total_tickets AS n, available_tickets AS m, NULL AS amount, first_sold_out_at AS at, NULL AS pos FROM events WHERE id = :id
  UNION ALL SELECT 'now', NULL, NULL, NULL, NULL, NULL, NOW(3), NULL
  UNION ALL SELECT 'category', id, name, capacity, available, price, first_sold_out_at, position FROM ticket_categories WHERE event_id = :id
  UNION ALL SELECT 'line', i.category_id, b.status, SUM(i.quantity), COUNT(*), SUM(i.quantity * i.unit_price), NULL, NULL
    FROM bookings b JOIN booking_items i ON i.booking_id = b.id WHERE b.event_id = :id AND b.status <> 'deleted' GROUP BY i.category_id, b.status
  UNION ALL SELECT 'reason', i.category_id, b.reason, NULL, COUNT(*), NULL, NULL, NULL
    FROM bookings b JOIN booking_items i ON i.booking_id = b.id WHERE b.event_id = :id AND b.status = 'rejected' GROUP BY i.category_id, b.reason
  UNION ALL SELECT 'status', NULL, status, NULL, COUNT(*), NULL, NULL, NULL FROM bookings WHERE event_id = :id AND status <> 'deleted' GROUP BY status
  UNION ALL SELECT 'rejected', NULL, reason, NULL, COUNT(*), NULL, NULL, NULL FROM bookings WHERE event_id = :id AND status = 'rejected' GROUP BY reason
  UNION ALL SELECT 'waiting', category_id, NULL, SUM(quantity), COUNT(*), NULL, NULL, NULL FROM waitlist_entries WHERE event_id = :id AND status = 'waiting' GROUP BY category_id
  UNION ALL SELECT 'recent', NULL, NULL, NULL, COUNT(*), NULL, NULL, NULL FROM bookings
    WHERE event_id = :id AND updated_at >= NOW(3) - INTERVAL 60 SECOND AND created_at >= NOW(3) - INTERVAL 60 SECOND`

type Figures = Omit<CategoryStats, 'id' | 'name' | 'price'>

const emptyFigures = (capacity: number, available: number, soldOutAt: Date | null): Figures => ({
  capacity,
  available,
  held: 0,
  sold: 0,
  revenue: { confirmed: '0.00', pending: '0.00' },
  bookings: { pending: 0, confirmed: 0, rejected: 0, cancelled: 0, expired: 0 },
  rejections: {},
  waiting: { entries: 0, tickets: 0 },
  sold_out_at: soldOutAt?.toISOString() ?? null,
})

/** DECIMAL sums come back with more places than two (quantity x price): cut to the cent they are. */
const cents = (amount: string | null) => {
  if (!amount) return '0.00'
  const [whole, fraction = ''] = amount.split('.')
  return `${whole}.${fraction.padEnd(2, '0').slice(0, 2)}`
}

/**
 * An event's sales figures, per category and in total, from the database in one query: capacity,
 * available, held (pending) and sold (confirmed) tickets, revenue confirmed and pending, bookings
 * by status, rejections by reason, the waiting list, decisions in the last minute, and when its
 * stock first ran out. `queued` (requests not decided yet) is the caller's: it lives in Redis.
 */
export async function salesFigures(knex: Knex, eventId: string): Promise<Omit<EventStats, 'queued'>> {
  const [rows] = (await knex.raw(FIGURES_SQL, { id: eventId })) as unknown as [Row[]]
  const event = rows.find((row) => row.kind === 'event')
  if (!event) throw new BookingError('EVENT_NOT_FOUND', 'Event not found')
  const now = rows.find((row) => row.kind === 'now')!.at!
  const categories = new Map<string, CategoryStats>()
  for (const row of rows.filter((candidate) => candidate.kind === 'category').sort((a, b) => Number(a.pos) - Number(b.pos))) {
    categories.set(row.category_id!, { id: row.category_id!, name: row.k!, price: row.amount!, ...emptyFigures(Number(row.n), Number(row.m), row.at) })
  }
  const total = emptyFigures(Number(event.n), Number(event.m), event.at)
  let recent = 0
  for (const row of rows) {
    const category = row.category_id ? categories.get(row.category_id) : undefined
    switch (row.kind) {
      case 'line': {
        // Lines of a deleted category: their bookings still count in the event's totals.
        const status = row.k as (typeof STATUSES)[number]
        for (const figures of category ? [category, total] : [total]) {
          if (status === 'pending') {
            figures.held += Number(row.n)
            figures.revenue.pending = addMoney(figures.revenue.pending, cents(row.amount))
          } else if (status === 'confirmed') {
            figures.sold += Number(row.n)
            figures.revenue.confirmed = addMoney(figures.revenue.confirmed, cents(row.amount))
          }
        }
        if (category) category.bookings[status] = Number(row.m)
        break
      }
      case 'reason':
        if (category && row.k) category.rejections[row.k] = Number(row.m)
        break
      case 'status':
        total.bookings[row.k as (typeof STATUSES)[number]] = Number(row.m)
        break
      case 'rejected':
        if (row.k) total.rejections[row.k] = Number(row.m)
        break
      case 'waiting':
        if (category) category.waiting = { entries: Number(row.m), tickets: Number(row.n) }
        total.waiting.entries += Number(row.m)
        total.waiting.tickets += Number(row.n)
        break
      case 'recent':
        recent = Number(row.m)
        break
    }
  }
  return { event_id: eventId, ...total, decisions_last_minute: recent, categories: [...categories.values()], generated_at: now.toISOString() }
}

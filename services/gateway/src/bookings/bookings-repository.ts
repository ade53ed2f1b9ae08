import type { BookingStatus } from '@tickets/contracts'
import type { BookingItemRow, Knex, StoredBookingStatus } from '@tickets/db'
import type { BookingWithSummaries } from './serialize.js'

export interface BookingFilter {
  userId?: string
  status?: Exclude<BookingStatus, 'queued'>
  eventId?: string
}

/** Reads of the bookings table, with the user and event summaries the API shows. */
export function createBookingsRepository(knex: Knex) {
  const withSummaries = () =>
    knex('bookings')
      .leftJoin('users', 'users.id', 'bookings.user_id')
      .leftJoin('events', 'events.id', 'bookings.event_id')
      .select(
        'bookings.*',
        'users.name as user_name',
        'users.email as user_email',
        'events.name as event_name',
        'events.location as event_location',
        'events.event_date as event_date',
      )

  /** The bookings' lines in one read (a page of bookings is three round trips, not one per booking). */
  const withItems = async (rows: Array<Omit<BookingWithSummaries, 'items'>>): Promise<BookingWithSummaries[]> => {
    if (rows.length === 0) return []
    const items: BookingItemRow[] = await knex('booking_items').whereIn('booking_id', rows.map((row) => row.id)).orderBy(['booking_id', 'category_id'])
    return rows.map((row) => ({ ...row, items: items.filter((item) => item.booking_id === row.id) }))
  }

  // Tombstones of deleted bookings are for the worker (see deleteBooking); the API never shows one.
  const filtered = (query: Knex.QueryBuilder, filter: BookingFilter) => {
    query.whereNot('bookings.status', 'deleted')
    if (filter.userId) query.where('bookings.user_id', filter.userId)
    if (filter.status) query.where('bookings.status', filter.status)
    if (filter.eventId) query.where('bookings.event_id', filter.eventId)
    return query
  }

  return {
    async findById(id: string): Promise<BookingWithSummaries | undefined> {
      const row = (await withSummaries().where('bookings.id', id).whereNot('bookings.status', 'deleted').first()) as Omit<BookingWithSummaries, 'items'> | undefined
      return row && (await withItems([row]))[0]
    },

    /** A booking's stored status, a tombstone's (`deleted`) included; undefined while it has no row. */
    statusById: async (id: string): Promise<StoredBookingStatus | undefined> => (await knex('bookings').where({ id }).first('status'))?.status,

    findByIdempotencyKey: (userId: string, key: string) =>
      knex('bookings').where({ user_id: userId, idempotency_key: key }).first('id', 'request_fingerprint', 'event_id', 'quantity', 'status'),

    async list(filter: BookingFilter, page: number, limit: number) {
      const rows = filtered(withSummaries(), filter)
        .orderBy([{ column: 'bookings.created_at', order: 'desc' }, { column: 'bookings.id', order: 'desc' }])
        .limit(limit)
        .offset((page - 1) * limit) as unknown as Promise<Array<Omit<BookingWithSummaries, 'items'>>>
      const count = filtered(knex('bookings'), filter).count<{ total: number }[]>({ total: '*' })
      const [list, [total]] = await Promise.all([rows, count])
      return { rows: await withItems(list), total: Number(total?.total ?? 0) }
    },
  }
}

export type BookingsRepository = ReturnType<typeof createBookingsRepository>

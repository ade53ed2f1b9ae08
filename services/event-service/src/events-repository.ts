import type { CategoryRow, EventRow, Knex } from '@tickets/db'
import type { CategoryWithWaiting } from './serialize.js'

export interface EventWithOrganizer extends EventRow {
  organizer_name: string
  organizer_email: string
  /** In the order they were created. */
  categories: CategoryWithWaiting[]
}

export interface EventFilter {
  q?: string
  from?: Date
  to?: Date
}

/** What PUT changes directly; stock and prices go through @tickets/booking. */
export type EventChanges = Partial<Pick<EventRow, 'name' | 'description' | 'location' | 'event_date' | 'max_tickets_per_user'>>

/** `%` and `_` in a search are literal text, not LIKE wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * The organizer comes from a join on users: both tables live in one database, and a join is one
 * round trip where a call to user-service per event would be many.
 */
export function createEventsRepository(knex: Knex) {
  /** The ids of the events still to come (their bookings are what the queue shards share). */
  const upcomingIds = (trx: Knex = knex): Promise<string[]> => trx('events').where('event_date', '>=', trx.fn.now()).pluck('id')

  const withOrganizer = (trx: Knex) =>
    trx('events')
      .join('users', 'users.id', 'events.organizer_id')
      .select<Array<Omit<EventWithOrganizer, 'categories'>>>('events.*', 'users.name as organizer_name', 'users.email as organizer_email')

  /**
   * The events' categories with their waiting lists' sizes, in one read (a page of events is two
   * round trips, not one per event).
   */
  const withCategories = async (rows: Array<Omit<EventWithOrganizer, 'categories'>>, trx: Knex): Promise<EventWithOrganizer[]> => {
    if (rows.length === 0) return []
    const waiting = trx('waitlist_entries')
      .where('status', 'waiting')
      .whereIn('event_id', rows.map((row) => row.id))
      .groupBy('category_id')
      .select('category_id', trx.raw('COUNT(*) AS entries'), trx.raw('SUM(quantity) AS tickets'))
      .as('w')
    const categories: Array<CategoryRow & { entries: number | null; tickets: string | number | null }> = await trx('ticket_categories as c')
      .leftJoin(waiting, 'w.category_id', 'c.id')
      .whereIn('c.event_id', rows.map((row) => row.id))
      .orderBy([{ column: 'c.event_id' }, { column: 'c.position' }])
      .select('c.*', 'w.entries', 'w.tickets')
    const withWaiting = categories.map(({ entries, tickets, ...category }): CategoryWithWaiting => ({
      ...category,
      waiting: { entries: Number(entries ?? 0), tickets: Number(tickets ?? 0) },
    }))
    return rows.map((row) => ({ ...row, categories: withWaiting.filter((category) => category.event_id === row.id) }))
  }

  const applyFilter = <Q extends Knex.QueryBuilder>(query: Q, filter: EventFilter): Q => {
    if (filter.from) query.where('events.event_date', '>=', filter.from)
    if (filter.to) query.where('events.event_date', '<=', filter.to)
    if (filter.q) {
      const pattern = likePattern(filter.q)
      query.where((w) => w.where('events.name', 'like', pattern).orWhere('events.location', 'like', pattern))
    }
    return query
  }

  return {
    upcomingIds,
    async findById(id: string, trx: Knex = knex): Promise<EventWithOrganizer | undefined> {
      const row = await withOrganizer(trx).where('events.id', id).first()
      return row && (await withCategories([row], trx))[0]
    },

    async list(filter: EventFilter, page: number, limit: number) {
      const [rows, [count]] = await Promise.all([
        applyFilter(withOrganizer(knex), filter)
          .orderBy([{ column: 'events.event_date' }, { column: 'events.id' }])
          .limit(limit)
          .offset((page - 1) * limit),
        applyFilter(knex('events'), filter).count<{ total: number }[]>({ total: '*' }),
      ])
      return { rows: await withCategories(rows, knex), total: Number(count?.total ?? 0) }
    },

    update: (id: string, changes: EventChanges, trx: Knex) => trx('events').where({ id }).update(changes),
  }
}

export type EventsRepository = ReturnType<typeof createEventsRepository>

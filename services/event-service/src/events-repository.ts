import { randomUUID } from 'node:crypto'
import type { EventRow, Knex } from '@tickets/db'

export interface EventWithOrganizer extends EventRow {
  organizer_name: string
  organizer_email: string
}

export interface EventFilter {
  q?: string
  from?: Date
  to?: Date
}

export type NewEvent = Pick<EventRow, 'organizer_id' | 'name' | 'description' | 'location' | 'event_date' | 'ticket_price' | 'total_tickets' | 'max_tickets_per_user'>
export type EventChanges = Partial<Omit<NewEvent, 'organizer_id'>>

/** `%` and `_` in a search are literal text, not LIKE wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * The organizer comes from a join on users: both tables live in one database, and a join is one
 * round trip where a call to user-service per event would be many.
 */
export function createEventsRepository(knex: Knex) {
  const withOrganizer = (trx: Knex) =>
    trx('events')
      .join('users', 'users.id', 'events.organizer_id')
      .select<EventWithOrganizer[]>('events.*', 'users.name as organizer_name', 'users.email as organizer_email')

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
    findById: (id: string, trx: Knex = knex) => withOrganizer(trx).where('events.id', id).first(),

    async list(filter: EventFilter, page: number, limit: number) {
      const [rows, [count]] = await Promise.all([
        applyFilter(withOrganizer(knex), filter)
          .orderBy([{ column: 'events.event_date' }, { column: 'events.id' }])
          .limit(limit)
          .offset((page - 1) * limit),
        applyFilter(knex('events'), filter).count<{ total: number }[]>({ total: '*' }),
      ])
      return { rows, total: Number(count?.total ?? 0) }
    },

    async insert(event: NewEvent, trx: Knex = knex): Promise<string> {
      const id = randomUUID()
      await trx('events').insert({ id, ...event, available_tickets: event.total_tickets })
      return id
    },

    update: (id: string, changes: EventChanges, trx: Knex) => trx('events').where({ id }).update(changes),
  }
}

export type EventsRepository = ReturnType<typeof createEventsRepository>

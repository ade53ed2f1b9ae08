import { randomUUID } from 'node:crypto'
import type { EventRow, Knex, UserRow } from '@tickets/db'

/** Rows written straight to the database, for tests of the layers below the HTTP API. */
export async function insertUser(knex: Knex, overrides: Partial<UserRow> = {}): Promise<UserRow> {
  const id = overrides.id ?? randomUUID()
  await knex('users').insert({ id, name: 'Fixture User', email: `fixture-${id}@example.com`, password_hash: 'not-a-hash', role: 'user', ...overrides })
  return (await knex('users').where({ id }).first())!
}

export async function insertEvent(knex: Knex, overrides: Partial<EventRow> = {}): Promise<EventRow> {
  const organizer = overrides.organizer_id ?? (await insertUser(knex, { role: 'admin' })).id
  const id = overrides.id ?? randomUUID()
  const total = overrides.total_tickets ?? 100
  await knex('events').insert({
    id,
    organizer_id: organizer,
    name: 'Fixture Event',
    description: null,
    location: 'Fixture Hall',
    event_date: new Date(Date.now() + 7 * 86_400_000),
    ticket_price: '25.50',
    total_tickets: total,
    available_tickets: total,
    max_tickets_per_user: null,
    ...overrides,
  })
  return (await knex('events').where({ id }).first())!
}

/** The invariant: available + held/sold == total, and available >= 0. */
export async function stockOf(knex: Knex, eventId: string) {
  const event = (await knex('events').where({ id: eventId }).first())!
  const [row] = await knex('bookings')
    .where({ event_id: eventId })
    .whereIn('status', ['pending', 'confirmed'])
    .sum<{ held: string | number | null }[]>({ held: 'quantity' })
  const held = Number(row?.held ?? 0)
  return { total: event.total_tickets, available: event.available_tickets, held, consistent: event.available_tickets + held === event.total_tickets && event.available_tickets >= 0 }
}

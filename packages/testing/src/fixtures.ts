import { randomUUID } from 'node:crypto'
import { DEFAULT_CATEGORY_NAME, type EventRow, type Knex, type UserRow } from '@tickets/db'

/** Rows written straight to the database, for tests of the layers below the HTTP API. */
export async function insertUser(knex: Knex, overrides: Partial<UserRow> = {}): Promise<UserRow> {
  const id = overrides.id ?? randomUUID()
  await knex('users').insert({ id, name: 'Fixture User', email: `fixture-${id}@example.com`, password_hash: 'not-a-hash', role: 'user', ...overrides })
  return (await knex('users').where({ id }).first())!
}

/**
 * An event with one category ("General admission") holding its whole pool, as the API creates one
 * from `ticket_price` and `total_tickets`.
 */
export async function insertEvent(knex: Knex, overrides: Partial<EventRow> = {}): Promise<EventRow> {
  const organizer = overrides.organizer_id ?? (await insertUser(knex, { role: 'admin' })).id
  const id = overrides.id ?? randomUUID()
  const total = overrides.total_tickets ?? 100
  const row = {
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
  }
  await knex('events').insert(row)
  await knex('ticket_categories').insert({
    id: randomUUID(),
    event_id: id,
    position: 0,
    name: DEFAULT_CATEGORY_NAME,
    price: row.ticket_price,
    capacity: row.total_tickets,
    available: row.available_tickets,
  })
  return (await knex('events').where({ id }).first())!
}

/** The event's categories, in order. */
export const categoriesOf = (knex: Knex, eventId: string) => knex('ticket_categories').where({ event_id: eventId }).orderBy('position')

/**
 * The invariant: available + held/sold == total, and available >= 0, for the event and for each of
 * its categories (held: the lines of its pending and confirmed bookings); the event's numbers are
 * the sums of its categories'. `consistent` is all of it.
 */
export async function stockOf(knex: Knex, eventId: string) {
  const event = (await knex('events').where({ id: eventId }).first())!
  const [row] = await knex('bookings')
    .where({ event_id: eventId })
    .whereIn('status', ['pending', 'confirmed'])
    .sum<{ held: string | number | null }[]>({ held: 'quantity' })
  const held = Number(row?.held ?? 0)
  const lines: Array<{ category_id: string; held: string | number }> = await knex('booking_items as i')
    .join('bookings as b', 'b.id', 'i.booking_id')
    .where('b.event_id', eventId)
    .whereIn('b.status', ['pending', 'confirmed'])
    .groupBy('i.category_id')
    .select('i.category_id', knex.raw('SUM(i.quantity) AS held'))
  const heldOf = new Map(lines.map((line) => [line.category_id, Number(line.held)]))
  const categories = (await categoriesOf(knex, eventId)).map((category) => {
    const categoryHeld = heldOf.get(category.id) ?? 0
    return { id: category.id, capacity: category.capacity, available: category.available, held: categoryHeld, consistent: category.available + categoryHeld === category.capacity && category.available >= 0 }
  })
  const sums =
    categories.reduce((sum, category) => sum + category.capacity, 0) === event.total_tickets &&
    categories.reduce((sum, category) => sum + category.available, 0) === event.available_tickets
  return {
    total: event.total_tickets,
    available: event.available_tickets,
    held,
    categories,
    consistent: event.available_tickets + held === event.total_tickets && event.available_tickets >= 0 && sums && categories.every((category) => category.consistent),
  }
}

/** A booking request as the worker decides it: a fresh booking id, no idempotency key. */
export const bookingRequest = (userId: string, eventId: string, quantity = 1) => ({
  booking_id: randomUUID(),
  user_id: userId,
  event_id: eventId,
  quantity,
  idempotency_key: null,
  request_fingerprint: null,
})

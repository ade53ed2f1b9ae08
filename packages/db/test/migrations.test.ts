import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createIsolatedDatabase } from '@tickets/testing'
import { isCheckViolation, isDuplicateKey, migrate, migrationSource, rollbackAll, type Knex } from '../src/index.js'

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

async function freshDatabase() {
  const db = await createIsolatedDatabase()
  cleanup = db.drop
  return db.knex
}

async function tables(knex: Knex): Promise<string[]> {
  const [rows] = (await knex.raw('SHOW TABLES')) as [Record<string, string>[]]
  return rows.map((row) => Object.values(row)[0]!).filter((name) => !name.startsWith('knex_')).sort()
}

async function insertEvent(knex: Knex, total = 10) {
  const organizer = randomUUID()
  await knex('users').insert({ id: organizer, name: 'Org', email: `${organizer}@example.com`, password_hash: 'x', role: 'admin' })
  const id = randomUUID()
  await knex('events').insert({
    id,
    organizer_id: organizer,
    name: 'Show',
    location: 'Hall',
    event_date: new Date(Date.now() + 86_400_000),
    ticket_price: '10.00',
    total_tickets: total,
    available_tickets: total,
  })
  return id
}

describe('migrations', () => {
  it('run up and down on a fresh database, and up again', async () => {
    const knex = await freshDatabase()
    expect(await migrate(knex)).toHaveLength(12)
    expect(await tables(knex)).toEqual(['booking_items', 'bookings', 'events', 'outbox_events', 'ticket_categories', 'users', 'waitlist_entries', 'webhook_deliveries', 'webhook_endpoints'])
    expect(await migrate(knex)).toEqual([])

    expect(await rollbackAll(knex)).toHaveLength(12)
    expect(await tables(knex)).toEqual([])

    expect(await migrate(knex)).toHaveLength(12)
    expect(await tables(knex)).toEqual(['booking_items', 'bookings', 'events', 'outbox_events', 'ticket_categories', 'users', 'waitlist_entries', 'webhook_deliveries', 'webhook_endpoints'])
  })

  it('record migration names without a file extension', async () => {
    const knex = await freshDatabase()
    await migrate(knex)
    const names = await knex('knex_migrations').pluck('name')
    expect(names).toEqual(['20261121000001_create_users', '20261121000002_create_events', '20261121000003_create_bookings', '20261122000004_harden_users', '20261122000005_bookings_user_holds_index', '20261122000006_activity_indexes', '20261130000007_idempotency_key_bytes', '20261130000008_booking_tombstones', '20261130000009_pinned_collations', '20261130000010_ticket_categories', '20261130000011_waitlist', '20261130000012_webhooks'])
  })
})

describe('collations', () => {
  // The collation every text column ends with, whatever the database's default: an unlisted column
  // (a new one that did not name its collation) fails here.
  const expected = {
    'booking_items.booking_id': 'utf8mb4_bin',
    'booking_items.category_id': 'utf8mb4_bin',
    'booking_items.name': 'utf8mb4_unicode_ci',
    'bookings.event_id': 'utf8mb4_bin',
    'bookings.id': 'utf8mb4_bin',
    'bookings.reason': 'utf8mb4_bin',
    'bookings.reason_detail': 'utf8mb4_bin',
    'bookings.request_fingerprint': 'utf8mb4_bin',
    'bookings.source': 'utf8mb4_bin',
    'bookings.status': 'utf8mb4_bin',
    'bookings.user_id': 'utf8mb4_bin',
    'events.description': 'utf8mb4_unicode_ci',
    'events.id': 'utf8mb4_bin',
    'events.location': 'utf8mb4_unicode_ci',
    'events.name': 'utf8mb4_unicode_ci',
    'events.organizer_id': 'utf8mb4_bin',
    'outbox_events.body': 'utf8mb4_bin',
    'outbox_events.booking_id': 'utf8mb4_bin',
    'outbox_events.id': 'utf8mb4_bin',
    'outbox_events.type': 'utf8mb4_bin',
    'ticket_categories.event_id': 'utf8mb4_bin',
    'ticket_categories.id': 'utf8mb4_bin',
    'ticket_categories.name': 'utf8mb4_unicode_ci',
    'users.email': 'utf8mb4_bin',
    'users.id': 'utf8mb4_bin',
    'users.name': 'utf8mb4_unicode_ci',
    'users.password_hash': 'utf8mb4_bin',
    'users.role': 'utf8mb4_bin',
    'waitlist_entries.booking_id': 'utf8mb4_bin',
    'waitlist_entries.category_id': 'utf8mb4_bin',
    'waitlist_entries.event_id': 'utf8mb4_bin',
    'waitlist_entries.id': 'utf8mb4_bin',
    'waitlist_entries.reason': 'utf8mb4_bin',
    'waitlist_entries.status': 'utf8mb4_bin',
    'waitlist_entries.user_id': 'utf8mb4_bin',
    'webhook_deliveries.endpoint_id': 'utf8mb4_bin',
    'webhook_deliveries.error': 'utf8mb4_unicode_ci',
    'webhook_deliveries.id': 'utf8mb4_bin',
    'webhook_deliveries.message_id': 'utf8mb4_bin',
    'webhook_deliveries.type': 'utf8mb4_bin',
    'webhook_endpoints.created_by': 'utf8mb4_bin',
    'webhook_endpoints.description': 'utf8mb4_unicode_ci',
    'webhook_endpoints.disabled_reason': 'utf8mb4_unicode_ci',
    'webhook_endpoints.events': 'utf8mb4_bin',
    'webhook_endpoints.id': 'utf8mb4_bin',
    'webhook_endpoints.previous_secret': 'utf8mb4_bin',
    'webhook_endpoints.secret': 'utf8mb4_bin',
    'webhook_endpoints.url': 'utf8mb4_bin',
  }

  async function collations(knex: Knex) {
    const [rows] = (await knex.raw(
      "SELECT table_name AS t, column_name AS c, collation_name AS k FROM information_schema.columns WHERE table_schema = DATABASE() AND collation_name IS NOT NULL AND table_name NOT LIKE 'knex%'",
    )) as [Array<{ t: string; c: string; k: string }>]
    return Object.fromEntries(rows.map((row) => [`${row.t}.${row.c}`, row.k]).sort(([a], [b]) => a!.localeCompare(b!)))
  }

  it('are named per column, not inherited: a database created with another default (as MySQL 8 does) ends the same', async () => {
    const knex = await freshDatabase()
    // MySQL 8's default for utf8mb4 is utf8mb4_0900_ai_ci (NO PAD), which MariaDB lacks; any other default shows the same.
    await knex.raw('ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci')
    await migrate(knex)
    expect(await collations(knex)).toEqual(expected)
    const [[table]] = (await knex.raw("SELECT table_collation AS k FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'bookings'")) as [Array<{ k: string }>]
    expect(table!.k).toBe('utf8mb4_unicode_ci')
  })

  it('compare ids byte for byte, and keep both foreign keys on users.id', async () => {
    const knex = await freshDatabase()
    await migrate(knex)
    const id = await insertEvent(knex)
    expect(await knex('events').where({ id: id.toUpperCase() }).first()).toBeUndefined()
    expect(await knex('events').where({ id }).first()).toBeDefined()
    // The organizer cannot go while it has events (RESTRICT), and a user's bookings go with the user (CASCADE).
    const { organizer_id } = (await knex('events').where({ id }).first('organizer_id'))!
    await expect(knex('users').where({ id: organizer_id }).delete()).rejects.toMatchObject({ errno: 1451 })
    await expect(knex('bookings').insert({ id: randomUUID(), user_id: randomUUID(), event_id: id, quantity: 1, total_price: '1.00', status: 'confirmed' })).rejects.toMatchObject({ errno: 1452 })
  })
})

describe('users.email', () => {
  it('compares byte for byte: a look-alike is another address, not a match', async () => {
    const knex = await freshDatabase()
    await migrate(knex)
    const user = { name: 'A', password_hash: 'x', role: 'user' as const }
    await knex('users').insert({ ...user, id: '00000000-0000-4000-8000-000000000001', email: 'alice@example.com' })
    expect(await knex('users').where({ email: 'älice@example.com' }).first()).toBeUndefined()
    expect(await knex('users').where({ email: 'ALICE@example.com' }).first()).toBeUndefined()
    // Different bytes, so a second account, not a duplicate.
    await knex('users').insert({ ...user, id: '00000000-0000-4000-8000-000000000002', email: 'älice@example.com' })
    expect(await knex('users').count({ n: '*' })).toEqual([{ n: 2 }])
  })
})

describe('the events CHECK constraint', () => {
  it('rejects available_tickets below zero through a direct UPDATE', async () => {
    const knex = await freshDatabase()
    await migrate(knex)
    const id = await insertEvent(knex, 10)
    await expect(knex('events').where({ id }).update({ available_tickets: -1 })).rejects.toMatchObject({ errno: expect.any(Number) })
    await expect(knex('events').where({ id }).decrement('available_tickets', 11)).rejects.toThrow(/check/i)
    expect(await knex('events').where({ id }).first('available_tickets')).toEqual({ available_tickets: 10 })
  })

  it('rejects available_tickets above total_tickets through a direct UPDATE', async () => {
    const knex = await freshDatabase()
    await migrate(knex)
    const id = await insertEvent(knex, 10)
    await knex('events').where({ id }).update({ available_tickets: 0 })
    await expect(knex('events').where({ id }).update({ available_tickets: 11 })).rejects.toThrow(/check/i)
    await expect(knex('events').where({ id }).update({ total_tickets: 5, available_tickets: 6 })).rejects.toThrow(/check/i)
    await knex('events').where({ id }).update({ available_tickets: 10 })
    expect(await knex('events').where({ id }).first('available_tickets')).toEqual({ available_tickets: 10 })
  })

  it('keeps money exact as DECIMAL strings', async () => {
    const knex = await freshDatabase()
    await migrate(knex)
    const id = await insertEvent(knex)
    await knex('events').where({ id }).update({ ticket_price: '0.30' })
    expect(await knex('events').where({ id }).first('ticket_price')).toEqual({ ticket_price: '0.30' })
  })

  it('allows one idempotency key per user only', async () => {
    const knex = await freshDatabase()
    await migrate(knex)
    const eventId = await insertEvent(knex)
    const user = randomUUID()
    await knex('users').insert({ id: user, name: 'U', email: `${user}@example.com`, password_hash: 'x', role: 'user' })
    const row = { user_id: user, event_id: eventId, quantity: 1, total_price: '10.00', status: 'rejected' as const, idempotency_key: 'k1' }
    await knex('bookings').insert({ id: randomUUID(), ...row })
    const duplicate = await knex('bookings').insert({ id: randomUUID(), ...row }).catch((error: unknown) => error)
    expect(isDuplicateKey(duplicate)).toBe(true)
    // The stock CHECK, named the same way on MySQL 8 (3819) and MariaDB (4025).
    const negative = await knex('events').where({ id: eventId }).update({ available_tickets: -1 }).catch((error: unknown) => error)
    expect(isCheckViolation(negative)).toBe(true)
    expect(isDuplicateKey(negative)).toBe(false)
    // Byte for byte: case, accents and trailing spaces make another key, read back as written.
    for (const key of ['K1', 'k1 ', 'ķ1']) await knex('bookings').insert({ id: randomUUID(), ...row, idempotency_key: key })
    expect((await knex('bookings').where({ user_id: user }).orderBy('idempotency_key').pluck('idempotency_key')).sort()).toEqual(['K1', 'k1', 'k1 ', 'ķ1'].sort())
  })
})

describe('the ticket categories migration', () => {
  it("moves every event's pool into one category and every booking into one line, and rolls back", async () => {
    const knex = await freshDatabase()
    for (let i = 0; i < 9; i++) await knex.migrate.up({ migrationSource })
    const eventId = await insertEvent(knex, 10)
    await knex('events').where({ id: eventId }).update({ ticket_price: '12.50', available_tickets: 7 })
    const user = randomUUID()
    await knex('users').insert({ id: user, name: 'U', email: `${user}@example.com`, password_hash: 'x', role: 'user' })
    const booking = (status: 'pending' | 'confirmed' | 'rejected' | 'cancelled', quantity: number, total: string, event = eventId) => ({ id: randomUUID(), user_id: user, event_id: event, quantity, total_price: total, status })
    const rows = [booking('pending', 2, '25.00'), booking('confirmed', 1, '12.50'), booking('rejected', 4, '50.00'), booking('cancelled', 3, '37.50'), booking('rejected', 1, '0.00', randomUUID())]
    await knex('bookings').insert(rows)

    expect(await knex.migrate.up({ migrationSource })).toBeDefined()
    const categories = await knex('ticket_categories')
    expect(categories).toEqual([
      expect.objectContaining({ event_id: eventId, position: 0, name: 'General admission', price: '12.50', capacity: 10, available: 7, max_per_user: null, sales_start: null, sales_end: null }),
    ])
    expect(categories[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    const items = await knex('booking_items').orderBy('quantity')
    // Every booking of the event, at the price it was decided at; the one for an unknown event has no line.
    expect(items.map((item) => [item.booking_id, item.category_id, item.name, item.quantity, item.unit_price])).toEqual(
      rows.slice(0, 4).map((row) => [row.id, categories[0]!.id, 'General admission', row.quantity, '12.50']).sort((a, b) => (a[3] as number) - (b[3] as number)),
    )
    // The stock CHECK per category: never below zero, never above capacity.
    await expect(knex('ticket_categories').update({ available: -1 })).rejects.toSatisfy(isCheckViolation)
    await expect(knex('ticket_categories').update({ available: 11 })).rejects.toSatisfy(isCheckViolation)
    await expect(knex('ticket_categories').insert({ ...categories[0]!, id: randomUUID(), position: 1, name: 'general ADMISSION' })).rejects.toSatisfy(isDuplicateKey)

    await knex.migrate.down({ migrationSource })
    expect(await tables(knex)).toEqual(['bookings', 'events', 'users'])
    expect(await knex('events').where({ id: eventId }).first('total_tickets', 'available_tickets', 'ticket_price')).toEqual({ total_tickets: 10, available_tickets: 7, ticket_price: '12.50' })
    expect(await knex('bookings').count({ n: '*' })).toEqual([{ n: 5 }])
  })
})

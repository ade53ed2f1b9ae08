import type { Knex } from 'knex'
import { createKnex, parseMysqlUrl } from './create-knex.js'
import * as createUsers from './migrations/20261121000001_create_users.js'
import * as createEvents from './migrations/20261121000002_create_events.js'
import * as createBookings from './migrations/20261121000003_create_bookings.js'
import * as hardenUsers from './migrations/20261122000004_harden_users.js'
import * as bookingsUserHoldsIndex from './migrations/20261122000005_bookings_user_holds_index.js'
import * as activityIndexes from './migrations/20261122000006_activity_indexes.js'
import * as idempotencyKeyBytes from './migrations/20261130000007_idempotency_key_bytes.js'
import * as bookingTombstones from './migrations/20261130000008_booking_tombstones.js'
import * as pinnedCollations from './migrations/20261130000009_pinned_collations.js'
import * as ticketCategories from './migrations/20261130000010_ticket_categories.js'
import * as waitlist from './migrations/20261130000011_waitlist.js'
import * as webhooks from './migrations/20261130000012_webhooks.js'

interface Migration {
  up: (knex: Knex) => Promise<void>
  down: (knex: Knex) => Promise<void>
}

/**
 * Migrations are listed here instead of read from a directory: knex records file names with
 * their extension, so a directory source breaks when the same migrations later run compiled
 * (.js) after running under tsx (.ts). Names here carry no extension. Append, never reorder.
 */
const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['20261121000001_create_users', createUsers],
  ['20261121000002_create_events', createEvents],
  ['20261121000003_create_bookings', createBookings],
  ['20261122000004_harden_users', hardenUsers],
  ['20261122000005_bookings_user_holds_index', bookingsUserHoldsIndex],
  ['20261122000006_activity_indexes', activityIndexes],
  ['20261130000007_idempotency_key_bytes', idempotencyKeyBytes],
  ['20261130000008_booking_tombstones', bookingTombstones],
  ['20261130000009_pinned_collations', pinnedCollations],
  ['20261130000010_ticket_categories', ticketCategories],
  ['20261130000011_waitlist', waitlist],
  ['20261130000012_webhooks', webhooks],
]

export const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
}

/** Creates the database named in the URL if it does not exist yet (the server must allow it). */
export async function ensureDatabase(url: string): Promise<void> {
  const { database } = parseMysqlUrl(url)
  if (!database) throw new Error('MYSQL_URL must name a database')
  const server = new URL(url)
  server.pathname = '/'
  const admin = createKnex(server.toString(), { poolMax: 1 })
  try {
    await admin.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [database])
  } finally {
    await admin.destroy()
  }
}

export async function migrate(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]]
  return applied
}

export async function rollbackAll(knex: Knex): Promise<string[]> {
  const [, reverted] = (await knex.migrate.rollback({ migrationSource }, true)) as [number, string[]]
  return reverted
}

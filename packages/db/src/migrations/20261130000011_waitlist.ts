import type { Knex } from 'knex'
import { BINARY_COLLATION, TEXT_COLLATION } from './20261130000009_pinned_collations.js'

const id = `CHAR(36) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION}`

/**
 * The waiting list: one entry per user and category that wants tickets of a sold-out category,
 * kept in arrival order by an auto-increment `seq` (first come, first served), and `bookings.source`
 * telling a booking made from an offer (`waitlist`) from one a user asked for (`direct`).
 *
 * An entry is `waiting`, then `offered` (a pending booking was made for it, `booking_id`), then
 * `booked` (paid) or `expired` (the offer ran out or was cancelled, or a limit refused it:
 * `reason`); or `left`. Entries go with their event, category and user.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('waitlist_entries', (t) => {
    t.bigIncrements('seq')
    t.specificType('id', `${id} NOT NULL`).unique({ indexName: 'waitlist_entries_id_unique' })
    t.specificType('event_id', `${id} NOT NULL`)
    t.specificType('category_id', `${id} NOT NULL`)
    t.specificType('user_id', `${id} NOT NULL`)
    t.integer('quantity').notNullable()
    t.specificType('status', `ENUM('waiting', 'offered', 'booked', 'expired', 'left') CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION} NOT NULL DEFAULT 'waiting'`)
    t.specificType('booking_id', `${id} NULL`)
    t.specificType('reason', `VARCHAR(32) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION} NULL`)
    t.specificType('offer_expires_at', 'DATETIME(3)').nullable()
    t.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'))
    t.specificType('updated_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)'))
    t.foreign('event_id', 'waitlist_entries_event_id_foreign').references('id').inTable('events').onDelete('CASCADE')
    t.foreign('category_id', 'waitlist_entries_category_id_foreign').references('id').inTable('ticket_categories').onDelete('CASCADE')
    t.foreign('user_id', 'waitlist_entries_user_id_foreign').references('id').inTable('users').onDelete('CASCADE')
    // The next waiting entries of a category, in order: what every offer walks.
    t.index(['category_id', 'status', 'seq'], 'waitlist_entries_category_status_seq_index')
    t.index(['user_id', 'status'], 'waitlist_entries_user_status_index')
    t.index(['booking_id'], 'waitlist_entries_booking_index')
  })
  await knex.raw(`ALTER TABLE waitlist_entries DEFAULT CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION},
    ADD CONSTRAINT waitlist_entries_quantity_check CHECK (quantity >= 1)`)
  await knex.raw(`ALTER TABLE bookings ADD COLUMN source ENUM('direct', 'waitlist') CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION} NOT NULL DEFAULT 'direct'`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('waitlist_entries')
  await knex.raw('ALTER TABLE bookings DROP COLUMN source')
}

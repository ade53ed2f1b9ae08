import type { Knex } from 'knex'
import { BINARY_COLLATION, TEXT_COLLATION } from './20261130000009_pinned_collations.js'

/** What an event without categories of its own sells: its whole pool, at its one price. */
export const DEFAULT_CATEGORY_NAME = 'General admission'

/**
 * Ticket categories (standing, seated, VIP...) and the lines of a booking.
 *
 * - `ticket_categories`: each event's categories, in the order they were created (`position`),
 *   each with its own price, capacity and stock (`available`), per-user limit and sales window.
 *   The events row keeps `total_tickets`, `available_tickets` and `ticket_price` as the sums (the
 *   lowest price), written in the same transaction as the categories (only @tickets/booking writes
 *   either), so every reader of an event and the event-level CHECK stay as they were.
 * - `booking_items`: one line per category of a booking, with the category's name and price as
 *   they were at the decision. No foreign key on `category_id`, like `bookings.event_id`: a
 *   booking's history outlives a deleted category.
 *
 * Every existing event becomes one category named "General admission" with its price and stock,
 * and every booking of an existing event one line of it. Down drops both tables: the events keep
 * their sums, so the single-pool schema is whole again (a booking of several lines is one quantity).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_categories', (t) => {
    t.specificType('id', `CHAR(36) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION}`).primary()
    t.specificType('event_id', `CHAR(36) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION}`).notNullable()
    t.integer('position').notNullable()
    t.specificType('name', `VARCHAR(100) CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION}`).notNullable()
    t.decimal('price', 12, 2).notNullable()
    t.integer('capacity').notNullable()
    t.integer('available').notNullable()
    t.integer('max_per_user').nullable()
    t.specificType('sales_start', 'DATETIME(3)').nullable()
    t.specificType('sales_end', 'DATETIME(3)').nullable()
    t.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'))
    t.specificType('updated_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)'))
    t.foreign('event_id', 'ticket_categories_event_id_foreign').references('id').inTable('events').onDelete('CASCADE')
    // Names are unique within an event as people read them ("VIP" and "vip" are one name).
    t.unique(['event_id', 'name'], { indexName: 'ticket_categories_event_name_unique' })
    t.unique(['event_id', 'position'], { indexName: 'ticket_categories_event_position_unique' })
  })
  await knex.raw(`ALTER TABLE ticket_categories DEFAULT CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION},
    ADD CONSTRAINT ticket_categories_available_check CHECK (available BETWEEN 0 AND capacity),
    ADD CONSTRAINT ticket_categories_capacity_check CHECK (capacity >= 1),
    ADD CONSTRAINT ticket_categories_price_check CHECK (price >= 0),
    ADD CONSTRAINT ticket_categories_max_per_user_check CHECK (max_per_user IS NULL OR max_per_user >= 1),
    ADD CONSTRAINT ticket_categories_sales_window_check CHECK (sales_start IS NULL OR sales_end IS NULL OR sales_start < sales_end)`)

  await knex.schema.createTable('booking_items', (t) => {
    t.specificType('booking_id', `CHAR(36) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION}`).notNullable()
    t.specificType('category_id', `CHAR(36) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION}`).notNullable()
    t.specificType('name', `VARCHAR(100) CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION}`).notNullable()
    t.integer('quantity').notNullable()
    t.decimal('unit_price', 12, 2).notNullable()
    t.primary(['booking_id', 'category_id'])
    t.foreign('booking_id', 'booking_items_booking_id_foreign').references('id').inTable('bookings').onDelete('CASCADE')
    // What a category holds (its in-use check, the per-user limit, the audit) is read from here.
    t.index(['category_id', 'booking_id'], 'booking_items_category_booking_index')
  })
  await knex.raw(`ALTER TABLE booking_items DEFAULT CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION},
    ADD CONSTRAINT booking_items_quantity_check CHECK (quantity >= 1),
    ADD CONSTRAINT booking_items_unit_price_check CHECK (unit_price >= 0)`)

  // Every event's pool becomes its one category, with an id made here (lower case, like the API's).
  await knex.raw(
    `INSERT INTO ticket_categories (id, event_id, position, name, price, capacity, available, max_per_user, created_at, updated_at)
     SELECT LOWER(UUID()), id, 0, ?, ticket_price, total_tickets, available_tickets, NULL, created_at, updated_at FROM events`,
    [DEFAULT_CATEGORY_NAME],
  )
  // Every booking of an event that still exists becomes one line of that category, at the price it
  // was decided at (a rejection stored its would-be total too; one for an unknown event has no line).
  await knex.raw(
    `INSERT INTO booking_items (booking_id, category_id, name, quantity, unit_price)
     SELECT b.id, c.id, c.name, b.quantity, TRUNCATE(b.total_price / b.quantity, 2)
     FROM bookings b JOIN ticket_categories c ON c.event_id = b.event_id`,
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('booking_items')
  await knex.schema.dropTable('ticket_categories')
}

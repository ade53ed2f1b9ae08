import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('events', (t) => {
    t.uuid('id').primary()
    t.uuid('organizer_id').notNullable().references('id').inTable('users').onDelete('RESTRICT')
    t.string('name', 200).notNullable()
    t.text('description').nullable()
    t.string('location', 200).notNullable()
    t.specificType('event_date', 'DATETIME(3)').notNullable()
    t.decimal('ticket_price', 12, 2).notNullable()
    t.integer('total_tickets').notNullable()
    t.integer('available_tickets').notNullable()
    t.integer('max_tickets_per_user').nullable()
    t.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'))
    t.specificType('updated_at', 'DATETIME(3)')
      .notNullable()
      .defaultTo(knex.raw('CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)'))
    // The list is sorted by (event_date, id) and filtered by a date range: one index serves both.
    t.index(['event_date', 'id'], 'events_event_date_id_index')
  })
  // The last line of defence against overselling: even a buggy UPDATE cannot push stock
  // below zero or above the total. Both MySQL >= 8.0.16 and MariaDB >= 10.2 enforce CHECKs.
  await knex.raw(`ALTER TABLE events
    ADD CONSTRAINT events_available_tickets_check CHECK (available_tickets BETWEEN 0 AND total_tickets),
    ADD CONSTRAINT events_total_tickets_check CHECK (total_tickets >= 1),
    ADD CONSTRAINT events_ticket_price_check CHECK (ticket_price >= 0),
    ADD CONSTRAINT events_max_tickets_per_user_check CHECK (max_tickets_per_user IS NULL OR max_tickets_per_user >= 1)`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('events')
}

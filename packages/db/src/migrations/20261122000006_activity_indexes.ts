import type { Knex } from 'knex'

/**
 * The stock auditor looks at events with recent activity (the event or one of its bookings
 * changed since a moment ago): these indexes make that a range read instead of a table scan.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bookings', (t) => {
    t.index(['updated_at', 'event_id'], 'bookings_updated_event_index')
  })
  await knex.schema.alterTable('events', (t) => {
    t.index(['updated_at'], 'events_updated_index')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bookings', (t) => {
    t.dropIndex(['updated_at', 'event_id'], 'bookings_updated_event_index')
  })
  await knex.schema.alterTable('events', (t) => {
    t.dropIndex(['updated_at'], 'events_updated_index')
  })
}

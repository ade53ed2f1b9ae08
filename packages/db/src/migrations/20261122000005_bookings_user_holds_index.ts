import type { Knex } from 'knex'

/**
 * What a user holds (for this event: the per-user limit; unpaid across events: the cap on held
 * tickets) is read once per batch from the user's own bookings. This index answers it without
 * reading a row: user, status, event, quantity.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bookings', (t) => {
    t.index(['user_id', 'status', 'event_id', 'quantity'], 'bookings_user_holds_index')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bookings', (t) => {
    t.dropIndex(['user_id', 'status', 'event_id', 'quantity'], 'bookings_user_holds_index')
  })
}

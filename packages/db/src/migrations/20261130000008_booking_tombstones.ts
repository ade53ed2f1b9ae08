import type { Knex } from 'knex'

/**
 * A deleted booking stays as a tombstone (status `deleted`): a job of it redelivered after the
 * delete (a worker that stalled, a retry) finds its row and changes nothing, where a removed row
 * let it book the tickets again. The API shows a tombstone to nobody (404, as before).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("ALTER TABLE bookings MODIFY status ENUM('pending', 'confirmed', 'rejected', 'cancelled', 'expired', 'deleted') NOT NULL")
}

/** Tombstones are removed for good on the way down (the old schema has no status for them). */
export async function down(knex: Knex): Promise<void> {
  await knex('bookings').where({ status: 'deleted' }).delete()
  await knex.raw("ALTER TABLE bookings MODIFY status ENUM('pending', 'confirmed', 'rejected', 'cancelled', 'expired') NOT NULL")
}

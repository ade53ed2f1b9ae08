import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bookings', (t) => {
    // The booking id is also the BullMQ job id: a redelivered job finds its row and stops.
    t.uuid('id').primary()
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
    // No foreign key on event_id on purpose: a rejection for an unknown event is still a durable
    // row (reason EVENT_NOT_FOUND), and a deleted event keeps its rejected/cancelled history.
    t.uuid('event_id').notNullable()
    t.integer('quantity').notNullable()
    t.decimal('total_price', 12, 2).notNullable()
    t.enum('status', ['pending', 'confirmed', 'rejected', 'cancelled', 'expired']).notNullable()
    t.string('reason', 32).nullable()
    // Machine-readable details of the reason, e.g. {"available":2,"requested":4} for SOLD_OUT.
    t.text('reason_detail').nullable()
    t.specificType('expires_at', 'DATETIME(3)').nullable()
    t.string('idempotency_key', 255).nullable()
    t.string('request_fingerprint', 64).nullable()
    t.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'))
    t.specificType('updated_at', 'DATETIME(3)')
      .notNullable()
      .defaultTo(knex.raw('CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)'))
    t.unique(['user_id', 'idempotency_key'], { indexName: 'bookings_user_idempotency_key_unique' })
    t.index(['event_id', 'status'], 'bookings_event_status_index')
    t.index(['user_id', 'created_at'], 'bookings_user_created_index')
    // The expiry sweep looks for pending holds past expires_at.
    t.index(['status', 'expires_at'], 'bookings_status_expires_index')
  })
  await knex.raw(`ALTER TABLE bookings
    ADD CONSTRAINT bookings_quantity_check CHECK (quantity >= 1),
    ADD CONSTRAINT bookings_total_price_check CHECK (total_price >= 0)`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bookings')
}

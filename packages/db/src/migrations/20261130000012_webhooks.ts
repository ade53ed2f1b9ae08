import type { Knex } from 'knex'
import { BINARY_COLLATION, TEXT_COLLATION } from './20261130000009_pinned_collations.js'

const id = `CHAR(36) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION}`
const code = (length: number) => `VARCHAR(${length}) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION}`

/**
 * Telling people what happened:
 * - `outbox_events`: the transactional outbox. A row is written in the transaction of the change
 *   it reports (a group commit, a status change, an expiry, an offer), with the exact body a
 *   webhook receiver gets; the relay hands it to the delivery queue and marks it relayed (or
 *   deletes it when no endpoint wants it). `seq` is the order; `id` is the `webhook-id`.
 * - `webhook_endpoints`: where organisers want events sent, with the signing secret (and the one
 *   it replaced, during a rotation's overlap), and why it was disabled, if it was.
 * - `webhook_deliveries`: one row per attempt, the log an endpoint's owner reads.
 * - `first_sold_out_at` on events and categories: when stock first reached 0 (the sales figures).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_events', (t) => {
    t.bigIncrements('seq')
    t.specificType('id', `${code(40)} NOT NULL`).unique({ indexName: 'outbox_events_id_unique' })
    t.specificType('type', `${code(40)} NOT NULL`)
    // The booking it is about, if any: the live status stream is told of these.
    t.specificType('booking_id', `${id} NULL`)
    t.specificType('body', 'MEDIUMTEXT NOT NULL')
    t.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'))
    t.specificType('relayed_at', 'DATETIME(3)').nullable()
    // The relay's read: rows not relayed yet, in order.
    t.index(['relayed_at', 'seq'], 'outbox_events_relayed_seq_index')
  })
  await knex.schema.createTable('webhook_endpoints', (t) => {
    t.specificType('id', `${id} NOT NULL`).primary()
    t.specificType('url', 'VARCHAR(2048) NOT NULL')
    t.specificType('description', 'VARCHAR(500) NULL')
    // A JSON array of event types.
    t.specificType('events', 'TEXT NOT NULL')
    t.specificType('secret', `${code(100)} NOT NULL`)
    t.specificType('previous_secret', `${code(100)} NULL`)
    t.specificType('previous_secret_expires_at', 'DATETIME(3)').nullable()
    t.boolean('enabled').notNullable().defaultTo(true)
    t.specificType('disabled_reason', 'VARCHAR(500) NULL')
    t.specificType('failing_since', 'DATETIME(3)').nullable()
    t.specificType('created_by', `${id} NULL`)
    t.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'))
    t.specificType('updated_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)'))
  })
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('seq')
    t.specificType('id', `${id} NOT NULL`).unique({ indexName: 'webhook_deliveries_id_unique' })
    t.specificType('endpoint_id', `${id} NOT NULL`)
    t.specificType('message_id', `${code(40)} NOT NULL`)
    t.specificType('type', `${code(40)} NOT NULL`)
    t.integer('attempt').notNullable()
    t.integer('status_code').nullable()
    t.integer('duration_ms').notNullable()
    t.specificType('error', 'VARCHAR(500) NULL')
    t.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP(3)'))
    t.foreign('endpoint_id', 'webhook_deliveries_endpoint_id_foreign').references('id').inTable('webhook_endpoints').onDelete('CASCADE')
    t.index(['endpoint_id', 'seq'], 'webhook_deliveries_endpoint_seq_index')
    t.index(['created_at'], 'webhook_deliveries_created_index')
  })
  for (const table of ['outbox_events', 'webhook_endpoints', 'webhook_deliveries']) {
    await knex.raw(`ALTER TABLE ${table} DEFAULT CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION}`)
  }
  await knex.raw(`ALTER TABLE webhook_endpoints MODIFY url VARCHAR(2048) CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION} NOT NULL,
    MODIFY description VARCHAR(500) CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION} NULL,
    MODIFY events TEXT CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION} NOT NULL,
    MODIFY disabled_reason VARCHAR(500) CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION} NULL`)
  await knex.raw(`ALTER TABLE outbox_events MODIFY body MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE ${BINARY_COLLATION} NOT NULL`)
  await knex.raw(`ALTER TABLE webhook_deliveries MODIFY error VARCHAR(500) CHARACTER SET utf8mb4 COLLATE ${TEXT_COLLATION} NULL`)
  await knex.raw('ALTER TABLE events ADD COLUMN first_sold_out_at DATETIME(3) NULL')
  await knex.raw('ALTER TABLE ticket_categories ADD COLUMN first_sold_out_at DATETIME(3) NULL')
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_deliveries')
  await knex.schema.dropTable('webhook_endpoints')
  await knex.schema.dropTable('outbox_events')
  await knex.raw('ALTER TABLE events DROP COLUMN first_sold_out_at')
  await knex.raw('ALTER TABLE ticket_categories DROP COLUMN first_sold_out_at')
}

import type { Knex } from 'knex'

/**
 * Idempotency keys compared byte for byte, as Redis and the worker compare them. As a utf8mb4
 * column under a case- and accent-insensitive collation, `Order-AbC` and `order-abc` (or `résa-1`
 * and `resa-1`, or `k` and `k ` under a PAD SPACE collation) were one key to the unique index and
 * two keys everywhere else: a batch holding both failed its INSERT for ever. VARBINARY has no
 * collation on either MySQL 8 or MariaDB (no case folding, no accent folding, no padding); 1020
 * bytes hold any 255-character key. The values keep their UTF-8 bytes; knex reads them back as
 * strings (see create-knex.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE bookings MODIFY idempotency_key VARBINARY(1020) NULL')
}

/** Back to text: fails if two keys of one user now differ only in case, accents or trailing spaces. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE bookings MODIFY idempotency_key VARCHAR(255) CHARACTER SET utf8mb4 NULL')
}

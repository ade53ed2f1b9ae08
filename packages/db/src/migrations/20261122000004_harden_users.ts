import type { Knex } from 'knex'

/**
 * - `email` compares byte for byte (utf8mb4_bin): under the default collation `älice@example.com`
 *   found alice's row, so look-alikes logged in as her. Emails are stored normalised (NFC, trimmed,
 *   lower-cased) at every entrance, so a binary comparison is still case-insensitive for users.
 * - `token_version` goes up when a password or role changes (or on "sign out everywhere"); tokens
 *   carry the version they were issued at and stop working once it moved on.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE users MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL')
  await knex.schema.alterTable('users', (t) => {
    t.integer('token_version').unsigned().notNullable().defaultTo(0)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('token_version')
  })
  await knex.raw('ALTER TABLE users MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL')
}

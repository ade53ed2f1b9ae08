import type { Knex } from 'knex'

/** Text people read and search: case- and accent-insensitive, PAD SPACE, on MySQL 8 and MariaDB alike. */
export const TEXT_COLLATION = 'utf8mb4_unicode_ci'
/** Ids, codes, hashes and fingerprints: compared byte for byte. */
export const BINARY_COLLATION = 'utf8mb4_bin'

/**
 * Every text column gets its collation named here instead of inherited, so tests (MariaDB) and
 * production (MySQL 8) compare strings the same way. Inherited, they did not: knex creates tables
 * with `DEFAULT CHARACTER SET utf8mb4`, which takes the server's default collation for utf8mb4
 * (utf8mb4_general_ci on MariaDB, PAD SPACE; utf8mb4_0900_ai_ci on MySQL 8, NO PAD) whatever the
 * database was created with, and docker-compose's MySQL creates the database itself. Both servers
 * have both collations named here (MySQL 8 and MariaDB 10.6+).
 *
 * Ids are binary: the canonical form is lower case (the API refuses any other), so a comparison
 * that folded case could only hide a bug. `idempotency_key` is VARBINARY already (migration 7),
 * `users.email` utf8mb4_bin (migration 4). New tables and columns name their collation too
 * (`t.collate(...)`): a test lists every text column's collation and fails on an unlisted one.
 *
 * The two foreign keys on users.id are dropped while the columns on both ends change and added
 * again after: both servers refuse to change a column a foreign key uses (MariaDB even with
 * foreign_key_checks off).
 */
const COLUMNS: Record<string, ReadonlyArray<readonly [string, string, string]>> = {
  users: [
    ['id', 'CHAR(36)', 'NOT NULL'],
    ['name', 'VARCHAR(100)', 'NOT NULL'],
    ['password_hash', 'VARCHAR(255)', 'NOT NULL'],
    ['role', "ENUM('user', 'admin')", "NOT NULL DEFAULT 'user'"],
  ],
  events: [
    ['id', 'CHAR(36)', 'NOT NULL'],
    ['organizer_id', 'CHAR(36)', 'NOT NULL'],
    ['name', 'VARCHAR(200)', 'NOT NULL'],
    ['description', 'TEXT', 'NULL'],
    ['location', 'VARCHAR(200)', 'NOT NULL'],
  ],
  bookings: [
    ['id', 'CHAR(36)', 'NOT NULL'],
    ['user_id', 'CHAR(36)', 'NOT NULL'],
    ['event_id', 'CHAR(36)', 'NOT NULL'],
    ['status', "ENUM('pending', 'confirmed', 'rejected', 'cancelled', 'expired', 'deleted')", 'NOT NULL'],
    ['reason', 'VARCHAR(32)', 'NULL'],
    ['reason_detail', 'TEXT', 'NULL'],
    ['request_fingerprint', 'VARCHAR(64)', 'NULL'],
  ],
}

/** Read by people: names, descriptions, places. Everything else is an id, a code or a hash. */
const FOR_PEOPLE = new Set(['users.name', 'events.name', 'events.description', 'events.location'])

export const collationOf = (table: string, column: string): string => (FOR_PEOPLE.has(`${table}.${column}`) ? TEXT_COLLATION : BINARY_COLLATION)

async function pin(knex: Knex, collationFor: (table: string, column: string) => string, tableCollation: string) {
  await knex.raw('ALTER TABLE events DROP FOREIGN KEY events_organizer_id_foreign')
  await knex.raw('ALTER TABLE bookings DROP FOREIGN KEY bookings_user_id_foreign')
  for (const [table, columns] of Object.entries(COLUMNS)) {
    const changes = columns.map(([column, type, rest]) => `MODIFY \`${column}\` ${type} CHARACTER SET utf8mb4 COLLATE ${collationFor(table, column)} ${rest}`)
    await knex.raw(`ALTER TABLE \`${table}\` DEFAULT CHARACTER SET utf8mb4 COLLATE ${tableCollation}, ${changes.join(', ')}`)
  }
  await knex.raw('ALTER TABLE events ADD CONSTRAINT events_organizer_id_foreign FOREIGN KEY (organizer_id) REFERENCES users (id) ON DELETE RESTRICT')
  await knex.raw('ALTER TABLE bookings ADD CONSTRAINT bookings_user_id_foreign FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE')
}

export async function up(knex: Knex): Promise<void> {
  await pin(knex, collationOf, TEXT_COLLATION)
}

/** Back to what the first migrations meant (the database's utf8mb4_unicode_ci for every column). */
export async function down(knex: Knex): Promise<void> {
  await pin(knex, () => TEXT_COLLATION, TEXT_COLLATION)
}

import type { Knex } from '@tickets/db'

/**
 * Hold times are decided by the database's clock, read inside the transaction that decides them:
 * `expires_at` is written by a worker and compared by a gateway (payment) and a sweep (expiry),
 * three processes on possibly three machines. With each using its own clock, a skew of a few
 * seconds moved the moment a hold ended depending on who looked. Sessions run in UTC (create-knex).
 */
export const DB_NOW = 'NOW(3)'

/** The database's current time, as one query (when no other statement of the transaction can carry it). */
export async function databaseNow(knex: Knex | Knex.Transaction): Promise<Date> {
  const [rows] = (await clockQuery(knex)) as [ClockRows]
  return rows[0]!.db_now
}

/** databaseNow's statement, to run in a round trip of the caller's (its result: ClockRows). */
export const clockQuery = (knex: Knex): Knex.Raw => knex.raw(`SELECT ${DB_NOW} AS db_now`)

export type ClockRows = Array<{ db_now: Date }>

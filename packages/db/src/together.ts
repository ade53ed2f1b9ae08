import type { Knex } from 'knex'

/** A statement for runTogether: a query builder or a raw statement, not yet run. */
export type Statement = Knex.QueryBuilder | Knex.Raw

/** True when the connections were opened with `multipleStatements` (createKnex's option). */
export const allowsMultipleStatements = (knex: Knex | Knex.Transaction): boolean =>
  (knex.client.config.connection as { multipleStatements?: boolean } | undefined)?.multipleStatements === true

/**
 * Runs statements in order, in the caller's transaction, in one round trip when the connections
 * allow several statements per query (the worker's do), else one after the other. Returns what
 * each statement gave, at its position: for a SELECT its rows as mysql2 gives them (what awaiting
 * the builder gives, `.first()` and `.pluck()` aside: do not use them here); for a write, nothing
 * to rely on; for a skipped entry (`false`, `null`, `undefined`: a statement not needed this
 * time), undefined.
 *
 * Why: a group commit is a dozen statements whatever its size, and each round trip costs about
 * 85 us of the client's CPU and 45 us of MySQL's besides the statement's own work (measured
 * here: ten small SELECTs in a transaction, 1,450 + 1,250 us one by one, 680 + 850 us together).
 * The statements still run one after the other on the server, in the order given, and the first
 * error stops the rest and rejects (the transaction is then rolled back by its owner).
 *
 * Only statements built with bindings (knex builders, or raw with `?`): the SQL is joined, never
 * interpolated.
 */
export async function runTogether(trx: Knex | Knex.Transaction, statements: Statements): Promise<unknown[]> {
  const present = statements.filter(Boolean)
  if (present.length > 1 && allowsMultipleStatements(trx)) return sendJoined(trx, statements)
  const results: unknown[] = statements.map(() => undefined)
  for (const [at, statement] of statements.entries()) if (statement) results[at] = await statement
  return results
}

export type Statements = ReadonlyArray<Statement | false | null | undefined>

/**
 * The statements (skipped entries left out) sent as one query, between SQL of the caller's own
 * (`before`, `after`: a transaction's BEGIN and COMMIT), on `connection` when given; each
 * statement's result at its position, undefined for a skipped one. Nothing is sent when there is
 * nothing to send. Needs connections that allow several statements per query.
 */
export async function sendJoined(
  knex: Knex | Knex.Transaction,
  statements: Statements,
  { before = [], after = [], connection }: { before?: readonly string[]; after?: readonly string[]; connection?: unknown } = {},
): Promise<unknown[]> {
  const results: unknown[] = statements.map(() => undefined)
  const present = statements.flatMap((statement, at) => (statement ? [{ native: statement.toSQL().toNative(), at }] : []))
  const sql = [...before, ...present.map(({ native }) => native.sql), ...after]
  if (sql.length === 0) return results
  const query = knex.raw(sql.join(';\n'), present.flatMap(({ native }) => native.bindings as Knex.Value[]))
  const [sets] = (await (connection === undefined ? query : query.connection(connection))) as [unknown[]]
  // One statement alone comes back as its own result, several as one result each.
  const each = sql.length === 1 ? [sets] : sets
  present.forEach(({ at }, i) => (results[at] = each[before.length + i]))
  return results
}

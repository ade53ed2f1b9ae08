import type { Knex } from 'knex'
import { allowsMultipleStatements, runTogether, sendJoined, type Statements } from './together.js'

/**
 * Statements run in one transaction, a round trip at a time: what a group commit needs to know of
 * its transaction. `knex` builds the statements (never runs one: awaiting a builder made from it
 * would run outside the transaction); `run` sends them.
 */
export interface TransactionRounds {
  readonly knex: Knex
  /**
   * Runs the statements in order in one round trip (runTogether's rules: each one's result at its
   * position, undefined for a skipped entry, the first error stops the rest). `commit: true`: the
   * transaction commits in the same round trip, after them, when it is this helper's own
   * (groupedTransaction); in a caller's transaction (roundsOf) its owner commits it.
   */
  run(statements: Statements, options?: { commit?: boolean }): Promise<unknown[]>
}

/** Rounds in the caller's knex transaction, which its owner commits or rolls back. */
export const roundsOf = (trx: Knex.Transaction): TransactionRounds => ({ knex: trx, run: (statements) => runTogether(trx, statements) })

/**
 * Runs `work` in a transaction of its own whose BEGIN travels with its first statements and whose
 * COMMIT with its last (`run(..., { commit: true })`; a work that never asks commits alone at the
 * end, one that sent nothing sends nothing). A group commit's lock, reads and writes are then two
 * round trips; `knex.transaction` adds two of its own (BEGIN, COMMIT) and its bookkeeping: about
 * 230 us of the client's CPU per transaction here, against the same two statements sent this way.
 *
 * Anything that fails (a statement, the work between rounds) rolls the transaction back before
 * the error propagates; a connection that cannot even roll back is destroyed, never reused (the
 * server rolls back what it held when it goes). The connection comes from the pool and goes back
 * to it in every case. Needs connections that allow several statements per query (the worker's):
 * without them it is a plain knex transaction, round trip by round trip.
 */
export async function groupedTransaction<T>(knex: Knex, work: (rounds: TransactionRounds) => Promise<T>): Promise<T> {
  if (!allowsMultipleStatements(knex)) return knex.transaction((trx) => work(roundsOf(trx)))
  const connection = (await knex.client.acquireConnection()) as { destroy?: () => void }
  let begun = false
  let committed = false
  const rounds: TransactionRounds = {
    knex,
    async run(statements, { commit = false } = {}) {
      if (committed) throw new Error('this transaction has committed already')
      // Marked before it is sent: a round trip that fails half way may have begun the transaction.
      const before = begun ? [] : ['BEGIN']
      begun = true
      const results = await sendJoined(knex, statements, { before, after: commit ? ['COMMIT'] : [], connection })
      committed = commit
      return results
    },
  }
  try {
    const result = await work(rounds)
    // Nothing sent: nothing to commit.
    if (begun && !committed) await rounds.run([], { commit: true })
    return result
  } catch (error) {
    if (begun && !committed) {
      await knex
        .raw('ROLLBACK')
        .connection(connection)
        .catch(() => connection.destroy?.())
    }
    throw error
  } finally {
    await knex.client.releaseConnection(connection)
  }
}

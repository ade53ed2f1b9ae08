import { describe, expect, it, onTestFinished } from 'vitest'
import { createKnex } from '@tickets/db'
import { bookingRequest, createIsolatedDatabase, insertEvent, insertUser } from '@tickets/testing'
import { commitBookingsAtomically } from '../src/index.js'

const future = new Date('2027-06-01T19:00:00.000Z')

/** Resolves with what `work` gave, or rejects once `ms` have passed without an answer. */
const within = <T>(work: Promise<T>, ms: number) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))])

describe('the stock writes of a batch', () => {
  // Two workers commit batches of different events at the same time. A batch locks its own events
  // (SELECT ... FOR UPDATE, by primary key); its `UPDATE ... WHERE id IN (...)` of their stock must
  // lock those rows too and no others. On a small table MariaDB chose a full index scan for it
  // (EXPLAIN: type index), which under REPEATABLE READ locks every row it reads: each batch then
  // waited for every other worker's batch to commit, and two of them deadlocked (errno 1213).
  it("locks only the batch's own events and categories, so a batch of other events does not wait", async () => {
    const database = await createIsolatedDatabase({ migrate: true })
    const knex = createKnex(database.url, { poolMax: 4, multipleStatements: true })
    const user = await insertUser(knex)
    // Few rows, most of them in the batch: where a scan is cheapest.
    const [a, b, c, other] = [await insertEvent(knex, { event_date: future }), await insertEvent(knex, { event_date: future }), await insertEvent(knex, { event_date: future }), await insertEvent(knex, { event_date: future })]

    // Another worker's batch, in the middle of its transaction: it holds its event's row and its categories.
    const busy = await database.knex.transaction()
    onTestFinished(async () => {
      await busy.rollback().catch(() => undefined)
      await knex.destroy()
      await database.drop()
    })
    await busy('events').where({ id: other.id }).forUpdate().first()
    await busy('ticket_categories').where({ event_id: other.id }).update({ available: busy.raw('available') })

    const { outcomes } = await within(commitBookingsAtomically(knex, [bookingRequest(user.id, a.id), bookingRequest(user.id, b.id), bookingRequest(user.id, c.id)], { now: new Date(), holdTtlSeconds: 900 }), 10_000)
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['pending', 'pending', 'pending'])
    const stock = await knex('events').whereIn('id', [a.id, b.id, c.id, other.id]).orderBy('id').select('id', 'available_tickets')
    expect(Object.fromEntries(stock.map((row) => [row.id, row.available_tickets]))).toEqual({ [a.id]: 99, [b.id]: 99, [c.id]: 99, [other.id]: 100 })
  })
})

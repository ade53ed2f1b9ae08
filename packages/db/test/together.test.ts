import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { allowsMultipleStatements, createKnex, runTogether, type Knex } from '../src/index.js'

let together: Knex
let oneByOne: Knex
beforeAll(async () => {
  together = createKnex(inject('mysqlUrl'), { poolMax: 2, multipleStatements: true })
  oneByOne = createKnex(inject('mysqlUrl'), { poolMax: 2 })
})
afterAll(async () => {
  await Promise.all([together.destroy(), oneByOne.destroy()])
})

/** Counts the queries knex sends (each a round trip) while `work` runs. */
async function roundTripsOf(knex: Knex, work: () => Promise<unknown[]>): Promise<{ trips: number; results: unknown[] }> {
  let trips = 0
  const count = () => void trips++
  knex.on('query', count)
  try {
    return { results: await work(), trips }
  } finally {
    knex.off('query', count)
  }
}

describe('runTogether', () => {
  it.each([
    ['in one round trip', () => together, 1],
    ['one statement at a time', () => oneByOne, 3],
  ] as const)('runs statements in order and returns each one\'s rows at its position, %s', async (_, knexOf, roundTrips) => {
    const knex = knexOf()
    expect(allowsMultipleStatements(knex)).toBe(roundTrips === 1)
    const email = `${randomUUID()}@example.com`
    const trx = await knex.transaction()
    try {
      const { trips, results } = await roundTripsOf(knex, () =>
        runTogether(trx, [
          trx('users').insert({ id: randomUUID(), name: 'Ada', email, password_hash: 'x', role: 'user' }),
          false,
          trx('users').where({ email }).select('name', 'role'),
          trx('users').where({ email }).count({ n: '*' }),
        ]),
      )
      expect(trips).toBe(roundTrips)
      const [written, skipped, read, counted] = results
      expect(written).toBeDefined()
      expect(skipped).toBeUndefined()
      expect((read as unknown[]).map((row) => ({ ...(row as object) }))).toEqual([{ name: 'Ada', role: 'user' }])
      expect(Number((counted as Array<{ n: number }>)[0]!.n)).toBe(1)
    } finally {
      await trx.rollback()
    }
  })

  it('stops at the first failing statement and rejects, leaving the later ones unrun', async () => {
    const email = `${randomUUID()}@example.com`
    const trx = await together.transaction()
    try {
      const id = randomUUID()
      const user = { id, name: 'Ada', email, password_hash: 'x', role: 'user' as const }
      await expect(
        runTogether(trx, [trx('users').insert(user), trx('users').insert(user), trx('users').where({ id }).update({ name: 'Bob' })]),
      ).rejects.toMatchObject({ code: 'ER_DUP_ENTRY' })
      expect(await trx('users').where({ id }).first('name')).toEqual({ name: 'Ada' })
    } finally {
      await trx.rollback()
    }
  })

  it('sends nothing for no statement', async () => {
    expect(await runTogether(together, [null, undefined, false])).toEqual([undefined, undefined, undefined])
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, groupedTransaction, type Knex } from '../src/index.js'

// `grouped` connects as the worker does (several statements per query); `other` is a second client
// that sees only what was committed and tries the locks.
let grouped: Knex
let plain: Knex
let other: Knex
beforeAll(() => {
  grouped = createKnex(inject('mysqlUrl'), { poolMax: 2, multipleStatements: true })
  plain = createKnex(inject('mysqlUrl'), { poolMax: 2 })
  other = createKnex(inject('mysqlUrl'), { poolMax: 2 })
})
afterAll(async () => {
  await Promise.all([grouped.destroy(), plain.destroy(), other.destroy()])
})

/** The queries knex sends (each a round trip) while `work` runs. */
async function sentBy<T>(knex: Knex, work: () => Promise<T>): Promise<{ sent: string[]; result: T }> {
  const sent: string[] = []
  const record = (query: { sql: string }) => void sent.push(query.sql)
  knex.on('query', record)
  try {
    return { result: await work(), sent }
  } finally {
    knex.off('query', record)
  }
}

const newUser = () => ({ id: randomUUID(), name: 'Ada', email: `${randomUUID()}@example.com`, password_hash: 'x', role: 'user' as const })
const inUse = (knex: Knex) => (knex.client as { pool: { numUsed(): number } }).pool.numUsed()

describe('groupedTransaction', () => {
  it('sends its BEGIN with the first statements and its COMMIT with the last: two round trips, committed, the connection given back', async () => {
    const user = newUser()
    const { sent, result } = await sentBy(grouped, () =>
      groupedTransaction(grouped, async ({ knex, run }) => {
        const [inserted, read] = await run([knex('users').insert(user), knex('users').where({ id: user.id }).forUpdate().select('name')])
        expect(inserted).toBeDefined()
        expect((read as Array<{ name: string }>).map((row) => row.name)).toEqual(['Ada'])
        const [updated, skipped] = await run([knex('users').where({ id: user.id }).update({ name: 'Bob' }), false], { commit: true })
        expect(updated).toMatchObject({ affectedRows: 1 })
        expect(skipped).toBeUndefined()
        return 'done'
      }),
    )
    expect(result).toBe('done')
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatch(/^BEGIN;\ninsert into `users`/)
    expect(sent[1]).toMatch(/^update `users`.*;\nCOMMIT$/s)
    expect(await other('users').where({ id: user.id }).first('name')).toEqual({ name: 'Bob' })
    expect(inUse(grouped)).toBe(0)
  })

  it('rolls everything back when a statement of the last round trip fails: the COMMIT after it never runs, and the locks are free at once', async () => {
    const user = newUser()
    await other('users').insert(user)
    const { sent } = await sentBy(grouped, async () => {
      await expect(
        groupedTransaction(grouped, async ({ knex, run }) => {
          await run([knex('users').where({ id: user.id }).forUpdate().select('id'), knex('users').where({ id: user.id }).update({ name: 'Bob' })])
          await run([knex('users').insert({ ...newUser(), id: user.id })], { commit: true })
        }),
      ).rejects.toMatchObject({ code: 'ER_DUP_ENTRY' })
    })
    expect(sent).toEqual([expect.stringMatching(/^BEGIN;/), expect.stringMatching(/;\nCOMMIT$/), 'ROLLBACK'])
    expect(await other('users').where({ id: user.id }).first('name')).toEqual({ name: 'Ada' })
    // NOWAIT: fails at once if the row were still locked.
    await other.transaction((trx) => trx('users').where({ id: user.id }).forUpdate().noWait().first('id'))
    expect(inUse(grouped)).toBe(0)
  })

  it('rolls back when the work fails between round trips, and sends nothing at all for a work that sends nothing', async () => {
    const user = newUser()
    await expect(
      groupedTransaction(grouped, async ({ knex, run }) => {
        await run([knex('users').insert(user)])
        throw new Error('decided otherwise')
      }),
    ).rejects.toThrow('decided otherwise')
    expect(await other('users').where({ id: user.id }).first('id')).toBeUndefined()

    const { sent, result } = await sentBy(grouped, () => groupedTransaction(grouped, async () => 42))
    expect([sent, result]).toEqual([[], 42])
    expect(inUse(grouped)).toBe(0)
  })

  it('commits with a COMMIT alone when the work never asked, and refuses statements after the commit', async () => {
    const user = newUser()
    const { sent } = await sentBy(grouped, () =>
      groupedTransaction(grouped, async ({ knex, run }) => {
        await run([knex('users').insert(user)])
      }),
    )
    expect(sent).toEqual([expect.stringMatching(/^BEGIN;\ninsert/), 'COMMIT'])
    expect(await other('users').where({ id: user.id }).first('id')).toEqual({ id: user.id })

    await expect(
      groupedTransaction(grouped, async ({ knex, run }) => {
        await run([knex('users').where({ id: user.id }).select('id')], { commit: true })
        await run([knex('users').where({ id: user.id }).delete()])
      }),
    ).rejects.toThrow(/committed already/)
    expect(await other('users').where({ id: user.id }).first('id')).toEqual({ id: user.id })
  })

  it('is a plain knex transaction, a statement at a time, on connections without several statements per query', async () => {
    const user = newUser()
    const { sent } = await sentBy(plain, () =>
      groupedTransaction(plain, async ({ knex, run }) => {
        const [, read] = await run([knex('users').insert(user), knex('users').where({ id: user.id }).select('name')])
        expect((read as Array<{ name: string }>).map((row) => row.name)).toEqual(['Ada'])
        await run([knex('users').where({ id: user.id }).update({ name: 'Bob' })], { commit: true })
      }),
    )
    expect(sent).toEqual(['BEGIN;', expect.stringMatching(/^insert/), expect.stringMatching(/^select/), expect.stringMatching(/^update/), 'COMMIT;'])
    expect(await other('users').where({ id: user.id }).first('name')).toEqual({ name: 'Bob' })
  })
})

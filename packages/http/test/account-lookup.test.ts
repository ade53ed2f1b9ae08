import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, type Knex } from '@tickets/db'
import { insertUser } from '@tickets/testing'
import { createAccountLookup } from '../src/account-lookup.js'

let knex: Knex
const queries: string[] = []
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 2 })
  knex.on('query', (query: { sql: string }) => queries.push(query.sql))
})
afterAll(() => knex.destroy())

describe('createAccountLookup', () => {
  it('answers concurrent misses with one query, remembers answers for cacheMs, and reads again after', async () => {
    const [ada, bob] = [await insertUser(knex), await insertUser(knex, { role: 'admin' })]
    const lookup = createAccountLookup(knex, { cacheMs: 300 })
    queries.length = 0
    const gone = '00000000-0000-4000-8000-00000000dead'
    const answers = await Promise.all([lookup(ada.id), lookup(bob.id), lookup(gone), lookup(ada.id)])
    expect(answers).toEqual([{ role: 'user', token_version: 0 }, { role: 'admin', token_version: 0 }, undefined, { role: 'user', token_version: 0 }])
    expect(queries.filter((sql) => sql.includes('`users`'))).toHaveLength(1)

    await knex('users').where({ id: bob.id }).update({ role: 'user', token_version: 1 })
    expect(await lookup(bob.id)).toEqual({ role: 'admin', token_version: 0 }) // still remembered
    await new Promise((resolve) => setTimeout(resolve, 350))
    expect(await lookup(bob.id)).toEqual({ role: 'user', token_version: 1 })
  })

  it('after MySQL did not answer, fails at once for a moment instead of waiting again', async () => {
    const dead = createKnex('mysql://root@127.0.0.1:1/none', { poolMax: 1, acquireTimeoutMs: 300 })
    try {
      const lookup = createAccountLookup(dead, { retryAfterFailureMs: 5_000 })
      await expect(lookup('00000000-0000-4000-8000-000000000001')).rejects.toBeDefined()
      const started = Date.now()
      await expect(lookup('00000000-0000-4000-8000-000000000002')).rejects.toBeDefined()
      expect(Date.now() - started).toBeLessThan(100)
    } finally {
      await dead.destroy()
    }
  })
})

import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'
import { createKnex, ensureDatabase, migrate, withDatabase, type Knex } from '@tickets/db'

export type TestEnv = Record<'NODE_ENV' | 'LOG_LEVEL' | 'MYSQL_URL' | 'REDIS_URL' | 'REDIS_PREFIX', string>

/**
 * Environment variables for a service under test, pointing at this run's database and Redis
 * prefix. `prefixSuffix` gives a test file its own queues so files running in parallel do not
 * consume each other's jobs.
 */
export function testEnv(prefixSuffix?: string): TestEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MYSQL_URL: inject('mysqlUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: prefixSuffix ? `${inject('redisPrefix')}-${prefixSuffix}` : inject('redisPrefix'),
  }
}

/** A fresh database of its own (optionally migrated) for tests that must not share state. */
export async function createIsolatedDatabase(options: { migrate?: boolean } = {}): Promise<{
  url: string
  knex: Knex
  drop: () => Promise<void>
}> {
  const serverUrl = inject('mysqlServerUrl')
  const url = withDatabase(serverUrl, `tickets_test_iso_${randomBytes(5).toString('hex')}`)
  await ensureDatabase(url)
  const knex = createKnex(url, { poolMax: 4 })
  if (options.migrate) await migrate(knex)
  return {
    url,
    knex,
    drop: async () => {
      const database = new URL(url).pathname.slice(1)
      await knex.destroy()
      const server = createKnex(serverUrl, { poolMax: 1 })
      try {
        await server.raw('DROP DATABASE IF EXISTS ??', [database])
      } finally {
        await server.destroy()
      }
    },
  }
}

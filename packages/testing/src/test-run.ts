import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { createKnex, ensureDatabase, migrate, withDatabase } from '@tickets/db'
import type { ResolvedServices } from './resolve-services.js'

export interface TestRun {
  /** URL of this run's own, migrated database. */
  mysqlUrl: string
  redisUrl: string
  /** Every Redis key this run writes starts with it. */
  redisPrefix: string
  /** Drops the database and deletes the run's Redis keys. */
  teardown: () => Promise<void>
}

/**
 * One database and one Redis key prefix per run, both named with a random suffix, so that
 * parallel runs (two developers, CI and a developer) never see each other's data.
 */
export async function createTestRun(services: Pick<ResolvedServices, 'mysqlUrl' | 'redisUrl'>, kind = 'test'): Promise<TestRun> {
  const suffix = randomBytes(6).toString('hex')
  const database = `tickets_${kind}_${suffix}`
  const redisPrefix = `tickets-${kind}-${suffix}`
  const mysqlUrl = withDatabase(services.mysqlUrl, database)

  await ensureDatabase(mysqlUrl)
  const knex = createKnex(mysqlUrl, { poolMax: 1 })
  try {
    await migrate(knex)
  } finally {
    await knex.destroy()
  }

  return {
    mysqlUrl,
    redisUrl: services.redisUrl,
    redisPrefix,
    teardown: async () => {
      await Promise.all([dropDatabase(services.mysqlUrl, database), deleteKeys(services.redisUrl, redisPrefix)])
    },
  }
}

async function dropDatabase(serverUrl: string, database: string) {
  const knex = createKnex(serverUrl, { poolMax: 1 })
  try {
    await knex.raw('DROP DATABASE IF EXISTS ??', [database])
  } finally {
    await knex.destroy()
  }
}

async function deleteKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      if (keys.length > 0) await redis.unlink(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    await redis.quit()
  }
}

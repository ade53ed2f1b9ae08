import type { Logger } from 'pino'
import { createKnex, type Knex } from '@tickets/db'
import { createRedis, type Redis } from '@tickets/queue'
import type { WorkerConfig } from './config.js'

export interface WorkerRuntime {
  knex: Knex
  redis: Redis
  /** Stops taking jobs, lets running ones finish, then closes MySQL and Redis, in that order. */
  close: () => Promise<void>
}

/** Connects to MySQL and Redis and fails fast (with the reason) when either does not answer. */
export async function startWorker(config: WorkerConfig, log: Logger): Promise<WorkerRuntime> {
  const knex = createKnex(config.MYSQL_URL, { poolMax: config.WORKER_CONCURRENCY + 2 })
  const redis = createRedis(config.REDIS_URL, 'worker', 'worker')
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'))

  try {
    await Promise.all([knex.raw('SELECT 1'), redis.ping()])
  } catch (error) {
    await knex.destroy()
    redis.disconnect()
    throw error
  }
  log.info({ concurrency: config.WORKER_CONCURRENCY }, 'worker ready')

  return {
    knex,
    redis,
    close: async () => {
      await knex.destroy()
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

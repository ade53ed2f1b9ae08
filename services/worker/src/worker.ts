import { Worker, UnrecoverableError } from 'bullmq'
import type { Logger } from 'pino'
import { JOBS, QUEUES, type BookingJob } from '@tickets/contracts'
import { createKnex, type Knex } from '@tickets/db'
import { createRedis, type Redis } from '@tickets/queue'
import type { WorkerConfig } from './config.js'
import { InvalidJobError, processBooking, type BookResult } from './processors/book.js'

export interface WorkerRuntime {
  knex: Knex
  redis: Redis
  worker: Worker<BookingJob, BookResult>
  /** Stops taking jobs, lets running ones finish, then closes MySQL and Redis, in that order. */
  close: () => Promise<void>
}

/**
 * Connects to MySQL and Redis (failing fast, with the reason, when either does not answer) and
 * starts consuming the booking queue.
 */
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

  const worker = new Worker<BookingJob, BookResult>(
    QUEUES.bookings,
    async (job) => {
      if (job.name !== JOBS.book) throw new UnrecoverableError(`unknown job name ${job.name}`)
      try {
        return await processBooking(job.data, { knex, holdTtlSeconds: config.HOLD_TTL_SECONDS, log })
      } catch (error) {
        // A malformed payload will not get better by retrying.
        if (error instanceof InvalidJobError) throw new UnrecoverableError(error.message)
        throw error
      }
    },
    {
      connection: redis,
      prefix: config.REDIS_PREFIX,
      concurrency: config.WORKER_CONCURRENCY,
      // Infrastructure failures (MySQL down) are retried with capped backoff until they succeed:
      // an accepted booking must end in a terminal state, not in the failed set.
      settings: { backoffStrategy: (attempts: number) => Math.min(2 ** attempts * 100, 30_000) },
    },
  )
  worker.on('error', (err) => log.error({ err }, 'worker error'))
  worker.on('failed', (job, err) => log.warn({ booking_id: job?.id, attempts: job?.attemptsMade, err: err.message }, 'booking job failed'))
  await worker.waitUntilReady()
  log.info({ concurrency: config.WORKER_CONCURRENCY, queue: QUEUES.bookings }, 'worker ready')

  return {
    knex,
    redis,
    worker,
    close: async () => {
      await worker.close()
      await knex.destroy()
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

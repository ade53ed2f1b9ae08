import { Worker, UnrecoverableError } from 'bullmq'
import type { Logger } from 'pino'
import Value from 'typebox/value'
import { ExpireJob, JOBS, QUEUES, type BookingJob } from '@tickets/contracts'
import { createKnexFromConfig, type Knex } from '@tickets/db'
import {
  bookingCounterKeys,
  bookingQueueRefs,
  checkRedisDurability,
  createBookingShards,
  createExpiryQueue,
  createRedis,
  createSoldOutRecords,
  expiryQueueRef,
  pingRedis,
  shardOf,
  type ExpiryQueue,
  type RedisClient,
} from '@tickets/queue'
import { withDeadline } from '@tickets/http'
import type { WorkerConfig } from './config.js'
import { auditStock, recordGivenUp } from '@tickets/booking'
import { commitBatch, InvalidJobError, parseBookingJob, type BookResult } from './processors/book.js'
import { createBatcher } from './processors/batcher.js'
import { processExpire, processSweep } from './processors/expire.js'
import { createMetricsRegistry, registerDependencyGauges, registerOldestWaitingGauge, registerQueueGauge } from '@tickets/metrics'
import type { Registry } from 'prom-client'
import { createWorkerMetrics } from './metrics.js'

/** How long each BullMQ Worker may take to close once its parked jobs are committed. */
const CLOSE_DEADLINE_MS = 5_000

export interface WorkerRuntime {
  knex: Knex
  redis: RedisClient
  /** One per booking queue shard (and per queue of an earlier shard count). */
  workers: Worker<BookingJob, BookResult>[]
  expiryWorker: Worker
  expiryQueue: ExpiryQueue
  /** This worker's Prometheus metrics, served by the ops app. */
  registry: Registry
  /** Booking jobs parked for their event's next batch. */
  parked: () => number
  /** Commits every parked batch now, stops taking jobs, lets running ones finish, then closes MySQL and Redis, in that order. */
  close: () => Promise<void>
}

/**
 * Connects to MySQL and Redis (failing fast, with the reason, when either does not answer) and
 * starts consuming the booking queue.
 */
export async function startWorker(config: WorkerConfig, log: Logger): Promise<WorkerRuntime> {
  const knex = createKnexFromConfig(config, log)
  // BullMQ's command connection: each batch completes its jobs in one turn, so their
  // moveToFinished calls share a write. BullMQ's blocking reads use a duplicate of it.
  const redis = createRedis(config, 'worker', 'worker', { autoPipelining: true })
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'))

  try {
    await Promise.all([knex.raw('SELECT 1'), pingRedis(redis)])
    await checkRedisDurability(redis, config, log)
  } catch (error) {
    await knex.destroy()
    redis.disconnect()
    throw error
  }

  const registry = createMetricsRegistry('worker')
  const metrics = createWorkerMetrics(registry)

  const expiryQueue = createExpiryQueue(redis, config.REDIS_PREFIX)
  expiryQueue.on('error', (err) => log.warn({ err: err.message }, 'expiry queue error'))

  // A connection of its own that fails fast: the sold-out record is advice, and a Redis that does
  // not answer must not hold up decisions (the BullMQ connection would wait for it forever).
  const stockRedis = createRedis(config, 'producer', 'worker-stock')
  stockRedis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error (sold-out records)'))
  const decidedKey = bookingCounterKeys(config.REDIS_PREFIX).decided
  const soldOut = createSoldOutRecords(stockRedis, config.REDIS_PREFIX, {
    ttlSeconds: config.SOLD_OUT_TTL_SECONDS,
    onError: (error, what) => log.warn({ err: (error as Error).message }, `sold-out record: could not ${what}`),
  })

  const batcher = createBatcher<BookingJob, BookResult>({
    maxSize: config.BATCH_MAX,
    waitMs: config.BATCH_WAIT_MS,
    commit: async (_lane, jobs) => {
      const eventIds = [...new Set(jobs.map((job) => job.event_id))]
      // Read before the transaction: a restock committed after it makes the mark below lose.
      const epochs = await Promise.all(eventIds.map((id) => soldOut.epoch(id)))
      const started = performance.now()
      const { results, available } = await commitBatch(jobs, { knex, holdTtlSeconds: config.HOLD_TTL_SECONDS, maxHeldPerUser: config.MAX_HELD_TICKETS_PER_USER, log })
      metrics.batch(results, jobs.map((job) => job.requested_at), (performance.now() - started) / 1000)
      await Promise.all(eventIds.map((id, i) => (available.get(id) === 0 ? soldOut.markSoldOut(id, epochs[i]!) : undefined)))
      // Feeds the queue position clients see; a lost increment only skews that estimate.
      const created = results.filter((result) => result.created).length
      if (created > 0) await stockRedis.incrby(decidedKey, created).catch((err: Error) => log.warn({ err: err.message }, 'could not count decisions'))
      return results
    },
  })

  const processBooking = async (job: { name: string; data: unknown }) => {
    if (job.name !== JOBS.book) throw new UnrecoverableError(`unknown job name ${job.name}`)
    try {
      // Validated alone, before batching: a malformed payload never fails its neighbours.
      const request = parseBookingJob(job.data)
      return await batcher.submit(String(shardOf(request.event_id, config.BATCH_LANES)), request)
    } catch (error) {
      metrics.failed()
      // A malformed payload will not get better by retrying.
      if (error instanceof InvalidJobError) throw new UnrecoverableError(error.message)
      throw error
    }
  }

  // An accepted request the worker gave up on still ends durably (rejected INVALID_REQUEST), so
  // its id answers after BullMQ forgets the failed job; best effort, the gateway shows the failed
  // job meanwhile. A payload that is not a booking job has no booking to record.
  const recordFailure = async (data: unknown) => {
    let request: BookingJob
    try {
      request = parseBookingJob(data)
    } catch {
      return
    }
    await recordGivenUp(knex, request).catch((err: Error) => log.error({ booking_id: request.booking_id, err: err.message }, 'could not record a failed booking'))
  }

  // One BullMQ Worker per shard, all feeding the same batcher: an event's requests come from one
  // shard, so its batches fill as before. Queues of an earlier shard count are drained too.
  const queueRefs = bookingQueueRefs(config.REDIS_PREFIX, config)
  const workers = queueRefs.map((ref) => {
    const worker = new Worker<BookingJob, BookResult>(ref.name, processBooking, {
      connection: redis,
      prefix: ref.prefix,
      // Most active jobs are parked in the batcher, waiting for their batch; BullMQ renews all
      // their locks in one call while the event loop stays free.
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.WORKER_LOCK_DURATION_MS,
      stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
      // A stalled booking job (its worker died) runs again however often it stalls: the booking
      // id is the primary key, so a rerun is harmless, and failing it would leave a 202 undecided.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
      // Infrastructure failures (MySQL down) are retried with capped backoff until they succeed:
      // an accepted booking must end in a terminal state, not in the failed set.
      settings: { backoffStrategy: (attempts: number) => Math.min(2 ** attempts * 100, 30_000) },
    })
    worker.on('error', (err) => log.error({ err, queue: ref.name }, 'worker error'))
    // Another worker's crash (expected), or this one losing locks under load (its event loop blocked
    // longer than the lock): `pnpm bench` counts these lines, and expects none from a healthy run.
    worker.on('stalled', (jobId) => {
      metrics.stalled()
      log.warn({ booking_id: jobId, queue: ref.name }, 'booking job stalled, running it again')
    })
    worker.on('failed', (job, err) => {
      log.warn({ booking_id: job?.id, queue: ref.name, attempts: job?.attemptsMade, err: err.message }, 'booking job failed')
      // finishedOn is set only when the job failed for good (no retry left, or unrecoverable).
      if (job?.finishedOn) void recordFailure(job.data)
    })
    return worker
  })

  const expiryWorker = new Worker(
    QUEUES.expiry,
    async (job) => {
      if (job.name === JOBS.audit) {
        const audit = await auditStock(knex, new Date(Date.now() - (2 * config.STOCK_AUDIT_SECONDS + 60) * 1000))
        metrics.audited(audit)
        // One line per event a person must look at; the auditor never changes stock itself.
        for (const drift of audit.drifted) log.error(drift, `stock drift on event ${drift.event_id}: available ${drift.available} + held ${drift.held} != total ${drift.total}`)
        return { checked: audit.checked, drifted: audit.drifted.length }
      }
      if (job.name === JOBS.sweep) {
        const expired = await processSweep(knex, soldOut)
        if (expired > 0) log.info({ expired }, 'sweep expired holds')
        return { expired }
      }
      if (job.name !== JOBS.expire || !Value.Check(ExpireJob, job.data)) throw new UnrecoverableError(`invalid expiry job ${job.name}`)
      return { expired: await processExpire((job.data as ExpireJob).booking_id, knex, soldOut) }
    },
    { connection: redis, prefix: expiryQueueRef(config.REDIS_PREFIX).prefix, concurrency: 4 },
  )
  expiryWorker.on('error', (err) => log.error({ err }, 'expiry worker error'))
  // One scheduler for all worker replicas: upserting the same id is idempotent.
  await expiryQueue.upsertJobScheduler('expiry-sweep', { every: config.EXPIRY_SWEEP_SECONDS * 1000 }, { name: JOBS.sweep, data: {} })
  if (config.STOCK_AUDIT_SECONDS > 0) {
    await expiryQueue.upsertJobScheduler('stock-audit', { every: config.STOCK_AUDIT_SECONDS * 1000 }, { name: JOBS.audit, data: {} })
  } else {
    await expiryQueue.removeJobScheduler('stock-audit')
  }

  // Read-only handles on the booking queues for the gauges; a Worker itself cannot count jobs.
  const bookingShards = createBookingShards(redis, config.REDIS_PREFIX, config)
  for (const queue of bookingShards.all) queue.on('error', (err) => log.warn({ err: err.message, queue: queue.name }, 'booking queue error'))
  registerQueueGauge(registry, [...bookingShards.all, expiryQueue])
  registerOldestWaitingGauge(registry, [...bookingShards.all, expiryQueue])
  registerDependencyGauges(registry, { knex, redis: { worker: redis, 'sold-out-records': stockRedis } })
  await Promise.all([...workers.map((worker) => worker.waitUntilReady()), expiryWorker.waitUntilReady()])
  log.info(
    { concurrency: config.WORKER_CONCURRENCY, batch_max: config.BATCH_MAX, batch_wait_ms: config.BATCH_WAIT_MS, queues: [...queueRefs.map((ref) => ref.name), QUEUES.expiry] },
    'worker ready',
  )

  /**
   * BullMQ's close can wait for ever on a blocking connection (seen on a Redis Cluster after a
   * master restarted: the Worker runs fine again, but its close never resolves). Parked jobs are
   * committed by the batcher's drain, not by this, so a close that does not finish in time is
   * given up: any job still active runs again elsewhere once its lock expires (at-least-once; the
   * booking id makes a rerun harmless), and the connections are closed below regardless.
   */
  const closeWithin = (worker: Worker) =>
    withDeadline(worker.close(), CLOSE_DEADLINE_MS).catch((err: Error) => log.warn({ queue: worker.name, err: err.message }, 'BullMQ worker did not close in time; going on'))

  return {
    knex,
    redis,
    workers,
    expiryWorker,
    expiryQueue,
    registry,
    parked: () => batcher.parked,
    close: async () => {
      // Parked jobs are active jobs: commit them now rather than after their wait, and let
      // anything still arriving go straight to a batch while the Worker stops.
      await Promise.all([batcher.drain(), ...[...workers, expiryWorker].map(closeWithin)])
      await batcher.drain()
      await withDeadline(Promise.all([expiryQueue.close(), bookingShards.close()]), CLOSE_DEADLINE_MS).catch(() => undefined)
      await knex.destroy()
      await Promise.all([redis, stockRedis].map((connection) => withDeadline(connection.quit(), 1_000).catch(() => connection.disconnect())))
    },
  }
}

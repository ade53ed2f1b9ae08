import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { offerPolicyOf } from '@tickets/config'
import type { Worker } from 'bullmq'
import type { Logger } from 'pino'
import { QUEUES, type BookingBundleJob, type BookingJob } from '@tickets/contracts'
import { createKnexFromConfig, type Knex } from '@tickets/db'
import { checkRedisDurability, createBookingShards, createShardAssignment, createExpiryQueue, createRedis, createSoldOutRecords, pingRedis, whenReady, type ExpiryQueue, type RedisClient } from '@tickets/queue'
import { withDeadline } from '@tickets/http'
import { createBookingConsumer } from './booking-consumer.js'
import type { WorkerConfig } from './config.js'
import { startMaintenance } from './maintenance.js'
import { startWebhooks } from './webhooks.js'
import type { BookResult } from './processors/book.js'
import { createMetricsRegistry, registerDependencyGauges, registerOldestWaitingGauge, registerQueueGauge } from '@tickets/metrics'
import type { Registry } from 'prom-client'
import { createWorkerMetrics } from './metrics.js'

/** How long each BullMQ Worker may take to close once its parked jobs are committed. */
const CLOSE_DEADLINE_MS = 5_000
/**
 * How long the fail-fast connection may take to be ready at startup, once the BullMQ connection
 * answered (a cluster client reads the slot map and connects to every master first).
 */
const STARTUP_READY_MS = 10_000

export interface WorkerRuntime {
  knex: Knex
  redis: RedisClient
  /** One per booking queue shard (and per queue of an earlier shard count). */
  workers: Worker<BookingJob | BookingBundleJob, BookResult | BookResult[]>[]
  expiryWorker: Worker
  expiryQueue: ExpiryQueue
  /** This worker's Prometheus metrics, served by the ops app. */
  registry: Registry
  /** Every booking queue shard assigned to this process (and every queue of an earlier shard count) is being read. */
  consuming: () => boolean
  /** Booking jobs parked for their event's next batch. */
  parked: () => number
  /** Commits every parked batch now, stops taking jobs, lets running ones finish, then closes MySQL and Redis, in that order. */
  close: () => Promise<void>
}

/**
 * Connects to MySQL and Redis (failing fast, with the reason, when either does not answer), then
 * wires the booking consumer (booking-consumer.ts) and the maintenance consumer (maintenance.ts)
 * to them, with the gauges and the shutdown order.
 */
export async function startWorker(config: WorkerConfig, log: Logger): Promise<WorkerRuntime> {
  // Several statements per query: a group commit sends its dozen statements in two round trips, BEGIN and COMMIT included (groupedTransaction).
  const knex = createKnexFromConfig(config, log, { multipleStatements: true })
  // BullMQ's command connection, not auto-pipelined: its commands come a few a turn (see
  // createRedis). BullMQ's blocking reads use a duplicate of it.
  const redis = createRedis(config, 'worker', 'worker')
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'))
  // A connection of its own that fails fast: the sold-out record is advice, and a Redis that does
  // not answer must not hold up decisions (the BullMQ connection would wait for it forever).
  const stockRedis = createRedis(config, 'producer', 'worker-stock')
  stockRedis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error (sold-out records)'))

  try {
    await Promise.all([knex.raw('SELECT 1'), pingRedis(redis)])
    await checkRedisDurability(redis, config, log)
    // It fails commands while not ready, and the first shard heartbeat below is awaited.
    await whenReady(stockRedis, STARTUP_READY_MS)
  } catch (error) {
    await knex.destroy()
    redis.disconnect()
    stockRedis.disconnect()
    throw error
  }

  const registry = createMetricsRegistry('worker')
  const metrics = createWorkerMetrics(registry)

  const expiryQueue = createExpiryQueue(redis, config.REDIS_PREFIX)
  expiryQueue.on('error', (err) => log.warn({ err: err.message }, 'expiry queue error'))

  const soldOut = createSoldOutRecords(stockRedis, config.REDIS_PREFIX, {
    ttlSeconds: config.SOLD_OUT_TTL_SECONDS,
    onError: (error, what) => log.warn({ err: (error as Error).message }, `sold-out record: could not ${what}`),
    offers: offerPolicyOf(config),
  })

  const consumer = createBookingConsumer({ config, knex, redis, stockRedis, soldOut, metrics, log })
  const { workers, batcher } = consumer
  // The booking shards this process reads, shared out among the live workers (shard-assignment.ts).
  const assignment = createShardAssignment({
    redis: stockRedis,
    prefix: config.REDIS_PREFIX,
    workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    shards: config.BOOKING_QUEUE_SHARDS,
    leaseMs: config.WORKER_SHARD_LEASE_MS,
    onChange: async (owned, members) => {
      log.info({ shards: owned.map((index) => consumer.queueNames[index]), workers: members }, 'booking shards assigned')
      await consumer.assign(owned)
    },
    onError: (err) => log.warn({ err: (err as Error).message }, 'shard assignment heartbeat failed; keeping the shards held'),
  })
  const expiryWorker = await startMaintenance({ config, knex, redis, expiryQueue, soldOut, metrics, log })
  const webhooks = await startWebhooks({ config, knex, redis, stockRedis, metrics, log })

  // Read-only handles on the booking queues for the gauges; a Worker itself cannot count jobs.
  const bookingShards = createBookingShards(redis, config.REDIS_PREFIX, config)
  for (const queue of bookingShards.all) queue.on('error', (err) => log.warn({ err: err.message, queue: queue.name }, 'booking queue error'))
  registerQueueGauge(registry, [...bookingShards.all, expiryQueue, webhooks.queue])
  registerOldestWaitingGauge(registry, [...bookingShards.all, expiryQueue])
  registerDependencyGauges(registry, { knex, redis: { worker: redis, 'sold-out-records': stockRedis } })
  await Promise.all([...workers.map((worker) => worker.waitUntilReady()), expiryWorker.waitUntilReady(), webhooks.worker.waitUntilReady()])
  await assignment.start()
  log.info(
    { concurrency: config.WORKER_CONCURRENCY, batch_max: config.BATCH_MAX, batch_wait_ms: config.BATCH_WAIT_MS, queues: [...consumer.queueNames, QUEUES.expiry, QUEUES.webhooks] },
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
    consuming: consumer.consuming,
    parked: () => batcher.parked,
    close: async () => {
      // The others take this worker's shards over on their next heartbeat, not after the lease.
      await withDeadline(assignment.stop(), 1_000).catch(() => undefined)
      // Parked jobs are active jobs: commit them now rather than after their wait, and let
      // anything still arriving go straight to a batch while the Worker stops.
      await Promise.all([batcher.drain(), ...[...workers, expiryWorker].map(closeWithin), webhooks.close()])
      await batcher.drain()
      await withDeadline(Promise.all([expiryQueue.close(), bookingShards.close()]), CLOSE_DEADLINE_MS).catch(() => undefined)
      await knex.destroy()
      await Promise.all([redis, stockRedis].map((connection) => withDeadline(connection.quit(), 1_000).catch(() => connection.disconnect())))
    },
  }
}

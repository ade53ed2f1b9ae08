import { Worker, UnrecoverableError } from 'bullmq'
import type { Logger } from 'pino'
import { JOBS, type BookingBundleJob, type BookingJob } from '@tickets/contracts'
import { recordGivenUp } from '@tickets/booking'
import type { Knex } from '@tickets/db'
import { bookingChangesChannel, bookingCounterKeys, bookingQueueRefs, queuedByEventKey, shardOf, type RedisClient, type SoldOutRecords } from '@tickets/queue'
import type { WorkerConfig } from './config.js'
import type { createWorkerMetrics } from './metrics.js'
import { createBatcher } from './processors/batcher.js'
import { commitBatch, InvalidJobError, parseBookingJob, parseBundle, type BookResult } from './processors/book.js'

export interface BookingConsumerDeps {
  config: WorkerConfig
  knex: Knex
  /** BullMQ's connection (blocking reads use a duplicate of it). */
  redis: RedisClient
  /** A connection that fails fast, for the advisory writes (sold-out records, the decided counter). */
  stockRedis: RedisClient
  soldOut: SoldOutRecords
  metrics: ReturnType<typeof createWorkerMetrics>
  log: Logger
}

/**
 * The booking consumer: one BullMQ Worker per booking queue shard, all feeding one batcher that
 * group-commits the jobs arriving together (see processors/book.ts), then records sell-outs and
 * counts decisions. A job that fails for good still ends durably (rejected INVALID_REQUEST).
 */
export function createBookingConsumer({ config, knex, redis, stockRedis, soldOut, metrics, log }: BookingConsumerDeps) {
  const decidedKey = bookingCounterKeys(config.REDIS_PREFIX).decided
  const queuedKey = queuedByEventKey(config.REDIS_PREFIX)
  const changesChannel = bookingChangesChannel(config.REDIS_PREFIX)

  const batcher = createBatcher<BookingJob, BookResult>({
    maxSize: config.BATCH_MAX,
    waitMs: config.BATCH_WAIT_MS,
    commit: async (_lane, jobs) => {
      const eventIds = [...new Set(jobs.map((job) => job.event_id))]
      // Read before the transaction: a restock committed after it makes the mark below lose.
      const epochs = await Promise.all(eventIds.map((id) => soldOut.epoch(id)))
      const started = performance.now()
      const { results, soldOut: none } = await commitBatch(jobs, { knex, holdTtlSeconds: config.HOLD_TTL_SECONDS, maxHeldPerUser: config.MAX_HELD_TICKETS_PER_USER, log })
      metrics.batch(results, jobs.map((job) => job.requested_at), (performance.now() - started) / 1000)
      await Promise.all(eventIds.map((id, i) => (none.has(id) ? soldOut.markSoldOut(id, none.get(id)!, epochs[i]!) : undefined)))
      // Feeds the queue position clients see; a lost increment only skews that estimate.
      // And the sales figures' requests still queued per event (the gateway counted them in).
      const decidedOf = new Map<string, number>()
      results.forEach((result, i) => {
        if (result.created) decidedOf.set(jobs[i]!.event_id, (decidedOf.get(jobs[i]!.event_id) ?? 0) + 1)
      })
      const created = results.filter((result) => result.created).length
      if (created > 0) {
        // The live status streams hear of the decisions at once (a notice lost here is caught by
        // each stream's periodic re-read; webhooks go through the outbox, never through this).
        const decidedIds = results.filter((result) => result.created && result.status !== 'deleted').map((result) => result.booking_id)
        await Promise.all([
          stockRedis.incrby(decidedKey, created),
          ...[...decidedOf].map(([eventId, n]) => stockRedis.hincrby(queuedKey, eventId, -n)),
          stockRedis.publish(changesChannel, JSON.stringify(decidedIds)),
        ]).catch((err: Error) => log.warn({ err: err.message }, 'could not count decisions'))
      }
      return results
    },
  })

  /** One request: validated alone, before batching, so a malformed payload never fails its neighbours. */
  const decide = async (data: unknown): Promise<BookResult> => {
    const request = parseBookingJob(data)
    return batcher.submit(String(shardOf(request.event_id, config.BATCH_LANES)), request)
  }

  /**
   * A bundle's requests join the batches together and are decided each on its own. A malformed
   * one is logged and left out (its id finds nothing, as a malformed job's does); an outage fails
   * the whole bundle for BullMQ's retry, and the requests already decided find their rows then.
   */
  const decideBundle = async (data: unknown): Promise<BookResult[]> => {
    const settled = await Promise.allSettled(parseBundle(data).map(decide))
    const results: BookResult[] = []
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') results.push(outcome.value)
      else if (outcome.reason instanceof InvalidJobError) {
        metrics.failed()
        log.error({ err: outcome.reason.message }, 'a malformed request in a booking bundle was left out')
      } else throw outcome.reason
    }
    return results
  }

  const processBooking = async (job: { name: string; data: unknown }) => {
    try {
      if (job.name === JOBS.bundle) return await decideBundle(job.data)
      if (job.name !== JOBS.book) throw new UnrecoverableError(`unknown job name ${job.name}`)
      return await decide(job.data)
    } catch (error) {
      metrics.failed()
      // A malformed payload will not get better by retrying.
      if (error instanceof InvalidJobError) throw new UnrecoverableError(error.message)
      throw error
    }
  }

  // An accepted request the worker gave up on still ends durably (rejected INVALID_REQUEST), so
  // its id answers after BullMQ forgets the failed job; best effort, the gateway shows the failed
  // job meanwhile. A payload that is not a booking job has no booking to record; a bundle's
  // requests are recorded each.
  const recordRequest = async (data: unknown): Promise<void> => {
    let request: BookingJob
    try {
      request = parseBookingJob(data)
    } catch {
      return
    }
    await recordGivenUp(knex, request).catch((err: Error) => log.error({ booking_id: request.booking_id, err: err.message }, 'could not record a failed booking'))
  }
  const recordFailure = async (name: string, data: unknown): Promise<void> => {
    let requests: unknown[] = [data]
    if (name === JOBS.bundle) {
      try {
        requests = parseBundle(data)
      } catch {
        return
      }
    }
    await Promise.all(requests.map(recordRequest))
  }

  // One BullMQ Worker per shard, all feeding the same batcher: an event's requests come from one
  // shard, so its batches fill as before. Queues of an earlier shard count are drained too.
  const queueRefs = bookingQueueRefs(config.REDIS_PREFIX, config)
  const workers = queueRefs.map((ref) => {
    const worker = new Worker<BookingJob | BookingBundleJob, BookResult | BookResult[]>(ref.name, processBooking, {
      // The current shards start once assigned to this process (see assign); queues of an
      // earlier shard count are read by every worker until they are empty.
      autorun: ref.of !== config.BOOKING_QUEUE_SHARDS,
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
      log.warn({ job_id: jobId, queue: ref.name }, 'booking job stalled, running it again')
    })
    worker.on('failed', (job, err) => {
      log.warn({ job_id: job?.id, queue: ref.name, attempts: job?.attemptsMade, err: err.message }, 'booking job failed')
      // finishedOn is set only when the job failed for good (no retry left, or unrecoverable).
      if (job?.finishedOn) void recordFailure(job.name, job.data)
    })
    return worker
  })

  /**
   * Consumes exactly these current shards (0-based indexes, from the shard assignment): starts or
   * resumes their Workers and pauses the others (a paused Worker finishes the jobs it holds).
   */
  let owned: number[] = []
  const shouldRun = (ref: (typeof queueRefs)[number]) => ref.of !== config.BOOKING_QUEUE_SHARDS || owned.includes(ref.index)
  const consuming = (worker: Worker) => worker.isRunning() && !worker.isPaused()
  const assign = async (shards: number[]) => {
    owned = shards
    await Promise.all(
      queueRefs.map((ref, i) => {
        const worker = workers[i]!
        if (shouldRun(ref)) return consuming(worker) ? undefined : worker.resume()
        return consuming(worker) ? worker.pause() : undefined
      }),
    )
  }

  return {
    workers,
    queueNames: queueRefs.map((ref) => ref.name),
    batcher,
    assign,
    /** Every queue this process should read is being read (readiness). */
    consuming: () => queueRefs.every((ref, i) => !shouldRun(ref) || consuming(workers[i]!)),
  }
}

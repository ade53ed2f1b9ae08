import { Queue, type JobsOptions } from 'bullmq'
import { JOBS, QUEUES, WEBHOOK_RETRY_SCHEDULE_SECONDS, type BookingBundleJob, type BookingJob, type ExpireJob, type WebhookDeliveryJob } from '@tickets/contracts'
import type { RedisClient } from './create-redis.js'
import { hashTagFor, queuePrefix } from './queue-keys.js'

/** Booking requests: one alone (`book`) or a gateway's bundle of them (`book-bundle`). */
export type BookingQueue = Queue<BookingJob | BookingBundleJob, unknown, typeof JOBS.book | typeof JOBS.bundle>

/**
 * Jobs are kept only briefly once finished: the database row is the durable record, and
 * bounded retention keeps Redis memory flat under sustained load.
 */
export const bookingJobOptions: JobsOptions = {
  // Domain outcomes (sold out, ...) never throw; only infrastructure failures are retried, and
  // an accepted booking must not give up on them: the worker's backoff is capped at 30 s.
  attempts: 10_000,
  backoff: { type: 'custom' },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 24 * 3_600, count: 10_000 },
}

/** Where a queue lives: its BullMQ name and prefix (hash-tagged, see queue-keys.ts). Producer and consumer use the same. */
export interface QueueRef {
  name: string
  prefix: string
}

export interface BookingQueueRef extends QueueRef {
  /** Shard `index` of `of` (BOOKING_QUEUE_SHARDS). */
  index: number
  of: number
}

/** `bookings` when there is one shard, else `bookings-2-of-3` and so on. */
export function bookingQueueRef(prefix: string, index = 0, of = 1): BookingQueueRef {
  const name = of === 1 ? QUEUES.bookings : `${QUEUES.bookings}-${index + 1}-of-${of}`
  return { name, prefix: queuePrefix(prefix, hashTagFor(name, index, of)), index, of }
}

export const expiryQueueRef = (prefix: string): QueueRef => ({ name: QUEUES.expiry, prefix: queuePrefix(prefix, hashTagFor(QUEUES.expiry)) })

export function createBookingQueue(connection: RedisClient, prefix: string, index = 0, of = 1): BookingQueue {
  const { name, prefix: queueKeys } = bookingQueueRef(prefix, index, of)
  return new Queue<BookingJob | BookingBundleJob, unknown, typeof JOBS.book | typeof JOBS.bundle>(name, { connection, prefix: queueKeys, defaultJobOptions: bookingJobOptions })
}

/** Holds `expire` jobs ({booking_id}) and the `sweep` scheduler's jobs ({}). */
export type ExpiryQueue = Queue<ExpireJob | Record<string, never>>

export function createExpiryQueue(connection: RedisClient, prefix: string): ExpiryQueue {
  return new Queue(QUEUES.expiry, {
    connection,
    prefix: expiryQueueRef(prefix).prefix,
    defaultJobOptions: { attempts: 1_000, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 3_600, count: 10_000 }, removeOnFail: { age: 24 * 3_600 } },
  })
}

export const webhookQueueRef = (prefix: string): QueueRef => ({ name: QUEUES.webhooks, prefix: queuePrefix(prefix, hashTagFor(QUEUES.webhooks)) })

export type WebhookQueue = Queue<WebhookDeliveryJob, unknown, typeof JOBS.deliver>

/**
 * Webhook deliveries: one job per message and endpoint, attempted once and then on the retry
 * schedule (the worker's `webhook` backoff). Finished jobs go soon: the delivery log in the
 * database is the record.
 */
export function createWebhookQueue(connection: RedisClient, prefix: string): WebhookQueue {
  return new Queue<WebhookDeliveryJob, unknown, typeof JOBS.deliver>(QUEUES.webhooks, {
    connection,
    prefix: webhookQueueRef(prefix).prefix,
    defaultJobOptions: {
      attempts: WEBHOOK_RETRY_SCHEDULE_SECONDS.length + 1,
      backoff: { type: 'webhook' },
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  })
}

/**
 * Two counters behind the queue position clients see: the gateway numbers each accepted booking
 * (INCR, stored in the job as `sequence`), the worker counts the bookings it decided (INCRBY per
 * batch). `sequence - decided` is about how many are ahead; neither is ever scanned.
 */
export const bookingCounterKeys = (prefix: string) => ({
  accepted: `${prefix}:bookings:accepted-sequence`,
  decided: `${prefix}:bookings:decided-count`,
})

/**
 * The Redis pub/sub channel the outbox relay publishes to, after each round, the ids of the
 * bookings whose rows it relayed (a JSON array): every gateway's live status streams listen on it.
 * Pub/sub reaches every node's subscribers on a Redis Cluster too.
 */
export const bookingChangesChannel = (prefix: string) => `${prefix}:booking-changes`

/**
 * A hash of booking requests accepted and not decided yet, per event (the sales figures' `queued`):
 * the gateway adds 1 after each enqueue, the worker takes away what each batch decided.
 */
export const queuedByEventKey = (prefix: string) => `${prefix}:bookings:queued-by-event`

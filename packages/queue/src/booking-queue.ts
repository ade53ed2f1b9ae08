import { Queue, type JobsOptions } from 'bullmq'
import type { Redis } from 'ioredis'
import { JOBS, QUEUES, type BookingJob, type ExpireJob } from '@tickets/contracts'

export type BookingQueue = Queue<BookingJob, unknown, typeof JOBS.book>

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

export function createBookingQueue(connection: Redis, prefix: string): BookingQueue {
  return new Queue<BookingJob, unknown, typeof JOBS.book>(QUEUES.bookings, {
    connection,
    prefix,
    defaultJobOptions: bookingJobOptions,
  })
}

/** Holds `expire` jobs ({booking_id}) and the `sweep` scheduler's jobs ({}). */
export type ExpiryQueue = Queue<ExpireJob | Record<string, never>>

export function createExpiryQueue(connection: Redis, prefix: string): ExpiryQueue {
  return new Queue(QUEUES.expiry, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 1_000, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 3_600, count: 10_000 }, removeOnFail: { age: 24 * 3_600 } },
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

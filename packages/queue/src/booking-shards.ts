import type { Job } from 'bullmq'
import { bundleJobId, type BookingBundleJob, type BookingJob } from '@tickets/contracts'
import { bookingQueueRef, createBookingQueue, type BookingQueue, type BookingQueueRef } from './booking-queue.js'
import type { RedisClient } from './create-redis.js'
import { shardOf } from './queue-keys.js'

/** How the booking queue is split; gateway and worker must be given the same values. */
export interface BookingShardsConfig {
  /** New bookings go to shard hash(event_id) mod this. */
  BOOKING_QUEUE_SHARDS: number
  /**
   * Earlier shard counts whose queues may still hold jobs (comma separated): workers keep
   * consuming them and the gateway keeps finding their jobs, so k can change while jobs wait.
   */
  BOOKING_QUEUE_PREVIOUS_SHARDS: string
}

/** Every booking queue to read: the current shards first, then the shards of earlier counts. */
export function bookingQueueRefs(prefix: string, config: BookingShardsConfig): BookingQueueRef[] {
  const counts = [config.BOOKING_QUEUE_SHARDS, ...config.BOOKING_QUEUE_PREVIOUS_SHARDS.split(',').map(Number).filter((n) => n >= 1)]
  const refs = [...new Set(counts)].flatMap((of) => Array.from({ length: of }, (_, index) => bookingQueueRef(prefix, index, of)))
  // Two counts can name one queue (1 and 1); keep each once.
  return refs.filter((ref, i) => refs.findIndex((other) => other.name === ref.name) === i)
}

/**
 * The booking queue as k shards. One event's requests always go to one shard (so they stay in
 * order and fill the worker's batches); different events spread over the shards, and over the
 * masters of a Redis Cluster.
 */
export function createBookingShards(connection: RedisClient, prefix: string, config: BookingShardsConfig) {
  const shards = config.BOOKING_QUEUE_SHARDS
  const all = bookingQueueRefs(prefix, config).map((ref) => createBookingQueue(connection, prefix, ref.index, ref.of))
  const current = all.slice(0, shards)

  return {
    /** Every queue, current shards first (metrics, Bull Board, lookups). */
    all,
    /** The shard that takes this event's new bookings. */
    forEvent: (eventId: string): BookingQueue => current[shardOf(eventId, shards)]!,
    /**
     * A booking request's job wherever it waits, with its queue and the request as the job holds it
     * (which may not be a valid booking): its bundle's, else its own (one parallel lookup of both
     * ids per shard). A request can be in both (a retry under its idempotency key added it alone
     * while its bundle's add, timed out, still landed); its bundle is found first.
     */
    async findJob(id: string): Promise<FoundBooking | undefined> {
      const found = await Promise.all(
        all.map(async (queue): Promise<FoundBooking | undefined> => {
          const [bundle, alone] = await Promise.all([queue.getJob(bundleJobId(id)), queue.getJob(id)])
          const bundled = bundle ? requestIn(bundle as Job<BookingBundleJob>, id) : undefined
          if (bundled !== undefined) return { job: bundle!, queue, request: bundled }
          return alone ? { job: alone, queue, request: alone.data as unknown } : undefined
        }),
      )
      return found.find(Boolean)
    },
    /** Waiting booking jobs over every shard. */
    async waitingCount(): Promise<number> {
      const counts = await Promise.all(all.map((queue) => queue.getWaitingCount()))
      return counts.reduce((sum, n) => sum + n, 0)
    },
    close: () => Promise.all(all.map((queue) => queue.close())),
  }
}

export type BookingShards = ReturnType<typeof createBookingShards>

export interface FoundBooking {
  /** The job: the request's bundle, or the request alone. */
  job: Job<BookingJob | BookingBundleJob>
  queue: BookingQueue
  /** The request as the job holds it: check it (BookingJob) before trusting it. */
  request: unknown
}

/** The request with this booking id in a bundle job, if it holds one. */
function requestIn(job: Job<BookingBundleJob>, id: string): unknown {
  const bookings = (job.data as { bookings?: unknown } | undefined)?.bookings
  return Array.isArray(bookings) ? bookings.find((booking) => (booking as { booking_id?: unknown } | null)?.booking_id === id) : undefined
}

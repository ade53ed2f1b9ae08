import type { Job } from 'bullmq'
import type { BookingJob } from '@tickets/contracts'
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
    /** A booking's job wherever it waits (one parallel lookup per shard), with its queue. */
    async findJob(id: string): Promise<{ job: Job<BookingJob>; queue: BookingQueue } | undefined> {
      const jobs = await Promise.all(all.map((queue) => queue.getJob(id)))
      const index = jobs.findIndex(Boolean)
      return index === -1 ? undefined : { job: jobs[index] as Job<BookingJob>, queue: all[index]! }
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

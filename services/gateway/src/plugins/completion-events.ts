import { QueueEvents } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import { createRedis, type BookingQueue, type RedisClient, type RedisTarget } from '@tickets/queue'
import { withDeadline } from '@tickets/http'

/** A QueueEvents held for one `Prefer: wait` request; `release` when the wait is over. */
export interface CompletionLease {
  events: QueueEvents
  release: () => void
}

export interface CompletionEventsOptions {
  queue: BookingQueue
  target: RedisTarget
  /** Reads the Redis server's clock (the stream ids are its milliseconds). */
  redis: RedisClient
  log: FastifyBaseLogger
  /** How long the stream is still read after the last wait ended, in case another comes. */
  idleMs?: number
}

/**
 * Completion events of one booking queue, read only while someone waits for them.
 *
 * A QueueEvents reads the queue's whole event stream (added, waiting, active, completed for every
 * job): a gateway that read it all the time spent a tenth of its CPU on events nobody asked for,
 * and every added gateway would read every booking's events again. So the stream is read from
 * the first `Prefer: wait` on, and stops `idleMs` after the last one ended.
 *
 * No completion is missed by starting late: reading starts from the Redis clock at the lease (a
 * second earlier, for margin), and BullMQ's waitUntilFinished subscribes before it checks whether
 * the job has already finished. A completion before that check is found by the check; one after
 * it is after the start of reading, so it is in what is read.
 */
export function createCompletionEvents({ queue, target, redis, log, idleMs = 30_000 }: CompletionEventsOptions) {
  let running: Promise<{ events: QueueEvents; connection: RedisClient }> | undefined
  let leases = 0
  let idle: NodeJS.Timeout | undefined

  // Bounded here, the one wait of a lease: a caller that gave up on a lease still handed out
  // would never release it, and the stream would be read for ever.
  const start = async () => {
    const [seconds, micros] = await withDeadline(redis.time())
    const from = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1000
    const connection = createRedis(target, 'worker', `gateway-queue-events-${queue.name}`)
    connection.on('error', (err) => log.warn({ err: err.message }, 'queue events connection error'))
    const events = new QueueEvents(queue.name, { connection, prefix: queue.opts.prefix, autorun: true, lastEventId: `${from}-0` })
    events.on('error', (err) => log.warn({ err: err.message }, 'queue events error'))
    // Every `Prefer: wait` request listens for its job's completion, and the requests of one
    // bundle share its job: a busy gateway's bundles hold dozens. Their number is bounded by
    // MAX_WAITS_TOTAL, not by Node's leak warning at 10 listeners per event name.
    events.setMaxListeners(0)
    return { events, connection }
  }

  const stop = async () => {
    const stopping = running
    running = undefined
    if (!stopping) return
    const { events, connection } = await stopping.catch(() => ({ events: undefined, connection: undefined }))
    // BullMQ's close waits for its connection to be ready; with Redis gone that is forever.
    await withDeadline(events?.close() ?? Promise.resolve(), 2_000).catch(() => undefined)
    if (connection) await withDeadline(connection.quit(), 1_000).catch(() => connection.disconnect())
  }

  return {
    /** The queue's events, read from now on at the latest, until the lease is released. */
    async lease(): Promise<CompletionLease> {
      clearTimeout(idle)
      leases++
      try {
        running ??= start()
        const { events } = await running
        let released = false
        return {
          events,
          release: () => {
            if (released) return
            released = true
            if (--leases === 0) idle = setTimeout(() => void stop(), idleMs).unref()
          },
        }
      } catch (error) {
        running = undefined
        if (--leases === 0) clearTimeout(idle)
        throw error
      }
    },
    /** Whether the stream is being read now (for tests). */
    get reading(): boolean {
      return running !== undefined
    },
    close: async () => {
      clearTimeout(idle)
      await stop()
    },
  }
}


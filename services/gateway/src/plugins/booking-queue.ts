import fp from 'fastify-plugin'
import { QueueEvents } from 'bullmq'
import {
  checkRedisDurability,
  createBookingShards,
  createExpiryQueue,
  createRedis,
  UnsafeRedisError,
  type BookingQueue,
  type BookingShards,
  type BookingShardsConfig,
  type ExpiryQueue,
  type RedisSafetyConfig,
  type RedisTarget,
} from '@tickets/queue'
import { withDeadline } from '@tickets/http'

declare module 'fastify' {
  interface FastifyInstance {
    /** The booking queue's shards (BOOKING_QUEUE_SHARDS), and the queues of earlier shard counts. */
    bookingShards: BookingShards
    /** Completion events of a booking queue's jobs, for `Prefer: wait`. */
    bookingEvents: (queue: BookingQueue) => QueueEvents
    /** Only read here (Bull Board, metrics); the worker adds and runs its jobs. */
    expiryQueue: ExpiryQueue
  }
}

export interface BookingQueueOptions {
  target: RedisTarget
  prefix: string
  shards: BookingShardsConfig
  safety: RedisSafetyConfig
}

/**
 * The producer side of the booking queue. Jobs are added over the gateway's fail-fast Redis
 * connection; each shard's QueueEvents blocks on a stream read and so gets a connection of its own.
 */
export const bookingQueuePlugin = fp<BookingQueueOptions>(
  async (app, { target, prefix, shards: shardsConfig, safety }) => {
    const shards = createBookingShards(app.redis, prefix, shardsConfig)
    for (const queue of shards.all) queue.on('error', (err) => app.log.warn({ err: err.message, queue: queue.name }, 'booking queue error'))

    const listeners = new Map(
      shards.all.map((queue) => {
        const connection = createRedis(target, 'worker', `gateway-queue-events-${queue.name}`)
        connection.on('error', (err) => app.log.warn({ err: err.message }, 'queue events connection error'))
        const events = new QueueEvents(queue.name, { connection, prefix: queue.opts.prefix, autorun: true })
        events.on('error', (err) => app.log.warn({ err: err.message }, 'queue events error'))
        return [queue, { connection, events }] as const
      }),
    )

    const expiryQueue = createExpiryQueue(app.redis, prefix)
    expiryQueue.on('error', (err) => app.log.warn({ err: err.message }, 'expiry queue error'))

    // A 202 promises the booking is safe in Redis: refuse to start on one that would not keep it.
    // A Redis that is down at start does not stop the gateway (it answers 503 meanwhile); it is
    // checked when it first connects, and the gateway closes if it is unsafe.
    app.addHook('onReady', async () => {
      try {
        await checkRedisDurability(app.redis, safety, app.log)
      } catch (error) {
        if (error instanceof UnsafeRedisError) throw error
        app.log.warn({ err: (error as Error).message }, 'Redis durability not verified yet (Redis unreachable); checked when it connects')
        app.redis.once('ready', () => {
          checkRedisDurability(app.redis, safety, app.log).catch((late: Error) => {
            if (!(late instanceof UnsafeRedisError)) return app.log.warn({ err: late.message }, 'Redis durability check failed')
            app.log.fatal(late.message)
            void app.close()
          })
        })
      }
    })

    app.decorate('bookingShards', shards)
    app.decorate('expiryQueue', expiryQueue)
    app.decorate('bookingEvents', (queue: BookingQueue) => listeners.get(queue)!.events)
    app.addHook('onClose', async () => {
      // BullMQ's close waits for its connection to be ready; with Redis gone that is forever.
      const events = [...listeners.values()]
      await withDeadline(Promise.all([shards.close(), expiryQueue.close(), ...events.map(({ events }) => events.close())]), 2_000).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'booking queue did not close cleanly'),
      )
      await Promise.all(events.map(({ connection }) => withDeadline(connection.quit(), 1_000).catch(() => connection.disconnect())))
    })
  },
  { name: 'booking-queue', dependencies: ['redis'] },
)

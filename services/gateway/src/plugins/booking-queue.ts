import fp from 'fastify-plugin'
import { QueueEvents } from 'bullmq'
import { QUEUES } from '@tickets/contracts'
import { checkRedisDurability, createBookingQueue, createExpiryQueue, createRedis, UnsafeRedisError, type BookingQueue, type ExpiryQueue, type RedisSafetyConfig } from '@tickets/queue'
import { withDeadline } from '@tickets/http'

declare module 'fastify' {
  interface FastifyInstance {
    bookingQueue: BookingQueue
    /** Completion events of booking jobs, for `Prefer: wait`. */
    bookingEvents: QueueEvents
    /** Only read here (Bull Board, metrics); the worker adds and runs its jobs. */
    expiryQueue: ExpiryQueue
  }
}

/**
 * The producer side of the booking queue. Jobs are added over the gateway's fail-fast Redis
 * connection; QueueEvents blocks on a stream read and so gets a connection of its own.
 */
export const bookingQueuePlugin = fp<{ url: string; prefix: string; safety: RedisSafetyConfig }>(
  async (app, { url, prefix, safety }) => {
    const queue = createBookingQueue(app.redis, prefix)
    queue.on('error', (err) => app.log.warn({ err: err.message }, 'booking queue error'))

    const eventsConnection = createRedis(url, 'worker', 'gateway-queue-events')
    eventsConnection.on('error', (err) => app.log.warn({ err: err.message }, 'queue events connection error'))
    const events = new QueueEvents(QUEUES.bookings, { connection: eventsConnection, prefix, autorun: true })
    events.on('error', (err) => app.log.warn({ err: err.message }, 'queue events error'))

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

    app.decorate('bookingQueue', queue)
    app.decorate('expiryQueue', expiryQueue)
    app.decorate('bookingEvents', events)
    app.addHook('onClose', async () => {
      // BullMQ's close waits for its connection to be ready; with Redis gone that is forever.
      await withDeadline(Promise.all([queue.close(), expiryQueue.close(), events.close()]), 2_000).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'booking queue did not close cleanly'),
      )
      await withDeadline(eventsConnection.quit(), 1_000).catch(() => eventsConnection.disconnect())
    })
  },
  { name: 'booking-queue', dependencies: ['redis'] },
)

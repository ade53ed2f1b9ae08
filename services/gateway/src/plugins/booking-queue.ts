import fp from 'fastify-plugin'
import { QueueEvents } from 'bullmq'
import { QUEUES } from '@tickets/contracts'
import { createBookingQueue, createExpiryQueue, createRedis, type BookingQueue, type ExpiryQueue } from '@tickets/queue'
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
export const bookingQueuePlugin = fp<{ url: string; prefix: string }>(
  async (app, { url, prefix }) => {
    const queue = createBookingQueue(app.redis, prefix)
    queue.on('error', (err) => app.log.warn({ err: err.message }, 'booking queue error'))

    const eventsConnection = createRedis(url, 'worker', 'gateway-queue-events')
    eventsConnection.on('error', (err) => app.log.warn({ err: err.message }, 'queue events connection error'))
    const events = new QueueEvents(QUEUES.bookings, { connection: eventsConnection, prefix, autorun: true })
    events.on('error', (err) => app.log.warn({ err: err.message }, 'queue events error'))

    const expiryQueue = createExpiryQueue(app.redis, prefix)
    expiryQueue.on('error', (err) => app.log.warn({ err: err.message }, 'expiry queue error'))

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

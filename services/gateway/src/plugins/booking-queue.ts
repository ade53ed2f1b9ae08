import fp from 'fastify-plugin'
import {
  checkRedisDurability,
  createBookingShards,
  createRedis,
  createExpiryQueue,
  createWebhookQueue,
  UnsafeRedisError,
  type WebhookQueue,
  type BookingQueue,
  type BookingShards,
  type BookingShardsConfig,
  type ExpiryQueue,
  type RedisSafetyConfig,
  type RedisTarget,
} from '@tickets/queue'
import { withDeadline } from '@tickets/http'
import { createCompletionEvents, type CompletionLease } from './completion-events.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The booking queue's shards (BOOKING_QUEUE_SHARDS), and the queues of earlier shard counts. */
    bookingShards: BookingShards
    /** Completion events of a booking queue's jobs, for `Prefer: wait` (read only while leased). */
    bookingEvents: (queue: BookingQueue) => Promise<CompletionLease>
    /** Only read here (Bull Board, metrics); the worker adds and runs its jobs. */
    expiryQueue: ExpiryQueue
    /** Webhook deliveries: the worker's relay adds them; the gateway adds replays. */
    webhookQueue: WebhookQueue
  }
}

export interface BookingQueueOptions {
  target: RedisTarget
  prefix: string
  shards: BookingShardsConfig
  safety: RedisSafetyConfig
}

/**
 * The producer side of the booking queue. Jobs are added over a fail-fast Redis connection of the
 * queues' own; each shard's completion events are read, while someone waits for them, over a
 * connection of their own (a stream read blocks it).
 *
 * Why not the gateway's connection (app.redis): BullMQ defines its 64 Lua scripts on the
 * connection it is given, and with auto-pipelining ioredis builds a Pipeline per flush that copies
 * every script the connection has. The rate limit, the sold-out check and the sequence number
 * each flush on their own when requests come one at a time, and that copying was the largest
 * single cost in the gateway's profile at 100 requests a second (a quarter of a millisecond a
 * request; pnpm bench --profile). Their connection now carries only the platform's few scripts,
 * and this one is not auto-pipelined: an add per bundle is a command or two a turn, where a
 * Pipeline costs more than the writes it saves (see createRedis).
 */
export const bookingQueuePlugin = fp<BookingQueueOptions>(
  async (app, { target, prefix, shards: shardsConfig, safety }) => {
    const queueRedis = createRedis(target, 'producer', 'gateway-queues', { autoPipelining: false })
    queueRedis.on('error', (err) => app.log.warn({ err: err.message }, 'redis connection error (queues)'))
    const shards = createBookingShards(queueRedis, prefix, shardsConfig)
    for (const queue of shards.all) queue.on('error', (err) => app.log.warn({ err: err.message, queue: queue.name }, 'booking queue error'))

    const completions = new Map(shards.all.map((queue) => [queue, createCompletionEvents({ queue, target, redis: queueRedis, log: app.log })] as const))

    const expiryQueue = createExpiryQueue(queueRedis, prefix)
    expiryQueue.on('error', (err) => app.log.warn({ err: err.message }, 'expiry queue error'))
    const webhookQueue = createWebhookQueue(queueRedis, prefix)
    webhookQueue.on('error', (err) => app.log.warn({ err: err.message }, 'webhook queue error'))

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
    app.decorate('webhookQueue', webhookQueue)
    app.decorate('bookingEvents', (queue: BookingQueue) => completions.get(queue)!.lease())
    app.addHook('onClose', async () => {
      // BullMQ's close waits for its connection to be ready; with Redis gone that is forever.
      await withDeadline(Promise.all([shards.close(), expiryQueue.close(), webhookQueue.close(), ...[...completions.values()].map((events) => events.close())]), 3_000).catch((err: Error) =>
        app.log.warn({ err: err.message }, 'booking queue did not close cleanly'),
      )
      await withDeadline(queueRedis.quit(), 1_000).catch(() => queueRedis.disconnect())
    })
  },
  { name: 'booking-queue', dependencies: ['redis'] },
)

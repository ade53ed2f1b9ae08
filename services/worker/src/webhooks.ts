import { Worker } from 'bullmq'
import type { Logger } from 'pino'
import { JOBS, QUEUES } from '@tickets/contracts'
import type { Knex } from '@tickets/db'
import { bookingChangesChannel, createWebhookQueue, webhookQueueRef, type RedisClient, type WebhookQueue } from '@tickets/queue'
import { pruneWebhookHistory, relayOutbox } from '@tickets/webhooks'
import { withDeadline } from '@tickets/http'
import type { WorkerConfig } from './config.js'
import type { createWorkerMetrics } from './metrics.js'
import { createDeliveryProcessor, webhookBackoff } from './processors/deliver-webhook.js'

/** Rows the relay takes per round; a full round looks again at once. */
const RELAY_BATCH = 500
/** The longest a quiet relay waits between looks (rounds that find nothing back off up to this). */
const IDLE_RELAY_MAX_MS = 1_000
/** How often old messages and delivery logs are pruned. */
const PRUNE_EVERY_MS = 10 * 60 * 1000

export interface WebhookDeps {
  config: WorkerConfig
  knex: Knex
  /** BullMQ's connection. */
  redis: RedisClient
  /** The fail-fast connection: live status notices are advice, never worth waiting for. */
  stockRedis: RedisClient
  metrics: ReturnType<typeof createWorkerMetrics>
  log: Logger
}

/**
 * The outbox relay and the webhook deliveries. The relay polls the outbox every OUTBOX_RELAY_MS
 * (at once again after a full round), adds a delivery job per message and subscribed endpoint, and
 * publishes the ids of the bookings it saw on the booking-changes channel (the gateways' live
 * status streams). Every worker process runs one; they share the rows (SKIP LOCKED).
 */
export async function startWebhooks({ config, knex, redis, stockRedis, metrics, log }: WebhookDeps): Promise<{ worker: Worker; queue: WebhookQueue; close: () => Promise<void> }> {
  const queue = createWebhookQueue(redis, config.REDIS_PREFIX)
  queue.on('error', (err) => log.warn({ err: err.message }, 'webhook queue error'))
  const channel = bookingChangesChannel(config.REDIS_PREFIX)

  const worker = new Worker(QUEUES.webhooks, createDeliveryProcessor(knex, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE }, metrics.webhookDelivery), {
    connection: redis,
    prefix: webhookQueueRef(config.REDIS_PREFIX).prefix,
    concurrency: config.WEBHOOK_CONCURRENCY,
    // An attempt waits up to 15 s for its receiver: the lock outlives it comfortably.
    lockDuration: 60_000,
    settings: { backoffStrategy: webhookBackoff },
  })
  worker.on('error', (err) => log.error({ err }, 'webhook worker error'))
  worker.on('failed', (job, err) => log.info({ job_id: job?.id, attempts: job?.attemptsMade, err: err.message, final: Boolean(job?.finishedOn) }, 'webhook delivery failed'))

  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  let lastPrune = 0

  const round = async (): Promise<number> => {
    const { rows, bookingIds } = await relayOutbox(
      knex,
      async (jobs) => {
        await queue.addBulk(jobs.map(({ jobId, ...data }) => ({ name: JOBS.deliver, data, opts: { jobId } })))
      },
      { limit: RELAY_BATCH },
    )
    if (rows > 0) metrics.relayed(rows)
    if (bookingIds.length > 0) await stockRedis.publish(channel, JSON.stringify(bookingIds)).catch((err: Error) => log.warn({ err: err.message }, 'could not publish booking changes'))
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now()
      await pruneWebhookHistory(knex).catch((err: Error) => log.warn({ err: err.message }, 'could not prune webhook history'))
    }
    return rows
  }

  // Quiet rounds back off (each waits twice the last, up to a second): an idle relay looking 5
  // times a second was about 0.4 % of a core, most of an idle worker's cost. The first change
  // after a quiet spell goes out within a second; under load every round finds rows and the
  // relay looks every OUTBOX_RELAY_MS.
  let delay = config.OUTBOX_RELAY_MS
  const tick = () => {
    running = round()
      .catch((err: Error) => {
        log.warn({ err: err.message }, 'outbox relay round failed; trying again')
        return 0
      })
      .then((rows) => {
        delay = rows > 0 ? config.OUTBOX_RELAY_MS : Math.min(Math.max(config.OUTBOX_RELAY_MS, IDLE_RELAY_MAX_MS), delay * 2)
        if (!stopped) timer = setTimeout(tick, rows >= RELAY_BATCH ? 0 : delay)
      })
  }
  tick()

  return {
    worker,
    queue,
    close: async () => {
      stopped = true
      clearTimeout(timer)
      await running
      await withDeadline(worker.close(), 5_000).catch((err: Error) => log.warn({ err: err.message }, 'webhook worker did not close in time; going on'))
      await withDeadline(queue.close(), 2_000).catch(() => undefined)
    },
  }
}

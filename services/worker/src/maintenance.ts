import { Worker, UnrecoverableError, type Job } from 'bullmq'
import type { Logger } from 'pino'
import Value from 'typebox/value'
import { ExpireJob, JOBS, QUEUES } from '@tickets/contracts'
import { auditStock } from '@tickets/booking'
import type { Knex } from '@tickets/db'
import { expiryQueueRef, type ExpiryQueue, type RedisClient, type SoldOutRecords } from '@tickets/queue'
import type { WorkerConfig } from './config.js'
import type { createWorkerMetrics } from './metrics.js'
import { processExpire, processSweep } from './processors/expire.js'

export interface MaintenanceDeps {
  config: WorkerConfig
  knex: Knex
  redis: RedisClient
  expiryQueue: ExpiryQueue
  soldOut: SoldOutRecords
  metrics: ReturnType<typeof createWorkerMetrics>
  log: Logger
}

/**
 * The maintenance consumer, on the `booking-expiry` queue: each job name has its handler and,
 * for the periodic ones, its scheduler (one for all worker replicas: upserting the same id is
 * idempotent).
 * - `sweep` (every EXPIRY_SWEEP_SECONDS): expires the holds whose time is up;
 * - `audit` (every STOCK_AUDIT_SECONDS, 0: off): checks the stock invariant of recently active
 *   events and logs every drift (the auditor never changes stock itself);
 * - `expire`: one hold, as earlier versions scheduled it per hold (still drained after an upgrade).
 */
export async function startMaintenance({ config, knex, redis, expiryQueue, soldOut, metrics, log }: MaintenanceDeps): Promise<Worker> {
  const handlers: Record<string, (job: Job) => Promise<unknown>> = {
    [JOBS.sweep]: async () => {
      const expired = await processSweep(knex, soldOut)
      if (expired > 0) log.info({ expired }, 'sweep expired holds')
      return { expired }
    },
    [JOBS.audit]: async () => {
      const audit = await auditStock(knex, new Date(Date.now() - (2 * config.STOCK_AUDIT_SECONDS + 60) * 1000))
      metrics.audited(audit)
      for (const drift of audit.drifted) {
        const where = drift.category_id ? `category ${drift.category_id} of event ${drift.event_id}` : `event ${drift.event_id}`
        log.error(drift, `stock drift on ${where}: available ${drift.available} + held ${drift.held} != total ${drift.total}`)
      }
      return { checked: audit.checked, drifted: audit.drifted.length }
    },
    [JOBS.expire]: async (job) => {
      if (!Value.Check(ExpireJob, job.data)) throw new UnrecoverableError('invalid expire job')
      return { expired: await processExpire((job.data as ExpireJob).booking_id, knex, soldOut) }
    },
  }

  const worker = new Worker(
    QUEUES.expiry,
    async (job) => {
      const handler = handlers[job.name]
      if (!handler) throw new UnrecoverableError(`unknown maintenance job ${job.name}`)
      return handler(job)
    },
    { connection: redis, prefix: expiryQueueRef(config.REDIS_PREFIX).prefix, concurrency: 4 },
  )
  worker.on('error', (err) => log.error({ err }, 'expiry worker error'))

  await expiryQueue.upsertJobScheduler('expiry-sweep', { every: config.EXPIRY_SWEEP_SECONDS * 1000 }, { name: JOBS.sweep, data: {} })
  if (config.STOCK_AUDIT_SECONDS > 0) {
    await expiryQueue.upsertJobScheduler('stock-audit', { every: config.STOCK_AUDIT_SECONDS * 1000 }, { name: JOBS.audit, data: {} })
  } else {
    await expiryQueue.removeJobScheduler('stock-audit')
  }
  return worker
}

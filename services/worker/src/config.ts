import Type, { type Static } from 'typebox'
import { bookingQueueEnv, offerEnv, webhookEnv, commonEnv, loadConfig, redisSafetyEnv, internalHostEnv } from '@tickets/config'

export const WorkerEnv = Type.Object({
  ...commonEnv,
  ...internalHostEnv,
  ...redisSafetyEnv,
  ...bookingQueueEnv,
  ...offerEnv,
  ...webhookEnv,
  /**
   * How often the outbox relay looks for new rows while it finds some (a full round looks again
   * at once): webhooks and live status streams hear of a change about this late. Rounds that find
   * nothing back off, doubling up to once a second, so the first change after a quiet spell waits
   * up to a second.
   */
  OUTBOX_RELAY_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 200 }),
  /** Webhook deliveries this process makes at once (each waits up to 15 s for its receiver). */
  WEBHOOK_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
  /**
   * Booking jobs (a gateway's bundle of requests, or one alone) this process holds at once. Most
   * of them are parked waiting for their event's batch, so it must be well above BATCH_MAX for
   * batches to fill by size under load.
   */
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
  /** Group commit: up to this many booking requests, of one event or many, decided in one transaction. 1 turns batching off. */
  BATCH_MAX: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  /**
   * Batches committed at once by this process: events are spread over this many lanes by a hash
   * of their id, each lane with one batch in flight (the next forms meanwhile). One batch holds
   * the jobs of every event of its lane, so a sale of many events shares statements and commits.
   */
  BATCH_LANES: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
  /** How long a batch waits for more jobs after its first one, unless it fills first. */
  BATCH_WAIT_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 2 }),
  /**
   * BullMQ job lock: renewed every half of it while a job runs (parked ones included). After a
   * crash, the jobs a worker held are handed to another worker once the lock has run out and the
   * next stalled-job check (every WORKER_STALLED_INTERVAL_MS) has seen it: at most 10 + 5 s with
   * these defaults (BullMQ's own, 30 + 30 s, left a crashed worker's bookings queued a minute).
   * A healthy worker renews every 5 s; only an event loop blocked that long would lose a lock.
   */
  WORKER_LOCK_DURATION_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 10_000 }),
  /** How often a worker looks for stalled jobs: a crashed worker's jobs run again once their lock ran out and this check saw it (about 15 s with the defaults; BullMQ's own, 30 s + 30 s, made it a minute). */
  WORKER_STALLED_INTERVAL_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 5_000 }),
  /**
   * Worker processes divide the booking queue shards among themselves (each event's bookings then
   * reach one worker, in full batches): each one's heartbeat in Redis every fifth of this, and a
   * worker silent this long (crashed) has its shards taken over by the others.
   */
  WORKER_SHARD_LEASE_MS: Type.Integer({ minimum: 500, maximum: 600_000, default: 5_000 }),
  /** How long "sold out" stays recorded in Redis unless tickets come back first (a lost clear heals after this). */
  SOLD_OUT_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 300, default: 5 }),
  /** How long a pending booking holds its tickets before it expires. */
  HOLD_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600, default: 900 }),
  /** Port of the worker's /health and /metrics endpoints (it serves no API). */
  METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3003 }),
  /**
   * How often the stock auditor checks, for every event with activity in the last
   * 2 x STOCK_AUDIT_SECONDS + 60 s, that available + held == total (read only; 0 turns it off).
   */
  STOCK_AUDIT_SECONDS: Type.Integer({ minimum: 0, maximum: 86_400, default: 60 }),
  /**
   * How often the sweep expires pending holds past expires_at (one indexed query, then one
   * transaction per event with holds due): a hold ends at most this long after its expires_at.
   */
  EXPIRY_SWEEP_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 5 }),
})
export type WorkerConfig = Static<typeof WorkerEnv>

export function loadWorkerConfig(env?: Record<string, string | undefined>): WorkerConfig {
  return loadConfig(WorkerEnv, env)
}

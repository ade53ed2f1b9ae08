import Type, { type Static } from 'typebox'
import { commonEnv, loadConfig } from '@tickets/config'

export const WorkerEnv = Type.Object({
  ...commonEnv,
  /** Jobs processed at once by this process; each holds one database connection while it runs. */
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 8 }),
  /** How long a pending booking holds its tickets before it expires. */
  HOLD_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600, default: 900 }),
  /** Port of the worker's /health and /metrics endpoints (it serves no API). */
  METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3003 }),
  /** Start even when Redis may evict keys (maxmemory-policy other than noeviction). Development only. */
  REDIS_ALLOW_EVICTION: Type.Boolean({ default: false }),
  /** How often the sweep looks for pending holds past expires_at whose delayed expiry job was lost. */
  EXPIRY_SWEEP_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
})
export type WorkerConfig = Static<typeof WorkerEnv>

export function loadWorkerConfig(env?: Record<string, string | undefined>): WorkerConfig {
  return loadConfig(WorkerEnv, env)
}

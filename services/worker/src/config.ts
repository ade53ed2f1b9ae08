import Type, { type Static } from 'typebox'
import { commonEnv, loadConfig } from '@tickets/config'

export const WorkerEnv = Type.Object({
  ...commonEnv,
  /** Jobs processed at once by this process; each holds one database connection while it runs. */
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 8 }),
  /** How long a pending booking holds its tickets before it expires. */
  HOLD_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600, default: 900 }),
})
export type WorkerConfig = Static<typeof WorkerEnv>

export function loadWorkerConfig(env?: Record<string, string | undefined>): WorkerConfig {
  return loadConfig(WorkerEnv, env)
}

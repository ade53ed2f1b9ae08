import { createBaseApp, healthPlugin, type BuildOptions } from '@tickets/http'
import { metricsPlugin } from '@tickets/metrics'
import { pingRedis } from '@tickets/queue'
import type { WorkerConfig } from './config.js'
import type { WorkerRuntime } from './worker.js'

/**
 * The worker serves no API, but operators need the same /health/live, /health/ready and
 * /metrics as every other service: readiness means MySQL and Redis answer and the booking
 * worker reads the booking queue shards assigned to it.
 */
export async function buildOpsApp(config: WorkerConfig, runtime: WorkerRuntime, options: BuildOptions = {}) {
  const app = createBaseApp(config, options)
  await app.register(metricsPlugin, { registry: runtime.registry })
  await app.register(healthPlugin, {
    checks: {
      mysql: () => runtime.knex.raw('SELECT 1'),
      redis: () => pingRedis(runtime.redis),
      worker: async () => {
        if (!runtime.consuming()) throw new Error('booking worker is not reading its booking queues')
      },
    },
  })
  return app
}

import type { FastifyServerOptions } from 'fastify'
import { createKnex } from '@tickets/db'
import { createBaseApp, healthPlugin, knexPlugin } from '@tickets/http'
import type { GatewayConfig } from './config.js'
import { redisPlugin } from './plugins/redis.js'

export async function buildApp(config: GatewayConfig, overrides: Partial<FastifyServerOptions> = {}) {
  const app = createBaseApp(config, overrides)

  await app.register(knexPlugin, { knex: createKnex(config.MYSQL_URL) })
  await app.register(redisPlugin, { url: config.REDIS_URL })
  await app.register(healthPlugin, {
    checks: {
      mysql: () => app.knex.raw('SELECT 1'),
      redis: () => app.redis.ping(),
    },
  })

  return app
}

import type { FastifyServerOptions } from 'fastify'
import { createKnex } from '@tickets/db'
import { createBaseApp, healthPlugin, knexPlugin } from '@tickets/http'
import type { EventServiceConfig } from './config.js'

export async function buildApp(config: EventServiceConfig, overrides: Partial<FastifyServerOptions> = {}) {
  const app = createBaseApp(config, overrides)

  await app.register(knexPlugin, { knex: createKnex(config.MYSQL_URL) })
  await app.register(healthPlugin, { checks: { mysql: () => app.knex.raw('SELECT 1') } })

  return app
}

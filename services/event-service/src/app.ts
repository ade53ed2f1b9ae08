import { createKnex } from '@tickets/db'
import { createBaseApp, type BuildOptions, healthPlugin, knexPlugin } from '@tickets/http'
import type { EventServiceConfig } from './config.js'

export async function buildApp(config: EventServiceConfig, options: BuildOptions = {}) {
  const app = createBaseApp(config, options)

  await app.register(knexPlugin, { knex: createKnex(config.MYSQL_URL) })
  await app.register(healthPlugin, { checks: { mysql: () => app.knex.raw('SELECT 1') } })

  return app
}

import { createKnex } from '@tickets/db'
import { authPlugin, createBaseApp, healthPlugin, knexPlugin, type BuildOptions } from '@tickets/http'
import type { EventServiceConfig } from './config.js'
import { createEventsRepository } from './events-repository.js'
import { eventRoutes } from './routes/events.js'

export async function buildApp(config: EventServiceConfig, options: BuildOptions = {}) {
  const app = createBaseApp(config, options)

  await app.register(knexPlugin, { knex: createKnex(config.MYSQL_URL) })
  await app.register(healthPlugin, { checks: { mysql: () => app.knex.raw('SELECT 1') } })
  // Verifies tokens itself (defence in depth); never signs.
  await app.register(authPlugin, { secret: config.JWT_SECRET })
  await app.register(eventRoutes, { events: createEventsRepository(app.knex) })

  return app
}

import { offerPolicyOf } from '@tickets/config'
import { createMetricsRegistry, metricsPlugin, registerDependencyGauges, registerWaitlistGauges } from '@tickets/metrics'
import { waitlistFigures } from '@tickets/booking'
import { createKnexFromConfig } from '@tickets/db'
import { authPlugin, createAccountLookup, createBaseApp, healthPlugin, knexPlugin, type BuildOptions } from '@tickets/http'
import { createSoldOutRecords, redisPlugin } from '@tickets/queue'
import type { EventServiceConfig } from './config.js'
import { createEventsRepository } from './events-repository.js'
import { categoryRoutes } from './routes/categories.js'
import { eventRoutes } from './routes/events.js'
import { waitlistRoutes } from './routes/waitlist.js'

export async function buildApp(config: EventServiceConfig, options: BuildOptions = {}) {
  const app = createBaseApp(config, options)
  // Request durations by route and Node.js runtime metrics, like every service (GET /metrics).
  const registry = createMetricsRegistry('event-service')
  await app.register(metricsPlugin, { registry })

  await app.register(knexPlugin, { knex: createKnexFromConfig(config, app.log) })
  await app.register(healthPlugin, { checks: { mysql: () => app.knex.raw('SELECT 1') } })
  // Verifies tokens itself (defence in depth); never signs.
  await app.register(authPlugin, { secret: config.JWT_SECRET, accounts: createAccountLookup(app.knex, { cacheMs: config.ACCOUNT_CACHE_MS }) })
  // Only for the sold-out records (advice to the gateway): readiness does not depend on Redis.
  await app.register(redisPlugin, { target: config, connectionName: 'event-service' })
  registerDependencyGauges(registry, { knex: app.knex, redis: { 'event-service': app.redis } })
  registerWaitlistGauges(registry, () => waitlistFigures(app.knex))
  const stock = createSoldOutRecords(app.redis, config.REDIS_PREFIX, {
    onError: (error, what) => app.log.warn({ err: (error as Error).message }, `sold-out record: could not ${what}`),
    offers: offerPolicyOf(config),
  })
  const events = createEventsRepository(app.knex)
  await app.register(eventRoutes, { events, stock, shards: config.BOOKING_QUEUE_SHARDS })
  await app.register(categoryRoutes, { events, stock })
  await app.register(waitlistRoutes, { stock, maxEntriesPerUser: config.WAITLIST_MAX_ENTRIES_PER_USER })

  return app
}

import { offerPolicyOf } from '@tickets/config'
import { createKnexFromConfig } from '@tickets/db'
import { bookingChangesChannel, bookingCounterKeys, createBookingBundler, createSoldOutRecords, queuedByEventKey, pingRedis, redisPlugin } from '@tickets/queue'
import { authPlugin, createAccountLookup, createBaseApp, healthPlugin, knexPlugin, withDeadline, type BuildOptions } from '@tickets/http'
import { createMetricsRegistry, metricsPlugin, registerDependencyGauges, registerOldestWaitingGauge, registerQueueGauge } from '@tickets/metrics'
import type { GatewayConfig } from './config.js'
import { createBookingsRepository } from './bookings/bookings-repository.js'
import { createIdempotencyStore } from './bookings/idempotency.js'
import { createBookingIntake } from './bookings/intake.js'
import { createCategoryDirectory } from './bookings/category-directory.js'
import { createQueueMonitor } from './bookings/queue-monitor.js'
import { createSoldOutCheck } from './bookings/sold-out-check.js'
import { bookingQueuePlugin } from './plugins/booking-queue.js'
import { rateLimitPlugin } from './plugins/rate-limit.js'
import { upstreamsPlugin, type Call } from './plugins/upstreams.js'
import { bullBoardPlugin } from './plugins/bull-board.js'
import { openapiPlugin } from './plugins/openapi.js'
import { parseOrigins, parseTrustProxy, securityPlugin } from './plugins/security.js'
import { createIntakeMetrics } from './bookings/intake-metrics.js'
import { authRoutes } from './routes/auth.js'
import { bookingLifecycleRoutes } from './routes/booking-lifecycle.js'
import { bookingRoutes } from './routes/bookings.js'
import { eventRoutes } from './routes/events.js'
import { waitlistRoutes } from './routes/waitlist.js'
import { userRoutes } from './routes/users.js'
import { bookingEventsRoutes } from './routes/booking-events.js'
import { eventStatsRoutes } from './routes/event-stats.js'
import { webhookRoutes } from './routes/webhooks.js'
import { createBookingChanges } from './bookings/booking-changes.js'
import { createBookingView } from './bookings/booking-view.js'
import { createQueuedCounter } from './bookings/queued-counter.js'

export async function buildApp(config: GatewayConfig, options: BuildOptions = {}) {
  const trustProxy = parseTrustProxy(config.TRUST_PROXY)
  const app = createBaseApp(config, { ...options, ...(trustProxy === undefined ? {} : { trustProxy }) })
  const registry = createMetricsRegistry('gateway')

  await app.register(securityPlugin, { corsOrigins: parseOrigins(config.CORS_ORIGINS) })
  await app.register(metricsPlugin, { registry })
  // Before any route: it collects their schemas as they are added.
  await app.register(openapiPlugin)
  await app.register(knexPlugin, { knex: createKnexFromConfig(config, app.log) })
  await app.register(redisPlugin, { target: config, connectionName: 'gateway' })
  // Verifies tokens only; user-service is the one that signs them.
  await app.register(authPlugin, { secret: config.JWT_SECRET, accounts: createAccountLookup(app.knex, { cacheMs: config.ACCOUNT_CACHE_MS }) })
  await app.register(rateLimitPlugin, { prefix: config.REDIS_PREFIX })
  await app.register(bookingQueuePlugin, { target: config, prefix: config.REDIS_PREFIX, shards: config, safety: config })
  await app.register(upstreamsPlugin, {
    users: config.USER_SERVICE_URL,
    events: config.EVENT_SERVICE_URL,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
  })
  await app.register(healthPlugin, {
    checks: {
      mysql: () => app.knex.raw('SELECT 1'),
      redis: () => pingRedis(app.redis),
      // Ready only when the services it routes to are: a gateway that would answer 503 to every
      // user or event call should not get traffic.
      'user-service': () => upstreamReady(app.upstreams.call.users),
      'event-service': () => upstreamReady(app.upstreams.call.events),
    },
  })
  registerQueueGauge(registry, [...app.bookingShards.all, app.expiryQueue])
  registerOldestWaitingGauge(registry, [...app.bookingShards.all, app.expiryQueue])
  registerDependencyGauges(registry, { knex: app.knex, redis: { gateway: app.redis } })

  await app.register(authRoutes, {
    loginRateLimit: { max: config.LOGIN_RATE_LIMIT_MAX, windowSeconds: config.LOGIN_RATE_LIMIT_WINDOW_SECONDS },
    registrationRateLimit: { max: config.REGISTRATION_RATE_LIMIT_MAX, windowSeconds: config.REGISTRATION_RATE_LIMIT_WINDOW_SECONDS },
  })
  await app.register(userRoutes)
  await app.register(eventRoutes)
  await app.register(waitlistRoutes)

  const bookings = createBookingsRepository(app.knex)
  const soldOut = createSoldOutRecords(app.redis, config.REDIS_PREFIX, {
    onError: (error, what) => app.log.warn({ err: (error as Error).message }, `sold-out record: could not ${what}`),
    offers: offerPolicyOf(config),
  })
  const sequenceKey = bookingCounterKeys(config.REDIS_PREFIX).accepted
  // The number only feeds the queue position clients see: without it (its key's Redis, or
  // cluster master, not answering) the bookings are still accepted if their shard is up.
  const intakeMetrics = createIntakeMetrics(registry)
  const bundler = createBookingBundler({
    shards: app.bookingShards,
    nextSequence: (count) => withDeadline(app.redis.incrby(sequenceKey, count)),
    within: (work) => withDeadline(work, config.QUEUE_ADD_TIMEOUT_MS),
    busyHoldMs: config.BOOKING_BUNDLE_HOLD_MS,
    onAdded: intakeMetrics.jobAdded,
  })
  const monitor = createQueueMonitor(app.redis, app.bookingShards, config.REDIS_PREFIX, { requestsPerJob: bundler.requestsPerJob })
  app.addHook('onReady', () => monitor.start())
  app.addHook('onClose', () => monitor.stop())
  const queued = createQueuedCounter(app.redis, queuedByEventKey(config.REDIS_PREFIX))
  app.addHook('onClose', () => queued.flush())
  const intake = createBookingIntake({
    shards: app.bookingShards,
    bundler,
    idempotency: createIdempotencyStore(app.redis, config.REDIS_PREFIX),
    isSoldOut: createSoldOutCheck(soldOut, { notSoldOutMs: config.SOLD_OUT_CHECK_CACHE_MS }),
    categories: createCategoryDirectory(app.knex),
    monitor,
    maxQueued: config.MAX_QUEUED_BOOKINGS,
    countQueued: queued.add,
    bookings,
    log: app.log,
  })
  const view = createBookingView({ bookings, shards: app.bookingShards, monitor })
  await app.register(bookingRoutes, {
    intake,
    bookings,
    view,
    rateLimit: { max: config.BOOKING_RATE_LIMIT_MAX, windowSeconds: config.BOOKING_RATE_LIMIT_WINDOW_SECONDS },
    waits: { perUser: config.MAX_WAITS_PER_USER, total: config.MAX_WAITS_TOTAL },
    metrics: intakeMetrics,
  })
  const changesChannel = bookingChangesChannel(config.REDIS_PREFIX)
  await app.register(bookingLifecycleRoutes, {
    bookings,
    stock: soldOut,
    // Streams hear of this gateway's own changes at once; the outbox relay tells them too, later.
    changed: (id) => void app.redis.publish(changesChannel, JSON.stringify([id])).catch(() => undefined),
  })
  const changes = createBookingChanges({ target: config, prefix: config.REDIS_PREFIX, log: app.log })
  app.addHook('onClose', () => changes.close())
  await app.register(bookingEventsRoutes, { view, changes, streams: { perUser: config.MAX_STREAMS_PER_USER, total: config.MAX_STREAMS_TOTAL } })
  await app.register(eventStatsRoutes, { redisPrefix: config.REDIS_PREFIX })
  await app.register(webhookRoutes, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE })

  await app.register(bullBoardPlugin, {
    queues: [...app.bookingShards.all, app.expiryQueue, app.webhookQueue],
    redisPrefix: config.REDIS_PREFIX,
    maxFailures: config.LOGIN_RATE_LIMIT_MAX,
    windowSeconds: config.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
    readOnly: config.BULL_BOARD_READ_ONLY,
  })

  return app
}

async function upstreamReady(call: Call) {
  const { statusCode } = await call({ method: 'GET', path: '/health/ready' })
  if (statusCode !== 200) throw new Error(`upstream readiness answered ${statusCode}`)
}

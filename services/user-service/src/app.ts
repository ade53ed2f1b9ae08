import { createMetricsRegistry, metricsPlugin, registerDependencyGauges } from '@tickets/metrics'
import { createKnexFromConfig } from '@tickets/db'
import { authPlugin, createBaseApp, healthPlugin, knexPlugin, type BuildOptions } from '@tickets/http'
import { bootstrapAdmin } from './bootstrap-admin.js'
import type { UserServiceConfig } from './config.js'
import { createLoginFailures } from './login-failures.js'
import { createPasswordHasher } from './passwords.js'
import { actorPlugin } from './plugins/actor.js'
import { authRoutes } from './routes/auth.js'
import { userRoutes } from './routes/users.js'
import { createUsersRepository } from './users-repository.js'

export async function buildApp(config: UserServiceConfig, options: BuildOptions = {}) {
  const app = createBaseApp(config, options)
  // Request durations by route and Node.js runtime metrics, like every service (GET /metrics).
  const registry = createMetricsRegistry('user-service')
  await app.register(metricsPlugin, { registry })

  await app.register(knexPlugin, { knex: createKnexFromConfig(config, app.log) })
  registerDependencyGauges(registry, { knex: app.knex })
  await app.register(healthPlugin, { checks: { mysql: () => app.knex.raw('SELECT 1') } })
  // The one service that signs tokens.
  await app.register(authPlugin, { secret: config.JWT_SECRET, signExpiresInSeconds: config.JWT_EXPIRES_IN })

  const users = createUsersRepository(app.knex)
  const passwords = createPasswordHasher(config.BCRYPT_COST)
  await app.register(actorPlugin, { users })
  const loginFailures = createLoginFailures({ max: config.ACCOUNT_LOGIN_FAILURES_MAX, windowSeconds: config.ACCOUNT_LOGIN_FAILURES_WINDOW_SECONDS })
  await app.register(authRoutes, { users, passwords, loginFailures })
  await app.register(userRoutes, { users, passwords })

  // If MySQL is down at start the service still starts (and reports not ready); the bootstrap
  // is retried until it succeeds.
  let retry: NodeJS.Timeout | undefined
  const bootstrap = async () => {
    try {
      await bootstrapAdmin(users, passwords, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }, app.log)
    } catch (error) {
      app.log.error({ err: error }, 'administrator bootstrap failed; retrying in 5 s')
      retry = setTimeout(bootstrap, 5_000)
    }
  }
  app.addHook('onReady', bootstrap)
  app.addHook('onClose', async () => clearTimeout(retry))

  return app
}

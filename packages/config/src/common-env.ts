import Type, { type Static } from 'typebox'

/**
 * Development defaults point at a local MariaDB (root over the unix socket) and Redis,
 * so `pnpm start` works on a fresh machine like the CI one; production sets every URL.
 */
export const commonEnv = {
  /**
   * Fails closed: unset means production (strong secrets required, development defaults refused).
   * `pnpm start` / `pnpm dev` set development and the tests set test when the environment does not say.
   */
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')], {
    default: 'production',
  }),
  /** pino level (`silent` turns logs off; `debug` logs every request). */
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  /** `pretty` for people at a terminal (pnpm start sets it); `json` for log shippers. */
  LOG_FORMAT: Type.Union([Type.Literal('json'), Type.Literal('pretty')], { default: 'json' }),
  /**
   * Request logging: one line per request costs about a third of the gateway's booking intake, so
   * at `info` only errors (5xx), requests slower than LOG_SLOW_REQUEST_MS and a sample are logged;
   * at `debug` every request is.
   */
  LOG_SLOW_REQUEST_MS: Type.Integer({ minimum: 1, maximum: 600_000, default: 1000 }),
  /** Share of ordinary requests logged at info (0 = none, 1 = all). */
  LOG_REQUEST_SAMPLE_RATE: Type.Number({ minimum: 0, maximum: 1, default: 0.01 }),
  /** MySQL 8 / MariaDB 10.6+; `?socketPath=` connects through a unix socket. */
  MYSQL_URL: Type.String({
    pattern: '^mysql://',
    default: 'mysql://root@localhost/tickets?socketPath=%2Frun%2Fmysqld%2Fmysqld.sock',
  }),
  /** MySQL connections of this process (the worker commits batches of different events in parallel up to this). */
  DB_POOL_MAX: Type.Integer({ minimum: 2, maximum: 200, default: 10 }),
  /**
   * How long a query waits for a pool connection before the request answers 503: well below a
   * client's timeout, so an exhausted pool or a MySQL that does not answer fails fast and visibly
   * instead of piling requests up.
   */
  DB_ACQUIRE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 2_000 }),
  /** A single Redis; on a cluster its user, password and rediss:// (TLS) apply to every node. */
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
  /**
   * A Redis Cluster's seed nodes (`host:port,host:port`): every Redis client of the service becomes
   * a cluster client. Empty: the single Redis at REDIS_URL.
   */
  REDIS_CLUSTER_NODES: Type.String({ pattern: '^([^,:\\s]+:\\d+(,[^,:\\s]+:\\d+)*)?$', default: '' }),
  /** Every Redis key the platform writes (queues, rate limits, idempotency claims) starts with this. */
  REDIS_PREFIX: Type.String({ pattern: '^[A-Za-z0-9_.-]+$', default: 'tickets' }),
}

export const commonEnvSchema = Type.Object(commonEnv)
export type CommonConfig = Static<typeof commonEnvSchema>

/**
 * The address a service listens on. Internal services (user-service, event-service, the worker's
 * health/metrics port) listen on loopback only unless told otherwise (docker-compose sets
 * 0.0.0.0 on its private network): nothing but the gateway should reach them, and a direct call
 * would skip the gateway's rate limits.
 */
export const internalHostEnv = {
  /** The address a service listens on: loopback for internal services (docker-compose sets `0.0.0.0` on its private network), all interfaces for the gateway. */
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
}
export const publicHostEnv = {
  /** The address a service listens on: loopback for internal services (docker-compose sets `0.0.0.0` on its private network), all interfaces for the gateway. */
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
}

/** The services that hold accepted bookings in Redis (gateway, worker) check it will keep them. */
export const redisSafetyEnv = {
  /** Start even when Redis may evict keys (maxmemory-policy other than noeviction). Development only. */
  REDIS_ALLOW_EVICTION: Type.Boolean({ default: false }),
  /** Start with NODE_ENV=production on a Redis without AOF persistence (a throwaway environment only). */
  REDIS_ALLOW_VOLATILE: Type.Boolean({ default: false }),
}

/** The booking queue's shards (gateway and worker must agree; see @tickets/queue booking-shards.ts). */
export const bookingQueueEnv = {
  /** Queues the booking requests are spread over by hash(event_id); one per Redis Cluster master or so. */
  BOOKING_QUEUE_SHARDS: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
  /** Earlier BOOKING_QUEUE_SHARDS values whose queues may still hold jobs, comma separated (see docs/scaling.md). */
  BOOKING_QUEUE_PREVIOUS_SHARDS: Type.String({ pattern: '^([1-9][0-9]?(,[1-9][0-9]?)*)?$', default: '' }),
}

/**
 * What every service that can give tickets back (gateway: cancel and delete; worker: expiry;
 * event-service: a raised capacity) needs to offer them to the waiting list the same way.
 */
export const offerEnv = {
  /**
   * Unpaid held (pending) tickets one account may have across all events; past it a request is
   * rejected HOLD_LIMIT_EXCEEDED (and a waiting-list offer ends the entry instead). Stops one fresh
   * account from holding a whole sale unpaid (renewing at every expiry). 0 turns the cap off.
   */
  MAX_HELD_TICKETS_PER_USER: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 20 }),
  /** How long a waiting-list offer (a pending booking made for the next in line) holds its tickets before it passes to the next. */
  WAITLIST_OFFER_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600, default: 900 }),
}

/** Webhooks: the gateway checks targets at registration, the worker again before every delivery. */
export const webhookEnv = {
  /**
   * Allow webhook targets on private, loopback and link-local addresses, and plain http (tests,
   * on-premises receivers). Off: https to public addresses only.
   */
  WEBHOOK_ALLOW_PRIVATE: Type.Boolean({ default: false }),
}

/** The offer policy of @tickets/booking from a service's configuration. */
export const offerPolicyOf = (config: { MAX_HELD_TICKETS_PER_USER: number; WAITLIST_OFFER_TTL_SECONDS: number }) => ({
  offerTtlSeconds: config.WAITLIST_OFFER_TTL_SECONDS,
  maxHeldPerUser: config.MAX_HELD_TICKETS_PER_USER,
})

/** Only for NODE_ENV=development/test; production refuses anything under 32 characters. */
export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-0123456789'

export const jwtEnv = {
  /** The HS256 secret every service verifies tokens with (user-service also signs); in production it must be set and at least 32 characters. */
  JWT_SECRET: Type.String({ minLength: 1, default: DEV_JWT_SECRET }),
  /** Token lifetime in seconds. */
  JWT_EXPIRES_IN: Type.Integer({ minimum: 60, maximum: 7 * 24 * 3600, default: 3600 }),
  /**
   * How long a service trusts what it read of the account behind a token (exists, role, token
   * version): the longest a deleted account, a demoted admin or a revoked token keeps working.
   */
  ACCOUNT_CACHE_MS: Type.Integer({ minimum: 0, maximum: 10_000, default: 2_000 }),
}

/** Development-only administrator; production must set its own password. */
export const DEV_ADMIN_PASSWORD = 'admin-password-change-me'

export const adminEnv = {
  /** user-service: the administrator made sure of at every start (created, or promoted, with ADMIN_PASSWORD). */
  ADMIN_EMAIL: Type.String({ format: 'email', default: 'admin@example.com' }),
  /** user-service: that administrator's password (8..72 bytes); the development default is refused in production. */
  ADMIN_PASSWORD: Type.String({ minLength: 8, maxLength: 72, default: DEV_ADMIN_PASSWORD }),
}

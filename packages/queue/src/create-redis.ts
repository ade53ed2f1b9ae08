import { Redis } from 'ioredis'

export type { Redis }

/**
 * - `producer`: HTTP request paths. Commands fail at once while Redis is down
 *   (`enableOfflineQueue: false`), so the gateway can answer 503 instead of hanging.
 * - `worker`: BullMQ workers and QueueEvents block on Redis and must retry forever
 *   (`maxRetriesPerRequest: null`, as BullMQ requires).
 */
export type RedisRole = 'producer' | 'worker'

export function createRedis(url: string, role: RedisRole, connectionName?: string): Redis {
  return new Redis(url, {
    connectionName,
    lazyConnect: false,
    ...(role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1_000 }
      : { maxRetriesPerRequest: null, enableReadyCheck: false }),
    // Reconnect quickly and keep trying: Redis coming back must not need a restart.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  })
}

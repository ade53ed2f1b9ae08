import { serversOf, type Redis, type RedisClient } from './create-redis.js'

/** A Redis the platform refuses to run on: the message is one line that names the fix. */
export class UnsafeRedisError extends Error {
  override name = 'UnsafeRedisError'
}

/** The settings that decide (NODE_ENV: a volatile Redis is refused only in production). */
export interface RedisSafetyConfig {
  NODE_ENV: string
  REDIS_ALLOW_EVICTION: boolean
  REDIS_ALLOW_VOLATILE: boolean
}

export interface RedisDurability {
  evictionPolicy: string
  aof: boolean
  /** `everysec`, `always`, `no`, or `unknown` where CONFIG is disabled (managed Redis). */
  appendfsync: string
}

/**
 * A 202 means "your booking request is safe in Redis". That holds only if Redis keeps it:
 * - never evicts keys (maxmemory-policy noeviction), or BullMQ jobs, locks and idempotency claims
 *   vanish silently under memory pressure; refused everywhere unless REDIS_ALLOW_EVICTION;
 * - writes them to its append-only file, or a Redis restart loses every queued booking (measured:
 *   639 of 882 accepted bookings gone); refused in production unless REDIS_ALLOW_VOLATILE.
 * INFO works where CONFIG GET is disabled (most managed offerings); appendfsync is only reported.
 */
export async function checkRedisDurability(
  client: RedisClient,
  config: RedisSafetyConfig,
  log: { warn(details: object, message: string): void },
): Promise<RedisDurability> {
  // On a cluster every node (replicas too: one is promoted when its master fails) must keep jobs.
  const servers = serversOf(client)
  if (servers.length === 0) throw new Error('no Redis Cluster node is connected')
  const each = await Promise.all(servers.map(inspect))
  const named = (server: Redis) => (servers.length > 1 ? `Redis node ${server.options.host}:${server.options.port}` : 'Redis')
  const evicting = each.findIndex((d) => d.evictionPolicy !== 'noeviction')
  if (evicting !== -1 && !config.REDIS_ALLOW_EVICTION) {
    throw new UnsafeRedisError(
      `${named(servers[evicting]!)} maxmemory-policy is "${each[evicting]!.evictionPolicy}"; it must be "noeviction" or accepted bookings can be lost. ` +
        'Fix: redis-server --maxmemory-policy noeviction (or CONFIG SET maxmemory-policy noeviction). ' +
        'For development only, REDIS_ALLOW_EVICTION=true starts anyway.',
    )
  }
  const volatile = each.findIndex((d) => !d.aof)
  if (volatile !== -1 && config.NODE_ENV === 'production' && !config.REDIS_ALLOW_VOLATILE) {
    throw new UnsafeRedisError(
      `${named(servers[volatile]!)} has AOF persistence off (appendonly no): a Redis restart would lose every booking accepted but not yet decided. ` +
        'Fix: redis-server --appendonly yes --appendfsync everysec (or CONFIG SET appendonly yes). ' +
        'For a throwaway environment only, REDIS_ALLOW_VOLATILE=true starts anyway.',
    )
  }
  // Reported as the weakest node's: the one that decides what a failure can lose.
  const durability = each[evicting !== -1 ? evicting : volatile !== -1 ? volatile : 0]!
  // Allowed by an override (or outside production): said once at start, where operators look.
  if (evicting !== -1) log.warn(durability, 'Redis may evict keys: accepted bookings can be lost (REDIS_ALLOW_EVICTION=true)')
  if (volatile !== -1 && config.NODE_ENV === 'production') log.warn(durability, 'Redis persists nothing: a Redis restart loses queued bookings (REDIS_ALLOW_VOLATILE=true)')
  return durability
}

async function inspect(server: Redis): Promise<RedisDurability> {
  const [memory, persistence] = await Promise.all([server.info('memory'), server.info('persistence')])
  const evictionPolicy = /^maxmemory_policy:(\S+)/m.exec(memory)?.[1] ?? 'unknown'
  const aof = /^aof_enabled:1\b/m.test(persistence)
  const appendfsync = aof ? await server.config('GET', 'appendfsync').then((reply) => String((reply as string[])[1] ?? 'unknown'), () => 'unknown') : 'no'
  return { evictionPolicy, aof, appendfsync }
}

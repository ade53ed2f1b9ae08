import type { Redis } from '@tickets/queue'

export class EvictingRedisError extends Error {}

/**
 * BullMQ keeps jobs, locks and idempotency claims in Redis: a Redis that evicts keys under memory
 * pressure would silently drop accepted bookings. Refuse to run on one unless told it is a
 * development box. INFO works where CONFIG GET is disabled (most managed Redis offerings).
 */
export async function checkEvictionPolicy(redis: Redis, allowEviction: boolean): Promise<string> {
  const info = await redis.info('memory')
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? 'unknown'
  if (policy !== 'noeviction' && !allowEviction) {
    throw new EvictingRedisError(
      `Redis maxmemory-policy is "${policy}"; it must be "noeviction" or accepted bookings can be lost. ` +
        'Fix: redis-server --maxmemory-policy noeviction (or CONFIG SET maxmemory-policy noeviction). ' +
        'For development only, REDIS_ALLOW_EVICTION=true starts anyway.',
    )
  }
  return policy
}

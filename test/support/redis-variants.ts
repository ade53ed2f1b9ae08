import { afterAll, beforeAll } from 'vitest'
import { createBookingShards, createRedis, isCluster, type BookingQueue, type RedisClient } from '@tickets/queue'
import { startRedisCluster, type RedisCluster } from '@tickets/testing/redis-server'

/**
 * The Redis set-ups the end-to-end tests run against: this run's single Redis (the environment
 * as it is), and a real 3-master Redis Cluster started for the file with the booking queue in 3
 * shards, one per master.
 */
export const REDIS_VARIANTS = [
  { name: 'a single Redis', cluster: false },
  { name: 'a 3-master Redis Cluster with 3 queue shards', cluster: true },
] as const

export type RedisVariant = (typeof REDIS_VARIANTS)[number]

/**
 * Starts the variant's cluster before the enclosing describe's tests and removes it after them;
 * `env()` is what to add to a service's environment (nothing for the single Redis).
 */
export function useRedisVariant(variant: RedisVariant): { env: () => Record<string, string> } {
  let cluster: RedisCluster | undefined
  beforeAll(async () => {
    if (variant.cluster) cluster = await startRedisCluster()
  }, 60_000)
  afterAll(async () => {
    await cluster?.remove()
  })
  return {
    env: (): Record<string, string> => (cluster ? { REDIS_CLUSTER_NODES: cluster.nodes, BOOKING_QUEUE_SHARDS: '3' } : {}),
  }
}

/** KEYS on every master: on a cluster, KEYS alone asks one node. */
export async function keysEverywhere(redis: RedisClient, pattern: string): Promise<string[]> {
  const servers = isCluster(redis) ? redis.nodes('master') : [redis]
  return (await Promise.all(servers.map((server) => server.keys(pattern)))).flat()
}

/** Per shard of a running stack's booking queue: the requests of its completed jobs (how many, and their events), and the cluster node (host:port) holding its keys. */
export async function completedPerShard(env: Record<string, string>) {
  const redis = createRedis({ REDIS_URL: env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: env.REDIS_CLUSTER_NODES ?? '' }, 'producer', 'test-shards')
  redis.on('error', () => {})
  await new Promise((resolve) => redis.once('ready', resolve))
  const shards = createBookingShards(redis, env.REDIS_PREFIX!, { BOOKING_QUEUE_SHARDS: Number(env.BOOKING_QUEUE_SHARDS ?? 1), BOOKING_QUEUE_PREVIOUS_SHARDS: '' })
  try {
    return await Promise.all(
      shards.all.map(async (queue) => {
        // Requests, not jobs: a job holds a bundle of them (or one alone).
        const requests = (await queue.getCompleted(0, -1)).flatMap((job) => ('bookings' in job.data ? job.data.bookings : [job.data]))
        return { queue: queue.name, completed: requests.length, events: requests.map((request) => request.event_id), node: await masterAddressOf(redis, queue) }
      }),
    )
  } finally {
    await shards.close()
    redis.disconnect()
  }
}

/** The master (host:port) holding a queue's keys on a cluster, as the cluster's slot map says; `single` otherwise. */
export async function masterAddressOf(redis: RedisClient, queue: BookingQueue): Promise<string> {
  if (!isCluster(redis)) return 'single'
  const slot = Number(await redis.cluster('KEYSLOT', `${queue.opts.prefix}:${queue.name}:wait`))
  const owner = (await redis.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to)?.[2]
  if (!owner) throw new Error(`no master owns slot ${slot}`)
  return `${owner[0]}:${owner[1]}`
}

import { Cluster, Redis } from 'ioredis'

export { Cluster, Redis }

/** One Redis, or a Redis Cluster (REDIS_CLUSTER_NODES): every command the platform sends works on both. */
export type RedisClient = Redis | Cluster

/** Where Redis is: `REDIS_CLUSTER_NODES` (host:port, comma separated) wins over `REDIS_URL` when set. */
export interface RedisTarget {
  REDIS_URL: string
  REDIS_CLUSTER_NODES: string
}

/**
 * - `producer`: HTTP request paths. Commands fail at once while Redis is down
 *   (`enableOfflineQueue: false`), so the gateway can answer 503 instead of hanging.
 * - `worker`: BullMQ workers and QueueEvents block on Redis and must retry forever
 *   (`maxRetriesPerRequest: null`, as BullMQ requires).
 */
export type RedisRole = 'producer' | 'worker'

/** Reconnect quickly and keep trying: Redis coming back must not need a restart. */
const retryStrategy = (attempt: number) => Math.min(attempt * 100, 2_000)

export function parseClusterNodes(list: string): Array<{ host: string; port: number }> {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^(.+):(\d+)$/.exec(entry)
      if (!match) throw new Error(`REDIS_CLUSTER_NODES entry "${entry}" is not host:port`)
      return { host: match[1]!, port: Number(match[2]) }
    })
}

/**
 * Auto-pipelining (ioredis): every command issued in one turn of the event loop goes out in one
 * write, through a Pipeline object built for that turn. Order and atomicity are unchanged: one
 * connection, commands in order, each script atomic. It pays where a turn issues many commands
 * and costs where it issues few: the Pipeline copies every Lua script the connection has defined,
 * and BullMQ defines 64. Client + Redis CPU per command, auto-pipelined with 64 scripts / not
 * (`pnpm bench --redis-client`): 146 / 64 us at 1 command a turn, 52 / 23 at 3, 25 / 15 at 10,
 * 12 / 14 at 30, 9 / 13 at 100. So it is on for producers (the request paths,
 * many commands a turn under load; the gateway's own connection carries only the platform's
 * few scripts) and off for BullMQ's connections, whose commands come a few a turn since jobs
 * are bundles: the worker's (a take, a completion) and the gateway's queue connection (an add
 * per bundle). Off for connections that block (stream reads), where it buys nothing.
 */
export interface CreateRedisOptions {
  autoPipelining?: boolean
}

export function createRedis(target: RedisTarget, role: RedisRole, connectionName?: string, { autoPipelining = role === 'producer' }: CreateRedisOptions = {}): RedisClient {
  const producer = role === 'producer'
  const offlineQueue = producer ? { enableOfflineQueue: false } : {}
  const pipelining = { enableAutoPipelining: autoPipelining }
  const perConnection = producer ? { maxRetriesPerRequest: 1, connectTimeout: 1_000 } : { maxRetriesPerRequest: null, enableReadyCheck: false }
  if (!target.REDIS_CLUSTER_NODES) {
    return new Redis(target.REDIS_URL, { connectionName, lazyConnect: false, ...pipelining, ...offlineQueue, ...perConnection, retryStrategy })
  }

  // Credentials and TLS of REDIS_URL apply to every node of the cluster.
  const url = new URL(target.REDIS_URL)
  return new Cluster(parseClusterNodes(target.REDIS_CLUSTER_NODES), {
    clusterRetryStrategy: retryStrategy,
    ...pipelining,
    ...offlineQueue,
    // Writes and reads go to the master of the slot: a replica may lag behind a job's state.
    scaleReads: 'master',
    redisOptions: {
      connectionName,
      ...perConnection,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  })
}

export const isCluster = (client: RedisClient): client is Cluster => (client as Cluster).isCluster === true

/**
 * The servers behind a client: itself, or every node of a cluster (masters and replicas), for
 * checks that must hold on each server (persistence, eviction, readiness).
 */
export function serversOf(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('all') : [client]
}

/** Readiness: a single Redis answers PING; a cluster answers on every master and says its state is ok. */
export async function pingRedis(client: RedisClient): Promise<void> {
  if (!isCluster(client)) {
    await client.ping()
    return
  }
  // First: it waits for the slot map where the client may queue commands (the worker's).
  const info = (await client.cluster('INFO')) as string
  if (!/^cluster_state:ok/m.test(info)) throw new Error('Redis Cluster state is not ok')
  const masters = client.nodes('master')
  if (masters.length === 0) throw new Error('no Redis Cluster master is connected')
  await Promise.all(masters.map((node) => node.ping()))
}

/**
 * Resolves once the connection is ready (at once if it is already), rejects after `timeoutMs`.
 * For a connection that does not queue commands (a producer's, `enableOfflineQueue: false`) whose
 * first command at startup must not fail: a Redis Cluster client is ready only once it has read
 * the slot map and connected, which on a busy machine came after a worker's first shard heartbeat
 * and failed its start ("Cluster isn't ready and enableOfflineQueue options is false").
 */
export function whenReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    const ready = () => {
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(() => {
      client.off('ready', ready)
      reject(new Error(`Redis connection not ready after ${timeoutMs} ms (${client.status})`))
    }, timeoutMs)
    client.once('ready', ready)
  })
}

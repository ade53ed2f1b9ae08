import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { createSoldOutRecords } from '@tickets/queue'
import { createRedis, shardOf } from '@tickets/queue'
import { startRedisCluster, type RedisCluster, type RedisServer } from '@tickets/testing/redis-server'
import { loadWorkerConfig } from '@tickets/worker/config'
import { buildOpsApp } from '@tickets/worker/ops-app'
import { createApi } from './support/api.js'
import { startPlatform, type Platform } from './support/platform.js'
import { masterAddressOf } from './support/redis-variants.js'

/** The server that is the master of a booking queue shard's keys. */
async function masterOf(cluster: RedisCluster, platform: Platform, shard: number): Promise<RedisServer> {
  const address = await masterAddressOf(platform.gateway.redis, platform.gateway.bookingShards.all[shard]!)
  const server = cluster.servers.find((candidate) => `127.0.0.1:${candidate.port}` === address)
  if (!server) throw new Error(`no server at ${address}`)
  return server
}

/** True once every other master's view of the cluster has `crashed` flagged `fail` (not only `fail?`). */
async function markedFailed(cluster: RedisCluster, crashed: RedisServer): Promise<boolean> {
  const views = await Promise.all(
    cluster.servers
      .filter((server) => server !== crashed)
      .map(async (server) => {
        const probe = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: 1 })
        try {
          return (await probe.cluster('NODES')) as string
        } finally {
          probe.disconnect()
        }
      }),
  )
  return views.every((nodes) => nodes.split('\n').some((line) => line.includes(`:${crashed.port}@`) && /[ ,]fail[ ,]/.test(line)))
}

/** A new event whose bookings go to `shard` of 3 (events are made until one hashes there). */
async function eventOnShard(api: ReturnType<typeof createApi>, admin: string, shard: number): Promise<string> {
  for (;;) {
    const res = await api.call('POST', '/api/events', {
      token: admin,
      body: { name: 'Shard', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 5, total_tickets: 10 },
    })
    if (shardOf(res.body.data.id, 3) === shard) return res.body.data.id as string
  }
}

/**
 * One master of a 3-master Redis Cluster (no replicas) SIGKILLed and started again (AOF
 * everysec), with the booking queue in 3 shards: the shard on that master is unavailable
 * meanwhile, loudly (503, readiness), and everything is back without restarting anything.
 */
describe('a Redis Cluster master that crashes and comes back', { timeout: 240_000 }, () => {
  let cluster: RedisCluster
  beforeAll(async () => {
    cluster = await startRedisCluster({ appendfsync: 'everysec' })
  }, 60_000)
  afterAll(() => cluster.remove())


  it('keeps sold-out records working: an event\'s two keys share a slot, so their scripts run (no CROSSSLOT)', async () => {
    const redis = createRedis({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: cluster.nodes }, 'producer', 'test-sold-out')
    await new Promise((resolve) => redis.once('ready', resolve))
    const errors: unknown[] = []
    const records = createSoldOutRecords(redis, `cluster-${randomUUID().slice(0, 8)}`, { onError: (error) => errors.push(error) })
    try {
      for (const event of Array.from({ length: 5 }, () => randomUUID())) {
        const category = randomUUID()
        await records.markSoldOut(event, [category], (await records.epoch(event))!)
        expect(await records.soldOutCategories(event)).toEqual(new Set([category]))
        await records.restocked(event)
        expect(await records.soldOutCategories(event)).toEqual(new Set())
      }
      expect(errors).toEqual([])
    } finally {
      redis.disconnect()
    }
  })

  it('answers 503 for its shard while it is down, then takes and decides bookings again; the worker is unready meanwhile', async () => {
    const platform = await startPlatform({ REDIS_CLUSTER_NODES: cluster.nodes, BOOKING_QUEUE_SHARDS: '3' }, { worker: true })
    const ops = await buildOpsApp(loadWorkerConfig(platform.env), platform.worker!)
    const ready = async () => (await ops.inject({ method: 'GET', url: '/health/ready' })).statusCode
    const api = createApi(platform.gateway)
    const admin = await api.login(platform.admin.email, platform.admin.password)
    const user = await api.register()
    // An event whose bookings go to shard 3, and one on another shard.
    const event = await eventOnShard(api, admin, 2)
    const elsewhere = await eventOnShard(api, admin, 0)
    const book = () => api.call('POST', '/api/bookings', { token: user.token, body: { event_id: event, quantity: 1 }, headers: { prefer: 'wait=10' } })
    const tryOther = () => api.call('POST', '/api/bookings', { token: user.token, body: { event_id: elsewhere, quantity: 1 } })

    try {
      expect((await book()).status).toBe(201)
      expect(await ready()).toBe(200)
      const master = await masterOf(cluster, platform, 2)
      await master.stop()

      const during = await book()
      expect(during.status).toBe(503)
      expect(during.body.code).toBe('QUEUE_UNAVAILABLE')
      // Another shard's event is still accepted, and decided (its row is written whichever
      // master holds the other keys the worker touches afterwards), also once the other masters
      // have marked the crashed one failed: with Redis's default cluster-require-full-coverage
      // every node would answer CLUSTERDOWN from then on (docs/scaling.md).
      await expect.poll(() => markedFailed(cluster, master), { timeout: 30_000, interval: 250 }).toBe(true)
      // Retried while the cluster client settles after the crash (a loaded machine answered the
      // first try 503 past the 1 s enqueue deadline). Without an Idempotency-Key on purpose: a
      // key's claim lives in a slot of its own, which may be on the crashed master.
      let other = await tryOther()
      await expect
        .poll(
          async () => {
            if (other.status === 503) other = await tryOther()
            return other.status
          },
          { timeout: 20_000, interval: 500 },
        )
        .toBe(202)
      await expect.poll(async () => (await platform.users.knex('bookings').where({ id: other.body.data.id }).first())?.status, { timeout: 20_000 }).toBe('pending')
      await expect.poll(ready, { timeout: 20_000, interval: 250 }).toBe(503)

      await master.start()
      await expect.poll(ready, { timeout: 30_000, interval: 250 }).toBe(200)
      // The same processes: the gateway accepts for that shard again and the worker decides.
      // Retried with one Idempotency-Key, as a client would: one booking however many tries.
      const again = () => api.call('POST', '/api/bookings', { token: user.token, body: { event_id: event, quantity: 1 }, headers: { 'idempotency-key': 'after-restart' } })
      // The id from the answer that said 202 (a later retry may still meet the cluster settling: 503).
      let id: string | undefined
      await expect
        .poll(
          async () => {
            const res = await again()
            if (res.status === 202) id = res.body.data.id
            return res.status
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(202)
      await expect.poll(async () => (await platform.users.knex('bookings').where({ id }).first())?.status, { timeout: 20_000 }).toBe('pending')
      expect(await platform.users.knex('bookings').where({ event_id: event, status: 'pending' }).count({ n: '*' })).toEqual([{ n: 2 }])
    } finally {
      await ops.close()
    }
  })
})

/**
 * The same crash on a cluster with a replica per master: Redis promotes the replica after
 * cluster-node-timeout, and the running gateway and worker follow the new slot map by themselves.
 */
describe('a Redis Cluster master that crashes, with a replica to take over', { timeout: 120_000 }, () => {
  let cluster: RedisCluster
  beforeAll(async () => {
    cluster = await startRedisCluster({ appendfsync: 'everysec', replicas: 1, nodeTimeoutMs: 2_000 })
  }, 60_000)
  afterAll(() => cluster.remove())

  it('keeps taking and deciding that shard\'s bookings once the replica is promoted, without restarting anything', async () => {
    const platform = await startPlatform({ REDIS_CLUSTER_NODES: cluster.nodes, BOOKING_QUEUE_SHARDS: '3' }, { worker: true })
    const ops = await buildOpsApp(loadWorkerConfig(platform.env), platform.worker!)
    const api = createApi(platform.gateway)
    const admin = await api.login(platform.admin.email, platform.admin.password)
    const user = await api.register()
    const event = await eventOnShard(api, admin, 2)
    const book = (key: string) => api.call('POST', '/api/bookings', { token: user.token, body: { event_id: event, quantity: 1 }, headers: { 'idempotency-key': key } })

    try {
      const before = await book('before')
      expect(before.status).toBe(202)
      const master = await masterOf(cluster, platform, 2)
      // The replica has what the master acknowledged (replication is asynchronous: see docs/scaling.md).
      const probe = new Redis(master.port, '127.0.0.1')
      await probe.call('WAIT', '1', '2000')
      probe.disconnect()
      await master.stop()

      // Promoted: a retried request (same key, one booking) is accepted again and decided.
      await expect.poll(async () => (await book('after')).status, { timeout: 30_000, interval: 500 }).toBe(202)
      const after = (await book('after')).body.data.id
      for (const id of [before.body.data.id, after]) {
        await expect.poll(async () => (await platform.users.knex('bookings').where({ id }).first())?.status, { timeout: 30_000 }).toBe('pending')
      }
      expect((await masterOf(cluster, platform, 2)).port).not.toBe(master.port)
      await expect.poll(async () => (await ops.inject({ method: 'GET', url: '/health/ready' })).statusCode, { timeout: 30_000, interval: 250 }).toBe(200)
    } finally {
      await ops.close()
    }
  })
})

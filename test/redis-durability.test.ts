import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { testEnv } from '@tickets/testing'
import { Redis } from 'ioredis'
import { startRedisCluster, startRedisServer, type RedisCluster, type RedisServer } from '@tickets/testing/redis-server'
import { startProcess, type RunningProcess } from '@tickets/testing/stack'
import { loadWorkerConfig } from '@tickets/worker/config'
import { startWorker } from '@tickets/worker/worker'
import { buildApp as buildGateway } from '@tickets/gateway/app'
import { loadGatewayConfig } from '@tickets/gateway/config'

const silent = pino({ level: 'silent' })
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'durability-test-secret-0123456789abcdef',
  ADMIN_PASSWORD: 'durability-test-admin-password',
}

/** The worker and the gateway both start (and are closed again) with this environment. */
async function bothStart(env: Record<string, string>) {
  const worker = await startWorker(loadWorkerConfig(env), silent)
  await worker.close()
  const gateway = await buildGateway(loadGatewayConfig(env))
  await gateway.ready()
  await gateway.close()
}

/** Starts a service as `pnpm start` does and returns its exit code and the message of its fatal line. */
async function refusal(entry: string, env: Record<string, string>) {
  const child: RunningProcess = startProcess(entry, entry, { ...testEnv(), METRICS_PORT: '0', PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env })
  const code = await new Promise((resolve) => child.child.once('exit', resolve))
  const fatal = child.output().split('\n').find((line) => line.includes('"level":60'))
  return { code, output: child.output(), message: fatal ? (JSON.parse(fatal).msg as string) : undefined }
}

describe('a Redis that may evict keys', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedisServer({ maxmemoryPolicy: 'allkeys-lru' })
  })
  afterAll(() => redis.remove())

  it('is refused by the worker and the gateway, naming the policy and the fix', async () => {
    const env = { ...testEnv(), REDIS_URL: redis.url }
    await expect(startWorker(loadWorkerConfig(env), silent)).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/s)
    const gateway = await buildGateway(loadGatewayConfig(env))
    await expect(gateway.ready()).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/s)
    await gateway.close()
  })

  it('is accepted with the development override', async () => {
    const worker = await startWorker(loadWorkerConfig({ ...testEnv(), REDIS_URL: redis.url, REDIS_ALLOW_EVICTION: 'true' }), silent)
    await worker.close()
  })

  it('stops the worker process with status 1 and a one-line reason', async () => {
    const { code, output, message } = await refusal('services/worker/src/main.ts', { REDIS_URL: redis.url })
    expect(code, output).toBe(1)
    expect(message, output).toMatch(/^Redis maxmemory-policy is "allkeys-lru"; it must be "noeviction"/)
  })
})

describe('a Redis without AOF persistence', () => {
  let volatile: RedisServer
  let durable: RedisServer
  beforeAll(async () => {
    ;[volatile, durable] = await Promise.all([startRedisServer(), startRedisServer({ appendfsync: 'everysec' })])
  })
  afterAll(async () => {
    await Promise.all([volatile.remove(), durable.remove()])
  })

  it.each([
    ['gateway', 'services/gateway/src/server.ts'],
    ['worker', 'services/worker/src/main.ts'],
  ])('is refused by the %s in production, in one line naming the fix', async (_name, entry) => {
    const { code, output, message } = await refusal(entry, { ...PRODUCTION, REDIS_URL: volatile.url })
    expect(code, output).toBe(1)
    expect(message, output).toMatch(/^Redis has AOF persistence off \(appendonly no\).*--appendonly yes.*REDIS_ALLOW_VOLATILE=true/)
    expect(message).not.toContain('\n')
  })

  it('is accepted in production with REDIS_ALLOW_VOLATILE=true (with a warning), and outside production', async () => {
    for (const env of [{ ...PRODUCTION, REDIS_ALLOW_VOLATILE: 'true' }, { NODE_ENV: 'development' }]) {
      await bothStart({ ...testEnv(), ...env, REDIS_URL: volatile.url })
    }
  })

  it('is not the case of a Redis with AOF on: production starts', async () => {
    await bothStart({ ...testEnv(), ...PRODUCTION, REDIS_URL: durable.url })
  })
})

describe('a Redis Cluster', () => {
  let cluster: RedisCluster
  beforeAll(async () => {
    cluster = await startRedisCluster({ appendfsync: 'everysec' })
  }, 60_000)
  afterAll(() => cluster.remove())

  it('is checked node by node: one master without AOF is refused in production, by name', async () => {
    const env = { ...testEnv(), ...PRODUCTION, REDIS_CLUSTER_NODES: cluster.nodes }
    await bothStart(env)

    const weak = cluster.servers[1]!
    const node = new Redis(weak.port, '127.0.0.1')
    try {
      await node.config('SET', 'appendonly', 'no')
      await expect(startWorker(loadWorkerConfig(env), silent)).rejects.toThrow(`Redis node 127.0.0.1:${weak.port} has AOF persistence off`)
      const gateway = await buildGateway(loadGatewayConfig(env))
      await expect(gateway.ready()).rejects.toThrow(`Redis node 127.0.0.1:${weak.port} has AOF persistence off`)
      await gateway.close()
    } finally {
      await node.config('SET', 'appendonly', 'yes')
      node.disconnect()
    }
  })
})

import { Writable } from 'node:stream'
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

/**
 * The worker and the gateway both start with this environment (each answers ready, then is closed
 * again); returns the warnings they logged, so a test can say which were and were not given.
 */
async function bothStart(env: Record<string, string>): Promise<string[]> {
  const lines: string[] = []
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  const worker = await startWorker(loadWorkerConfig(env), pino({ level: 'warn' }, capture))
  expect(worker.workers.every((w) => w.isRunning())).toBe(true)
  await worker.close()
  const gateway = await buildGateway(loadGatewayConfig({ ...env, LOG_LEVEL: 'warn' }), { logStream: capture })
  await gateway.ready()
  expect((await gateway.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
  await gateway.close()
  return lines.map((line) => (JSON.parse(line) as { msg: string }).msg)
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

  it('is accepted with the development override, with a warning from each service', async () => {
    const warnings = await bothStart({ ...testEnv(), REDIS_URL: redis.url, REDIS_ALLOW_EVICTION: 'true' })
    expect(warnings.filter((msg) => msg.startsWith('Redis may evict keys'))).toHaveLength(2)
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

  it('is accepted in production with REDIS_ALLOW_VOLATILE=true, with a warning from each service; outside production, silently', async () => {
    const production = await bothStart({ ...testEnv(), ...PRODUCTION, REDIS_ALLOW_VOLATILE: 'true', REDIS_URL: volatile.url })
    expect(production.filter((msg) => msg.startsWith('Redis persists nothing'))).toHaveLength(2)
    const development = await bothStart({ ...testEnv(), NODE_ENV: 'development', REDIS_URL: volatile.url })
    expect(development.filter((msg) => msg.startsWith('Redis'))).toEqual([])
  })

  it('is not the case of a Redis with AOF on: production starts, and warns of nothing', async () => {
    const warnings = await bothStart({ ...testEnv(), ...PRODUCTION, REDIS_URL: durable.url })
    expect(warnings.filter((msg) => msg.startsWith('Redis'))).toEqual([])
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

import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { testEnv } from '@tickets/testing'
import { loadWorkerConfig } from '@tickets/worker/config'
import { startWorker } from '@tickets/worker/worker'
import { startRedisServer } from './support/redis-server.js'

const silent = pino({ level: 'silent' })

describe('worker on a Redis that may evict keys', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>
  beforeAll(async () => {
    redis = await startRedisServer(undefined, { maxmemoryPolicy: 'allkeys-lru' })
  })
  afterAll(() => redis.stop())

  it('refuses to start, naming the policy and the fix', async () => {
    const config = loadWorkerConfig({ ...testEnv(), REDIS_URL: redis.url })
    await expect(startWorker(config, silent)).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/s)
  })

  it('starts when the override is set for development', async () => {
    const config = loadWorkerConfig({ ...testEnv(), REDIS_URL: redis.url, REDIS_ALLOW_EVICTION: 'true' })
    const worker = await startWorker(config, silent)
    await worker.close()
  })

  it('exits with status 1 and a one-line reason when started as a process', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/worker/src/main.ts'], {
      env: { ...process.env, ...testEnv(), REDIS_URL: redis.url, METRICS_PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code, output).toBe(1)
    const fatal = output.split('\n').find((line) => line.includes('"level":60'))
    expect(fatal, output).toBeDefined()
    expect(JSON.parse(fatal!).msg).toMatch(/^Redis maxmemory-policy is "allkeys-lru"; it must be "noeviction"/)
  })
})

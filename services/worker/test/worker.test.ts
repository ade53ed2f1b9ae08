import { describe, expect, it, vi } from 'vitest'
import { pino } from 'pino'
import { testEnv } from '@tickets/testing'
import { loadWorkerConfig } from '../src/config.js'
import { startWorker } from '../src/worker.js'

const silent = pino({ level: 'silent' })

describe('worker runtime', () => {
  it('connects to MySQL and Redis, then closes both', async () => {
    const worker = await startWorker(loadWorkerConfig(testEnv()), silent)
    expect(await worker.redis.ping()).toBe('PONG')
    await worker.knex.raw('SELECT 1')
    await worker.close()
    await vi.waitFor(() => expect(worker.redis.status).toBe('end'))
    await expect(worker.knex.raw('SELECT 1')).rejects.toThrow()
  })

  it('refuses to start when MySQL does not answer', async () => {
    const config = loadWorkerConfig({ ...testEnv(), MYSQL_URL: 'mysql://root@127.0.0.1:1/tickets' })
    await expect(startWorker(config, silent)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('reads its concurrency from the environment', () => {
    expect(loadWorkerConfig({ ...testEnv(), WORKER_CONCURRENCY: '3' }).WORKER_CONCURRENCY).toBe(3)
    expect(() => loadWorkerConfig({ ...testEnv(), WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY/)
  })
})

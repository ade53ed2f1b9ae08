import { describe, expect, inject, it, onTestFinished } from 'vitest'
import { createRedis, whenReady } from '../src/index.js'

const target = (url: string) => ({ REDIS_URL: url, REDIS_CLUSTER_NODES: '' })

describe('whenReady (a fail-fast connection before its first command at startup)', () => {
  it('waits for a connection that would refuse a command sent at once, and is then immediate', async () => {
    const early = createRedis(target(inject('redisUrl')), 'producer', 'when-ready-test-early')
    onTestFinished(() => early.disconnect())
    // What a worker's first shard heartbeat met: no offline queue, so a command before ready fails.
    await expect(early.ping()).rejects.toThrow(/enableOfflineQueue/)

    const redis = createRedis(target(inject('redisUrl')), 'producer', 'when-ready-test')
    onTestFinished(() => redis.disconnect())
    await whenReady(redis, 5_000)
    expect(await redis.ping()).toBe('PONG')
    await whenReady(redis, 1)
  })

  it('gives up after its time on a Redis that is not there', async () => {
    // Port 1: nothing listens, so the connection keeps retrying and is never ready.
    const absent = createRedis(target('redis://127.0.0.1:1'), 'producer', 'when-ready-test-absent')
    absent.on('error', () => undefined)
    onTestFinished(() => absent.disconnect())
    await expect(whenReady(absent, 300)).rejects.toThrow(/not ready after 300 ms/)
  })
})

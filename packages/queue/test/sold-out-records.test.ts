import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createSoldOutRecords } from '../src/index.js'

const redis = new Redis(inject('redisUrl'))
const prefix = `${inject('redisPrefix')}-sold-out`
afterAll(async () => {
  await redis.quit()
})

describe('sold-out records', () => {
  it('records a sell-out and forgets it on a restock', async () => {
    const records = createSoldOutRecords(redis, prefix)
    const event = randomUUID()
    expect(await records.isSoldOut(event)).toBe(false)
    await records.markSoldOut(event, await records.epoch(event))
    expect(await records.isSoldOut(event)).toBe(true)
    await records.restocked(event)
    expect(await records.isSoldOut(event)).toBe(false)
  })

  it('refuses a mark from a batch that read its epoch before a restock committed after it', async () => {
    const records = createSoldOutRecords(redis, prefix)
    const event = randomUUID()
    const epoch = await records.epoch(event) // the batch starts
    await records.restocked(event) // a cancellation commits (after the batch's commit) and clears
    await records.markSoldOut(event, epoch) // the batch's late mark
    expect(await records.isSoldOut(event)).toBe(false)
  })

  it('expires by itself, so a lost clear heals', async () => {
    const records = createSoldOutRecords(redis, prefix, { ttlSeconds: 1 })
    const event = randomUUID()
    await records.markSoldOut(event, await records.epoch(event))
    expect(await records.isSoldOut(event)).toBe(true)
    expect(await redis.ttl(`${prefix}:stock:{${event}}:sold-out`)).toBeGreaterThan(0)
    // Gone with nobody clearing it (Redis expires a key within its TTL, give or take a second).
    await expect.poll(() => records.isSoldOut(event), { timeout: 5_000, interval: 100 }).toBe(false)
  })

  it('never throws on a Redis that does not answer: it reports and does without', async () => {
    const dead = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null })
    const errors: string[] = []
    const records = createSoldOutRecords(dead, prefix, { onError: (_error, what) => errors.push(what) })
    const event = randomUUID()
    expect(await records.epoch(event)).toBeNull()
    await records.markSoldOut(event, '0')
    await records.restocked(event)
    expect(errors).toEqual(['read restock epoch', 'mark sold out', 'clear sold out'])
    await expect(records.isSoldOut(event)).rejects.toThrow()
    dead.disconnect()
  })
})

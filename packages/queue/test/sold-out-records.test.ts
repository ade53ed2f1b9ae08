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
  it('records sold-out categories of an event and forgets them all on a restock', async () => {
    const records = createSoldOutRecords(redis, prefix)
    const [event, vip, standing] = [randomUUID(), randomUUID(), randomUUID()]
    expect(await records.soldOutCategories(event)).toEqual(new Set())
    await records.markSoldOut(event, [vip], await records.epoch(event))
    await records.markSoldOut(event, [standing], await records.epoch(event))
    expect(await records.soldOutCategories(event)).toEqual(new Set([vip, standing]))
    await records.restocked(event)
    expect(await records.soldOutCategories(event)).toEqual(new Set())
  })

  it('refuses a mark from a batch that read its epoch before a restock committed after it', async () => {
    const records = createSoldOutRecords(redis, prefix)
    const [event, category] = [randomUUID(), randomUUID()]
    const epoch = await records.epoch(event) // the batch starts
    await records.restocked(event) // a cancellation commits (after the batch's commit) and clears
    await records.markSoldOut(event, [category], epoch) // the batch's late mark
    expect(await records.soldOutCategories(event)).toEqual(new Set())
  })

  it('expires by itself, so a lost clear heals', async () => {
    const records = createSoldOutRecords(redis, prefix, { ttlSeconds: 1 })
    const [event, category] = [randomUUID(), randomUUID()]
    await records.markSoldOut(event, [category], await records.epoch(event))
    expect((await records.soldOutCategories(event)).has(category)).toBe(true)
    expect(await redis.ttl(`${prefix}:stock:{${event}}:sold-out`)).toBeGreaterThan(0)
    // Gone with nobody clearing it (Redis expires a key within its TTL, give or take a second).
    await expect.poll(async () => (await records.soldOutCategories(event)).size, { timeout: 5_000, interval: 100 }).toBe(0)
  })

  it('never throws on a Redis that does not answer: it reports and does without', async () => {
    const dead = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null })
    const errors: string[] = []
    const records = createSoldOutRecords(dead, prefix, { onError: (_error, what) => errors.push(what) })
    const event = randomUUID()
    expect(await records.epoch(event)).toBeNull()
    await records.markSoldOut(event, [randomUUID()], '0')
    await records.restocked(event)
    expect(errors).toEqual(['read restock epoch', 'mark sold out', 'clear sold out'])
    await expect(records.soldOutCategories(event)).rejects.toThrow()
    dead.disconnect()
  })
})

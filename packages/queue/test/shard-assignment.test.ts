import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createShardAssignment, shardsOf } from '../src/index.js'

const redis = new Redis(inject('redisUrl'))
afterAll(async () => {
  await redis.quit()
})

describe('shardsOf', () => {
  it('gives every shard exactly one worker when there are at least as many shards as workers', () => {
    for (const [members, shards] of [[1, 1], [1, 4], [2, 4], [3, 4], [4, 4], [3, 12], [5, 7]] as const) {
      const owners = Array.from({ length: shards }, () => 0)
      for (let rank = 0; rank < members; rank++) for (const shard of shardsOf(rank, members, shards)) owners[shard]! += 1
      expect(owners, `${members} workers, ${shards} shards`).toEqual(Array.from({ length: shards }, () => 1))
      // And as evenly as whole shards allow.
      const loads = Array.from({ length: members }, (_, rank) => shardsOf(rank, members, shards).length)
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1)
    }
  })

  it('gives every worker a shard when there are more workers than shards (one queue: everyone reads it)', () => {
    expect(Array.from({ length: 4 }, (_, rank) => shardsOf(rank, 4, 1))).toEqual([[0], [0], [0], [0]])
    expect(Array.from({ length: 4 }, (_, rank) => shardsOf(rank, 4, 3))).toEqual([[0], [1], [2], [0]])
  })

  it('reads every shard when it does not know where it stands', () => {
    expect(shardsOf(-1, 2, 3)).toEqual([0, 1, 2])
  })
})

describe('shard assignment (a real Redis)', () => {
  const start = (prefix: string, workerId: string, seen: number[][], leaseMs = 1_000) => {
    const assignment = createShardAssignment({ redis, prefix, workerId, shards: 4, leaseMs, onChange: (owned) => void seen.push(owned) })
    return assignment.start().then(() => assignment)
  }

  it('divides the shards among the live workers, and hands a stopped worker’s shards to the rest at once', async () => {
    const prefix = `${inject('redisPrefix')}-shards-${randomUUID()}`
    const a: number[][] = []
    const b: number[][] = []
    const first = await start(prefix, 'a', a)
    expect(a).toEqual([[0, 1, 2, 3]])
    const second = await start(prefix, 'b', b)
    expect(b).toEqual([[1, 3]])
    // a hears of b on its next heartbeat (every leaseMs / 5).
    await expect.poll(() => a.at(-1), { timeout: 5_000, interval: 50 }).toEqual([0, 2])
    await second.stop()
    await expect.poll(() => a.at(-1), { timeout: 5_000, interval: 50 }).toEqual([0, 1, 2, 3])
    await first.stop()
    expect(await redis.exists(`${prefix}:booking-workers`)).toBe(0)
  })

  it('takes a silent (crashed) worker’s shards over once its lease has run out', async () => {
    const prefix = `${inject('redisPrefix')}-shards-${randomUUID()}`
    const seen: number[][] = []
    // A worker that wrote one heartbeat and died: nothing renews it.
    await redis.zadd(`${prefix}:booking-workers`, Number((await redis.time())[0]) * 1000, 'crashed')
    const survivor = await start(prefix, 'survivor', seen)
    expect(seen).toEqual([[1, 3]])
    await expect.poll(() => seen.at(-1), { timeout: 5_000, interval: 50 }).toEqual([0, 1, 2, 3])
    await survivor.stop()
  })
})

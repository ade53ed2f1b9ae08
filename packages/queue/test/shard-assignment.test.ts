import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createShardAssignment, shardsOf } from '../src/index.js'

const redis = new Redis(inject('redisUrl'))
afterAll(async () => {
  await redis.quit()
})

describe('shardsOf', () => {
  /** How many bookings each worker takes (its shards' shares, each split among the shard's readers), and each shard's readers. */
  const spread = (members: number, shards: number) => {
    const readers = Array.from({ length: shards }, () => 0)
    const held = Array.from({ length: members }, (_, rank) => shardsOf(rank, members, shards))
    for (const owned of held) for (const shard of owned) readers[shard]! += 1
    const loads = held.map((owned) => owned.reduce((sum, shard) => sum + 1 / shards / readers[shard]!, 0))
    return { readers, loads }
  }

  it('gives every worker the same share of the bookings, and every shard a reader', () => {
    for (let members = 1; members <= 8; members++) {
      for (let shards = 1; shards <= 12; shards++) {
        const { readers, loads } = spread(members, shards)
        expect(Math.min(...readers), `${members} workers, ${shards} shards`).toBeGreaterThan(0)
        for (const load of loads) expect(load, `${members} workers, ${shards} shards`).toBeCloseTo(1 / members, 9)
      }
    }
  })

  it('gives each shard the fewest readers that keeps the shares even (one where the workers divide the shards)', () => {
    expect(spread(4, 12).readers).toEqual(Array.from({ length: 12 }, () => 1))
    expect(Array.from({ length: 2 }, (_, rank) => shardsOf(rank, 2, 4))).toEqual([[0, 2], [1, 3]])
    // 4 workers over 6 shards: two groups of two, each group reading three shards.
    expect(Array.from({ length: 4 }, (_, rank) => shardsOf(rank, 4, 6))).toEqual([[0, 2, 4], [1, 3, 5], [0, 2, 4], [1, 3, 5]])
    // One queue: everyone reads it.
    expect(Array.from({ length: 4 }, (_, rank) => shardsOf(rank, 4, 1))).toEqual([[0], [0], [0], [0]])
  })

  it('has every worker read every shard when nothing divides (a 3-master cluster with 2 or 4 workers)', () => {
    // Exclusive shards left 2 workers over 3 shards at 2/3 and 1/3 of the bookings, 4 at 1/6-1/3.
    expect(Array.from({ length: 2 }, (_, rank) => shardsOf(rank, 2, 3))).toEqual([[0, 1, 2], [0, 1, 2]])
    expect(spread(4, 3).readers).toEqual([4, 4, 4])
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

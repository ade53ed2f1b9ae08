import calculateSlot from 'cluster-key-slot'
import { describe, expect, it } from 'vitest'
import { bookingQueueRef, bookingQueueRefs, eventIdOnShard, hashTagFor, leastLoadedShard, shardOf } from '../src/index.js'

describe('queue keys', () => {
  it('gives shard i of k a hash tag in the i-th k-th of the slot space', () => {
    for (const of of [1, 2, 3, 4, 8]) {
      for (let index = 0; index < of; index++) {
        const slot = calculateSlot(hashTagFor(`bookings-${index + 1}-of-${of}`, index, of))
        expect(slot).toBeGreaterThanOrEqual(Math.floor((index * 16384) / of))
        expect(slot).toBeLessThan(Math.floor(((index + 1) * 16384) / of))
      }
    }
  })

  it('puts every key of a queue in one slot: the prefix carries the tag', () => {
    const { name, prefix } = bookingQueueRef('tickets', 1, 3)
    expect(name).toBe('bookings-2-of-3')
    expect(calculateSlot(`${prefix}:${name}:wait`)).toBe(calculateSlot(`${prefix}:${name}:meta`))
    expect(bookingQueueRef('tickets')).toMatchObject({ name: 'bookings', prefix: 'tickets:{bookings}' })
  })

  it('routes an event to the same shard every time, and spreads events evenly', () => {
    expect(shardOf('0b7c5a52-1f7e-4d55-9a53-0e0d5b1e6f10', 3)).toBe(shardOf('0b7c5a52-1f7e-4d55-9a53-0e0d5b1e6f10', 3))
    expect(shardOf('anything', 1)).toBe(0)
    const counts = [0, 0, 0]
    for (let i = 0; i < 3000; i++) counts[shardOf(crypto.randomUUID(), 3)]!++
    for (const count of counts) expect(count).toBeGreaterThan(850)
  })

  it('reads the queues of earlier shard counts after the current ones, each once', () => {
    const names = bookingQueueRefs('t', { BOOKING_QUEUE_SHARDS: 2, BOOKING_QUEUE_PREVIOUS_SHARDS: '1,2,3' }).map((ref) => ref.name)
    expect(names).toEqual(['bookings-1-of-2', 'bookings-2-of-2', 'bookings', 'bookings-1-of-3', 'bookings-2-of-3', 'bookings-3-of-3'])
  })
})

describe('placing new events on shards', () => {
  it('picks the shard with the fewest upcoming events, the lowest on a tie', () => {
    expect(leastLoadedShard([], 4)).toBe(0)
    const ids = [eventIdOnShard(0, 4), eventIdOnShard(0, 4), eventIdOnShard(1, 4), eventIdOnShard(3, 4)]
    expect(leastLoadedShard(ids, 4)).toBe(2)
    expect(leastLoadedShard(ids, 1)).toBe(0)
  })

  it('draws an id on the shard asked for, for any shard count', () => {
    for (const shards of [1, 2, 3, 12, 64]) for (const shard of [0, shards - 1]) expect(shardOf(eventIdOnShard(shard, shards), shards)).toBe(shard)
    expect(() => eventIdOnShard(4, 4)).toThrow(RangeError)
  })

  it('spreads 20 events created one after the other evenly over 4 shards (hashing alone rarely does)', () => {
    const created: string[] = []
    for (let i = 0; i < 20; i++) created.push(eventIdOnShard(leastLoadedShard(created, 4), 4))
    expect([0, 1, 2, 3].map((shard) => created.filter((id) => shardOf(id, 4) === shard).length)).toEqual([5, 5, 5, 5])
  })
})

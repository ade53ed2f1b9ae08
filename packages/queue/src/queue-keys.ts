import { randomUUID } from 'node:crypto'
import calculateSlot from 'cluster-key-slot'

const SLOTS = 16_384

/**
 * A BullMQ queue's keys must share one hash slot on a Redis Cluster, so its prefix carries a hash
 * tag (`tickets:{bookings}`). The tag is chosen so that shard `index` of `of` lands in the
 * index-th equal part of the slot space: `redis-cli --cluster create` gives each master one such
 * part, so k shards on k masters (or a multiple of k) get one master each instead of whatever
 * CRC16 happens to pick. On a single Redis the tag is just part of the key name.
 */
export function hashTagFor(name: string, index = 0, of = 1): string {
  const from = Math.floor((index * SLOTS) / of)
  const to = Math.floor(((index + 1) * SLOTS) / of)
  for (let n = 0; ; n++) {
    const tag = n === 0 ? name : `${name}.${n}`
    const slot = calculateSlot(tag)
    if (slot >= from && slot < to) return tag
  }
}

/** The BullMQ prefix of a queue: the platform's prefix, then the queue's own hash tag. */
export const queuePrefix = (prefix: string, tag: string) => `${prefix}:{${tag}}`

/** FNV-1a: a stable, well spread hash of an event id, the same in every gateway and version. */
export function shardOf(eventId: string, shards: number): number {
  if (shards <= 1) return 0
  let hash = 0x811c9dc5
  for (let i = 0; i < eventId.length; i++) {
    hash ^= eventId.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % shards
}

/**
 * Where a new event's bookings should queue: the shard holding the fewest of `upcoming` (the ids
 * of events still to come), the lowest index on a tie. Hashing alone spreads 20 events over 4
 * shards as 8/5/4/3 as often as not, and since the workers divide the shards, the busiest shard's
 * worker then sets the pace of the whole sale (pnpm bench --scale).
 */
export function leastLoadedShard(upcoming: readonly string[], shards: number): number {
  const counts = Array.from({ length: Math.max(1, shards) }, () => 0)
  for (const id of upcoming) counts[shardOf(id, shards)]! += 1
  return counts.indexOf(Math.min(...counts))
}

/** A fresh random event id whose bookings go to `shard` of `shards` (about `shards` draws). */
export function eventIdOnShard(shard: number, shards: number, newId: () => string = randomUUID): string {
  if (!(shard >= 0 && shard < Math.max(1, shards))) throw new RangeError(`shard ${shard} is not one of ${shards}`)
  for (;;) {
    const id = newId()
    if (shardOf(id, shards) === shard) return id
  }
}

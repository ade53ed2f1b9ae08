import type { RedisClient } from './create-redis.js'

/**
 * Which booking queue shards a worker process consumes, so that each event's bookings mostly
 * reach one worker at a time.
 *
 * Group commit decides an event's jobs in batches under the event's row lock. When every worker
 * reads every shard, n workers each get 1/n of an event's jobs: smaller batches taking turns on
 * one row lock. So the live workers divide the shards among themselves, evenly:
 *
 * - each worker process writes a heartbeat into one sorted set (`<prefix>:booking-workers`,
 *   scored by the Redis server's clock, so the machines' clocks do not matter) every
 *   `leaseMs / 5`, and drops members silent for `leaseMs`;
 * - the live workers, sorted by id, are ranked 0..n-1; with k shards and n workers, the worker of
 *   rank r consumes the shards s with s mod g = r mod g, where g = gcd(n, k) (see shardsOf):
 *   every worker the same share of the bookings, and each shard read by the fewest workers that
 *   allows it (one when n divides k, every worker when k = 1, as before, and then no heartbeat
 *   is written);
 * - a worker that stops leaves the set at once; one that crashes drops out after `leaseMs`,
 *   and the others take its shards over (with them its stalled jobs: only a Worker running on a
 *   shard checks it for stalled jobs).
 *
 * Nothing here is needed for safety. While views of the membership differ (for one heartbeat), a
 * shard may be read by two workers, which is what happens without this (each batch is still its
 * own locked transaction), or by none, so its jobs wait that long. A worker that cannot reach
 * Redis keeps the shards it had.
 */
export interface ShardAssignmentOptions {
  redis: RedisClient
  prefix: string
  /** This process's id among the workers (unique per process). */
  workerId: string
  /** How many booking queue shards there are (BOOKING_QUEUE_SHARDS). */
  shards: number
  /** A worker silent this long has left; heartbeats go every fifth of it. */
  leaseMs: number
  /**
   * Called with the shard indexes (0-based) to consume whenever they change, and first with the
   * first answer, with the number of live workers (unknown with a single shard: see below).
   */
  onChange: (owned: number[], members: number | undefined) => void | Promise<void>
  onError?: (error: unknown) => void
}

/** Heartbeat, prune the silent, list the live: one script, one slot, the server's clock. */
const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZRANGE', KEYS[1], 0, -1)`

export const bookingWorkersKey = (prefix: string) => `${prefix}:booking-workers`

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))

/**
 * The shards (0-based) the worker of rank `rank` among `members` consumes, of `shards`: those s
 * with s mod g = rank mod g, g = gcd(members, shards). The workers fall into g groups of
 * members / g, each group reading shards / g of the shards together, so every worker takes the
 * same share of the bookings and every shard is read by members / g workers: by one when the
 * workers divide the shards (4 over 12: 3 each), by two when 4 workers read 6 shards (3 each),
 * by every worker when nothing divides (2 or 4 workers over a cluster's 3 shards).
 *
 * Why even rather than exclusive: a worker that holds more shards than the others sets the pace
 * of the whole on-sale. Until 2026-12-02 each shard had exactly one reader when k >= n (3 shards
 * over 2 workers: one worker decided two thirds of the bookings, so 2+2 could never decide more
 * than 1.5x what 1+1 did) and shard r mod k when k < n (4 workers over 3 shards: two shared a
 * shard while two held one alone, a ceiling of 3x). Sharing a shard costs little: on one Redis
 * every worker reads the one queue, and 4 workers did as well as four separate platforms
 * (docs/scaling.md, sixth run).
 */
export function shardsOf(rank: number, members: number, shards: number): number[] {
  const all = Array.from({ length: shards }, (_, s) => s)
  if (members <= 0 || rank < 0) return all
  const groups = gcd(members, shards)
  return all.filter((s) => s % groups === rank % groups)
}

export function createShardAssignment({ redis, prefix, workerId, shards, leaseMs, onChange, onError }: ShardAssignmentOptions) {
  // One shard: nothing to share out (every worker reads it), so no heartbeat at all.
  if (shards <= 1) return { start: async () => onChange([0], undefined), stop: async () => undefined }
  const key = bookingWorkersKey(prefix)
  let owned: string | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  const beat = async () => {
    const members = ((await redis.eval(HEARTBEAT, 1, key, workerId, String(leaseMs))) as string[]).slice().sort()
    const mine = shardsOf(members.indexOf(workerId), members.length, shards)
    if (stopped || owned === mine.join(',')) return
    owned = mine.join(',')
    await onChange(mine, members.length)
  }
  const loop = () => {
    timer = setTimeout(() => {
      beat()
        .catch((error: unknown) => onError?.(error))
        .finally(() => {
          if (!stopped) loop()
        })
    }, Math.max(50, Math.round(leaseMs / 5)))
    timer.unref()
  }

  return {
    /** The first heartbeat (its shards handed to onChange), then one every leaseMs / 5. */
    async start() {
      await beat()
      loop()
    },
    /** Leaves the set at once, so the others take this worker's shards over on their next heartbeat. */
    async stop() {
      stopped = true
      clearTimeout(timer)
      await redis.zrem(key, workerId)
    },
  }
}

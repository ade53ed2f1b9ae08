import { createHash } from 'node:crypto'
import type { RedisClient } from '@tickets/queue'

export interface Claim {
  booking_id: string
  fingerprint: string
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * What makes two requests "the same body": the event and the quantity, or the event and its lines
 * in any order. A `{quantity}` request keeps the fingerprint it had before lines existed.
 */
export function fingerprintOf(body: { event_id: string; quantity?: number; items?: ReadonlyArray<{ category_id: string; quantity: number }> }): string {
  if (!body.items) return sha256(`${body.event_id.toLowerCase()}:${body.quantity}`)
  const lines = body.items.map((line) => `${line.category_id}*${line.quantity}`).sort()
  return sha256(`${body.event_id.toLowerCase()}:items:${lines.join(',')}`)
}

/**
 * Idempotency keys are claimed atomically in Redis (SET NX with a TTL), so concurrent repeats of
 * one key agree on a single booking id before anything is queued. The database's
 * UNIQUE(user_id, idempotency_key) is the durable record once the worker has run; the caller
 * checks it when a claim has expired.
 */
export function createIdempotencyStore(redis: RedisClient, prefix: string, ttlSeconds = 24 * 3600) {
  // The key is hashed: clients choose it, and it may be up to 255 characters of anything.
  const keyOf = (userId: string, key: string) => `${prefix}:idempotency:${userId}:${sha256(key)}`

  return {
    /** Stores the claim and returns null, or returns the claim already held for this key. */
    async claim(userId: string, key: string, claim: Claim): Promise<Claim | null> {
      const redisKey = keyOf(userId, key)
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await redis.set(redisKey, JSON.stringify(claim), 'EX', ttlSeconds, 'NX')) return null
        const existing = await redis.get(redisKey)
        if (existing) return JSON.parse(existing) as Claim
        // It expired between SET and GET: try again.
      }
      throw new Error('could not claim idempotency key')
    },

    /** The claim held for this key, if any, without taking it. */
    async peek(userId: string, key: string): Promise<Claim | null> {
      const existing = await redis.get(keyOf(userId, key))
      return existing ? (JSON.parse(existing) as Claim) : null
    },

    /** Points the key at a booking found in the database (its claim had expired). */
    async replace(userId: string, key: string, claim: Claim): Promise<void> {
      await redis.set(keyOf(userId, key), JSON.stringify(claim), 'EX', ttlSeconds)
    },
  }
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>

import type { OfferPolicy, StockSignals } from '@tickets/booking'
import type { RedisClient } from './create-redis.js'

/**
 * Marks the categories (ARGV[3..]) only if no restock happened since `epoch` was read; the epoch
 * key outlives any batch. The TTL is the record's, renewed by each mark.
 */
const MARK = `if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
  for i = 3, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], '1') end
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`
const RESTOCK = `redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 86400)
return redis.call('DEL', KEYS[1])`

/** The Redis side of "sold out", behind the booking domain's StockSignals (see below). */
export interface SoldOutRecords extends StockSignals {
  /** Read before a transaction that may sell the event out; null when Redis did not answer. */
  epoch(eventId: string): Promise<string | null>
  /** After a commit that left these categories of the event with no tickets: records them, unless tickets came back since `epoch`. */
  markSoldOut(eventId: string, categoryIds: readonly string[], epoch: string | null): Promise<void>
  /** The event's categories a recent commit left with no tickets (empty: none). Throws when Redis does not answer. */
  soldOutCategories(eventId: string): Promise<Set<string>>
}

export interface SoldOutRecordsOptions {
  /** How long a record lives unless cleared first: a lost clear heals by itself after this. */
  ttlSeconds?: number
  /** Redis failures never fail a booking: the record is advice, the database decides. */
  onError?: (error: unknown, what: string) => void
  /** How this process offers returned tickets to the waiting list (see @tickets/booking waitlist.ts). */
  offers?: OfferPolicy
}

/**
 * "Sold out as of this commit", per ticket category, in Redis (one hash per event, a field per
 * category), so every gateway can answer 409 SOLD_OUT at once instead of queueing a request that
 * has no chance. The database stays the only authority:
 *
 * - only a commit that left a category with no tickets sets its field, and the record expires by
 *   itself after `ttlSeconds`, so a lost clear heals (the next batch sets it again if still sold out);
 * - every commit that gives tickets back to any category of the event clears the event's whole
 *   record afterwards, and bumps the event's restock epoch, so a mark from a batch that read its
 *   epoch before that restock is refused: a stale "sold out" can never outlive a cancellation;
 * - a request that slips past a fresh record is decided by the worker as always.
 *
 * Both keys of an event share a hash tag, so they live in one slot on a Redis Cluster.
 */
export function createSoldOutRecords(redis: RedisClient, prefix: string, { ttlSeconds = 5, onError = () => undefined, offers }: SoldOutRecordsOptions = {}): SoldOutRecords {
  const keys = (eventId: string) => [`${prefix}:stock:{${eventId}}:sold-out`, `${prefix}:stock:{${eventId}}:restock-epoch`] as const
  const quietly = async <T>(what: string, work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      onError(error, what)
      return fallback
    }
  }

  return {
    ...(offers ? { offers } : {}),
    /** Read before a transaction that may sell the event out; null when Redis did not answer. */
    epoch: (eventId: string): Promise<string | null> => quietly('read restock epoch', async () => (await redis.get(keys(eventId)[1])) ?? '0', null),

    /** After a commit that left these categories with no tickets: records them, unless tickets came back since `epoch`. */
    markSoldOut: (eventId: string, categoryIds: readonly string[], epoch: string | null): Promise<void> =>
      epoch === null || categoryIds.length === 0
        ? Promise.resolve()
        : quietly('mark sold out', async () => void (await redis.eval(MARK, 2, ...keys(eventId), epoch, ttlSeconds, ...categoryIds)), undefined),

    /** After a commit that gave tickets back (or removed the event): forgets the record. */
    restocked: (eventId: string): Promise<void> => quietly('clear sold out', async () => void (await redis.eval(RESTOCK, 2, ...keys(eventId))), undefined),

    /** The event's categories a recent commit left with no tickets. Throws when Redis does not answer. */
    soldOutCategories: async (eventId: string): Promise<Set<string>> => new Set(await redis.hkeys(keys(eventId)[0])),
  }
}



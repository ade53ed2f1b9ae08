import { LRUCache } from 'lru-cache'
import type { SoldOutRecords } from '@tickets/queue'

export interface SoldOutCheckOptions {
  /** How long "nothing of this event is sold out" is remembered (0: ask Redis every time). */
  notSoldOutMs: number
  /** Events remembered at most; the least recently asked goes first. */
  maxEvents?: number
  /** The clock the window is timed by (tests move it). */
  now?: () => number
}

/**
 * The intake's question "is one of these categories of the event known to be sold out?" (the first
 * one that is, or null), asked of Redis at most once per event every `notSoldOutMs` while nothing
 * of the event is sold out. Only that "no" is remembered: while any category of the event is sold
 * out, Redis is asked again for each request that comes after the last read was answered, so
 * tickets that come back (a clear of the record) are bookable at once. Remembering "no" only means
 * a request in the first `notSoldOutMs` after a sell-out is queued and refused by the worker
 * (SOLD_OUT, with a row), as before the fast path existed: the database decides either way.
 * During an on-sale of events with tickets left, that is one Redis call fewer per booking request.
 *
 * Requests for one event that arrive while a read of its record is on its way share that read:
 * after a sell-out, a hot event's refusals cost one Redis call per turn of the event loop rather
 * than one each. A request that joins is answered from a read sent at most one round trip before
 * it arrived (as if it had come that much earlier).
 */
export function createSoldOutCheck(records: Pick<SoldOutRecords, 'soldOutCategories'>, { notSoldOutMs, maxEvents = 10_000, now: clock = Date.now }: SoldOutCheckOptions) {
  const notSoldOutUntil = new LRUCache<string, number>({ max: maxEvents })
  const reading = new Map<string, Promise<Set<string>>>()
  const read = (eventId: string): Promise<Set<string>> => {
    const current = reading.get(eventId)
    if (current) return current
    const started = records.soldOutCategories(eventId).finally(() => {
      if (reading.get(eventId) === started) reading.delete(eventId)
    })
    reading.set(eventId, started)
    return started
  }
  return async (eventId: string, categoryIds: readonly string[]): Promise<string | null> => {
    if (categoryIds.length === 0) return null
    const now = clock()
    const until = notSoldOutUntil.get(eventId)
    if (until !== undefined && until > now) return null
    const soldOut = await read(eventId)
    notSoldOutUntil.delete(eventId)
    if (soldOut.size === 0 && notSoldOutMs > 0) notSoldOutUntil.set(eventId, now + notSoldOutMs)
    return categoryIds.find((id) => soldOut.has(id)) ?? null
  }
}

export type SoldOutCheck = ReturnType<typeof createSoldOutCheck>

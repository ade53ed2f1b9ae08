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
 * out, Redis is asked every time, so tickets that come back (a clear of the record) are bookable at
 * once. Remembering "no" only means a request in the first `notSoldOutMs` after a sell-out is
 * queued and refused by the worker (SOLD_OUT, with a row), as before the fast path existed: the
 * database decides either way. During an on-sale of events with tickets left, that is one Redis
 * call fewer per booking request.
 */
export function createSoldOutCheck(records: Pick<SoldOutRecords, 'soldOutCategories'>, { notSoldOutMs, maxEvents = 10_000, now: clock = Date.now }: SoldOutCheckOptions) {
  const notSoldOutUntil = new LRUCache<string, number>({ max: maxEvents })
  return async (eventId: string, categoryIds: readonly string[]): Promise<string | null> => {
    if (categoryIds.length === 0) return null
    const now = clock()
    const until = notSoldOutUntil.get(eventId)
    if (until !== undefined && until > now) return null
    const soldOut = await records.soldOutCategories(eventId)
    notSoldOutUntil.delete(eventId)
    if (soldOut.size === 0 && notSoldOutMs > 0) notSoldOutUntil.set(eventId, now + notSoldOutMs)
    return categoryIds.find((id) => soldOut.has(id)) ?? null
  }
}

export type SoldOutCheck = ReturnType<typeof createSoldOutCheck>

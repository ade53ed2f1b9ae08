import { LRUCache } from 'lru-cache'
import type { SoldOutRecords } from '@tickets/queue'

export interface SoldOutCheckOptions {
  /** How long "not sold out" is remembered per event (0: ask Redis every time). */
  notSoldOutMs: number
  /** Events remembered at most; the least recently asked goes first. */
  maxEvents?: number
  /** The clock the window is timed by (tests move it). */
  now?: () => number
}

/**
 * The intake's question "is this event known to be sold out?", asked of Redis at most once per
 * event every `notSoldOutMs` while the answer is no. Only "no" is remembered: a sold-out answer
 * is asked again every time, so tickets that come back (a clear of the record) are bookable at
 * once. Remembering "no" only means a request in the first `notSoldOutMs` after a sell-out is
 * queued and refused by the worker (SOLD_OUT, with a row), as before the fast path existed: the
 * database decides either way. During an on-sale of events with tickets left, that is one Redis
 * call fewer per booking request.
 */
export function createSoldOutCheck(records: Pick<SoldOutRecords, 'isSoldOut'>, { notSoldOutMs, maxEvents = 10_000, now: clock = Date.now }: SoldOutCheckOptions) {
  const notSoldOutUntil = new LRUCache<string, number>({ max: maxEvents })
  return async (eventId: string): Promise<boolean> => {
    const now = clock()
    const until = notSoldOutUntil.get(eventId)
    if (until !== undefined && until > now) return false
    const soldOut = await records.isSoldOut(eventId)
    notSoldOutUntil.delete(eventId)
    if (!soldOut && notSoldOutMs > 0) notSoldOutUntil.set(eventId, now + notSoldOutMs)
    return soldOut
  }
}

export type SoldOutCheck = ReturnType<typeof createSoldOutCheck>

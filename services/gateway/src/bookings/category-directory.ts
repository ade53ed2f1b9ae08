import { LRUCache } from 'lru-cache'
import type { Knex } from '@tickets/db'

export interface CategoryDirectoryOptions {
  /** How long an event's list of categories is used before it is read again (in the background). */
  ttlMs?: number
  /** How long past `ttlMs` a list is still used while it is being read again (a database that does not answer). */
  staleMs?: number
  /** Events remembered at most; the least recently asked goes first. */
  maxEvents?: number
  /** The clock lists are timed by (tests move it). */
  now?: () => number
}

interface Entry {
  ids: string[]
  readAt: number
}

/**
 * Each event's category ids, in order ([] for an event that does not exist), for the intake's
 * checks of a request's shape: that its lines name categories of the event, and which category
 * `{quantity}` books. A burst reads each event's list once every `ttlMs`; a category missing from
 * a remembered list, or a list of several when `{quantity}` asks for the only one, is read again
 * before the intake refuses anything. The worker decides on the rows it reads under the event
 * lock either way: a category deleted meanwhile ends the booking rejected.
 *
 * One read per event at a time, and none on a request's path once the event is known: a list
 * older than `ttlMs` is still answered (for at most `staleMs` more) while one read in the
 * background replaces it. Until 2026-12-02 a list ran out after 5 s and every request for the
 * event asked MySQL until the first answer was back: on a gateway held to a tenth of a core that
 * answer waits out the rest of the quota period, so each of 20 events sent dozens of identical
 * queries every 5 s, the gateway's pool of 10 ran dry, and requests waited 2 s for a connection
 * (`Acquire connection error` in the logs of a 4+4 warm-up, hundreds per gateway).
 */
export function createCategoryDirectory(knex: Knex, { ttlMs = 5_000, staleMs = 10_000, maxEvents = 10_000, now = Date.now }: CategoryDirectoryOptions = {}) {
  const cache = new LRUCache<string, Entry>({ max: maxEvents })
  /** The read under way for each event, shared by whoever asks meanwhile. */
  const reading = new Map<string, Promise<string[]>>()

  const read = (eventId: string): Promise<string[]> => {
    const startedAt = now()
    const ids: Promise<string[]> = knex('ticket_categories').where({ event_id: eventId }).orderBy('position').pluck('id')
    const settled = ids
      .then((found) => {
        // A later read may have finished first: keep the newest.
        if ((cache.peek(eventId)?.readAt ?? -Infinity) <= startedAt) cache.set(eventId, { ids: found, readAt: startedAt })
        return found
      })
      .finally(() => {
        if (reading.get(eventId) === settled) reading.delete(eventId)
      })
    reading.set(eventId, settled)
    return settled
  }

  return {
    /**
     * The remembered list, without a promise or a timer: what a burst's requests read. Past
     * `ttlMs` it starts a read in the background (one per event) and still answers the list it
     * has; undefined for an event not read yet or not read for `ttlMs + staleMs` (ask `categoriesOf`).
     */
    remembered(eventId: string): string[] | undefined {
      const entry = cache.get(eventId)
      if (!entry) return undefined
      const age = now() - entry.readAt
      if (age <= ttlMs) return entry.ids
      if (!reading.has(eventId)) read(eventId).catch(() => undefined)
      return age <= ttlMs + staleMs ? entry.ids : undefined
    },
    /**
     * Reads the list from the database and remembers it; callers meanwhile share the read.
     * `fresh`: a read started now, not one already under way (before refusing a request for a
     * category the list lacks, the list must postdate the request).
     */
    categoriesOf(eventId: string, { fresh = false }: { fresh?: boolean } = {}): Promise<string[]> {
      return (!fresh && reading.get(eventId)) || read(eventId)
    },
  }
}

export type CategoryDirectory = ReturnType<typeof createCategoryDirectory>

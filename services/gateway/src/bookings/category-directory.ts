import { LRUCache } from 'lru-cache'
import type { Knex } from '@tickets/db'

export interface CategoryDirectoryOptions {
  /** How long an event's list of categories is remembered. */
  ttlMs?: number
  /** Events remembered at most; the least recently asked goes first. */
  maxEvents?: number
}

/**
 * Each event's category ids, in order ([] for an event that does not exist), for the intake's
 * checks of a request's shape: that its lines name categories of the event, and which category
 * `{quantity}` books. Remembered for `ttlMs` so a burst reads the database once per event; a
 * category missing from a remembered list, or a list of several when `{quantity}` asks for the
 * only one, is read again before the intake refuses anything. The worker decides on the rows it
 * reads under the event lock either way: a category deleted meanwhile ends the booking rejected.
 */
export function createCategoryDirectory(knex: Knex, { ttlMs = 5_000, maxEvents = 10_000 }: CategoryDirectoryOptions = {}) {
  const cache = new LRUCache<string, string[]>({ max: maxEvents, ttl: ttlMs })
  return {
    /** The remembered list, without a promise or a timer: what a burst's requests read (undefined: ask `categoriesOf`). */
    remembered: (eventId: string): string[] | undefined => cache.get(eventId),
    /** Reads the list from the database and remembers it. */
    async categoriesOf(eventId: string): Promise<string[]> {
      const ids: string[] = await knex('ticket_categories').where({ event_id: eventId }).orderBy('position').pluck('id')
      cache.set(eventId, ids)
      return ids
    },
  }
}

export type CategoryDirectory = ReturnType<typeof createCategoryDirectory>

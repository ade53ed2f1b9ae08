import type { Knex } from 'knex'
import type { Role } from '@tickets/contracts'
import { isDependencyUnavailable } from './dependency-errors.js'
import { LRUCache } from 'lru-cache'

export interface Account {
  role: Role
  token_version: number
}

/**
 * The caller's account as stored now, or undefined when it was deleted. `close` stops the
 * background refresh (the service's knex plugin closes the pool after it).
 */
export type AccountLookup = ((userId: string) => Promise<Account | undefined>) & { close?: () => void }

/**
 * Tokens say who the caller was when they signed in; this says who they are now. Every service
 * that verifies tokens checks the account behind one on each request: a deleted account, or a
 * token older than the last password or role change (`token_version`), is refused, and admin
 * rights come from the stored role, not the token's.
 *
 * An answer is trusted for at most `cacheMs` (default 2 s) from the moment its query started:
 * that is the staleness bound, the longest a demoted admin or a deleted account keeps working
 * after the change. Within it, one process asks MySQL as little as it can:
 * - misses in the same turn of the event loop share one query (`WHERE id IN (...)`);
 * - every `cacheMs / 2` the accounts used again since they were read, whose answer would run out
 *   before the next round, are read again together, a query per `maxBatch` of them, so a caller
 *   in use never misses: during an on-sale of a thousand users that is a query a second instead
 *   of a small query for almost every user's every second request (pnpm bench: about a tenth of
 *   the gateway's CPU per booking). A caller seen once is not read again: each gateway of many
 *   sees a user's requests less often, and reading every user it had seen every second made a
 *   gateway's work grow with the number of users rather than with its requests (pnpm bench
 *   --scale --cpu-quota);
 * - accounts not used within `cacheMs` are forgotten; past `maxEntries` the least recently used go first.
 */
type Waiters = Map<string, { resolve: (account: Account | undefined) => void; reject: (error: unknown) => void }>

interface Entry {
  until: number
  account: Promise<Account | undefined>
  /** When its query started. */
  readAt: number
  usedAt: number
}

export function createAccountLookup(
  knex: Knex,
  {
    cacheMs = 2_000,
    maxEntries = 100_000,
    retryAfterFailureMs = 1_000,
    maxBatch = 500,
    /** The clock entries are timed by (tests move it; the bulk refresh still runs on real timers). */
    now: clock = Date.now,
  }: { cacheMs?: number; maxEntries?: number; retryAfterFailureMs?: number; maxBatch?: number; now?: () => number } = {},
): AccountLookup {
  // Least recently used out first past maxEntries, one at a time: never forgets everyone at once.
  const cache = new LRUCache<string, Entry>({ max: maxEntries })
  // After MySQL failed to answer, fail at once for a moment instead of making every request wait
  // out the pool's acquire timeout again (the caller falls back to the token's claims, or 503).
  let failure: { until: number; error: unknown } | undefined

  const read = async (ids: string[]) => {
    const rows: Array<{ id: string; role: Role; token_version: number | string }> = await knex('users').whereIn('id', ids).select('id', 'role', 'token_version')
    return new Map(rows.map((row) => [row.id, { role: row.role, token_version: Number(row.token_version) }]))
  }
  const failed = (error: unknown) => {
    if (isDependencyUnavailable(error)) failure = { until: clock() + retryAfterFailureMs, error }
  }

  // Misses in the same turn of the event loop share one query: at the start of an on-sale a
  // thousand users arrive at once, and one query per user queued on the pool cost the booking
  // intake a tenth of its rate (pnpm bench).
  let batch: Waiters | undefined
  const flush = async (pending: Waiters) => {
    try {
      const found = await read([...pending.keys()])
      for (const [id, waiter] of pending) waiter.resolve(found.get(id))
    } catch (error) {
      failed(error)
      for (const [id, waiter] of pending) {
        // A failed lookup is not remembered: the next request (after the pause) asks again.
        cache.delete(id)
        waiter.reject(error)
      }
    }
  }
  const load = (userId: string) =>
    new Promise<Account | undefined>((resolve, reject) => {
      if (!batch) {
        const pending: Waiters = new Map()
        batch = pending
        setImmediate(() => {
          if (batch === pending) batch = undefined
          void flush(pending)
        })
      }
      const current: Waiters = batch
      current.set(userId, { resolve, reject })
      if (current.size >= maxBatch) {
        batch = undefined
        void flush(current)
      }
    })

  // Refresh-ahead of the accounts in use, in bulk; an entry's clock starts when its query does.
  let refreshing = false
  const refresh = async () => {
    if (refreshing) return
    refreshing = true
    try {
      const now = clock()
      const active: string[] = []
      const stale: string[] = []
      for (const [id, entry] of cache.entries()) {
        if (entry.usedAt > entry.readAt && entry.usedAt > now - cacheMs && entry.until <= now + cacheMs / 2) active.push(id)
        else if (entry.until <= now) stale.push(id)
      }
      for (const id of stale) cache.delete(id)
      for (let i = 0; i < active.length; i += maxBatch) {
        const chunk = active.slice(i, i + maxBatch)
        const started = clock()
        const found = await read(chunk)
        for (const id of chunk) {
          const entry = cache.peek(id)
          if (entry && entry.until < started + cacheMs) cache.set(id, { until: started + cacheMs, account: Promise.resolve(found.get(id)), readAt: started, usedAt: entry.usedAt })
        }
      }
    } catch (error) {
      // Entries run out on their own; requests then miss and meet the failure as usual.
      failed(error)
    } finally {
      refreshing = false
    }
  }
  const refresher = cacheMs >= 100 ? setInterval(() => void refresh(), cacheMs / 2) : undefined
  refresher?.unref()

  const lookup: AccountLookup = (userId) => {
    const now = clock()
    const hit = cache.get(userId)
    if (hit && hit.until > now) {
      hit.usedAt = now
      return hit.account
    }
    if (failure && failure.until > now) return Promise.reject(failure.error)
    const account = load(userId)
    account.catch(() => undefined)
    cache.set(userId, { until: now + cacheMs, account, readAt: now, usedAt: now })
    return account
  }
  lookup.close = () => clearInterval(refresher)
  return lookup
}

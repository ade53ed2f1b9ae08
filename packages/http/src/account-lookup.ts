import type { Knex } from 'knex'
import type { Role } from '@tickets/contracts'
import { isDependencyUnavailable } from './dependency-errors.js'

export interface Account {
  role: Role
  token_version: number
}

/** The caller's account as stored now, or undefined when it was deleted. */
export type AccountLookup = (userId: string) => Promise<Account | undefined>

/**
 * Tokens say who the caller was when they signed in; this says who they are now. Every service
 * that verifies tokens checks the account behind one on each request: a deleted account, or a
 * token older than the last password or role change (`token_version`), is refused, and admin
 * rights come from the stored role, not the token's.
 *
 * Answers are remembered for `cacheMs` (default 2 s) per process, one query per user per window
 * whatever the traffic (concurrent misses share one query): that is the staleness bound, the
 * longest a demoted admin or a deleted account keeps working after the change.
 */
export function createAccountLookup(knex: Knex, { cacheMs = 2_000, maxEntries = 100_000, retryAfterFailureMs = 1_000 } = {}): AccountLookup {
  const cache = new Map<string, { until: number; account: Promise<Account | undefined> }>()
  // After MySQL failed to answer, fail at once for a moment instead of making every request wait
  // out the pool's acquire timeout again (the caller falls back to the token's claims, or 503).
  let failure: { until: number; error: unknown } | undefined
  return (userId) => {
    const now = Date.now()
    const hit = cache.get(userId)
    if (hit && hit.until > now) return hit.account
    if (failure && failure.until > now) return Promise.reject(failure.error)
    if (cache.size >= maxEntries) cache.clear()
    const account = knex('users')
      .where({ id: userId })
      .first('role', 'token_version')
      .then((row) => (row ? { role: row.role, token_version: Number(row.token_version) } : undefined))
    // A failed lookup is not remembered: the next request (after the pause) asks again.
    account.catch((error: unknown) => {
      cache.delete(userId)
      if (isDependencyUnavailable(error)) failure = { until: Date.now() + retryAfterFailureMs, error }
    })
    cache.set(userId, { until: now + cacheMs, account })
    return account
  }
}

import { LRUCache } from 'lru-cache'

/**
 * user-service's own login limit, behind the gateway's (per address and email, in Redis): failed
 * logins per account, in this process. It is what stops password guessing sent straight to
 * user-service (which listens on loopback only by default) and from many addresses at once. Kept
 * well above the gateway's limit, because it is per account from every address: set too low, anyone
 * could lock a user out by failing on purpose. A successful login clears the count.
 *
 * Memory is bounded without ever forgetting everything at once: failures for existing accounts and
 * for addresses that match no one are kept apart, each at most `maxEntries`, the least recently
 * failed dropped first. So a flood of made-up addresses (free for an attacker) can only push out
 * other made-up addresses, never a real account's count: it once emptied the whole map when full,
 * which reset every lockout.
 */
export function createLoginFailures({ max, windowSeconds, maxEntries = 100_000 }: { max: number; windowSeconds: number; maxEntries?: number }) {
  const kinds = {
    account: new LRUCache<string, { count: number; resetAt: number }>({ max: maxEntries }),
    unknown: new LRUCache<string, { count: number; resetAt: number }>({ max: maxEntries }),
  }
  const current = (key: string, now: number) => {
    for (const failures of Object.values(kinds)) {
      const entry = failures.get(key)
      if (!entry) continue
      if (entry.resetAt > now) return entry
      failures.delete(key)
    }
    return undefined
  }
  return {
    /** Seconds until this account may try again, or 0. */
    retryAfter(key: string, now = Date.now()): number {
      const entry = current(key, now)
      return entry && entry.count >= max ? Math.ceil((entry.resetAt - now) / 1000) : 0
    },
    /** One more failure for `key`: an existing account's id, or the key of an address that matches no account. */
    fail(key: string, { known }: { known: boolean }, now = Date.now()) {
      const failures = known ? kinds.account : kinds.unknown
      const entry = current(key, now) ?? { count: 0, resetAt: now + windowSeconds * 1000 }
      entry.count++
      // Set again: the most recently failed; past maxEntries the least recently failed goes.
      failures.set(key, entry)
    },
    succeed(key: string) {
      kinds.account.delete(key)
      kinds.unknown.delete(key)
    },
  }
}

export type LoginFailures = ReturnType<typeof createLoginFailures>

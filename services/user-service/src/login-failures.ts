/**
 * user-service's own login limit, behind the gateway's (per address and email, in Redis): failed
 * logins per account, in this process. It is what stops password guessing sent straight to
 * user-service (which listens on loopback only by default) and from many addresses at once. Kept
 * well above the gateway's limit, because it is per account from every address: set too low, anyone
 * could lock a user out by failing on purpose. A successful login clears the count.
 */
export function createLoginFailures({ max, windowSeconds }: { max: number; windowSeconds: number }) {
  const failures = new Map<string, { count: number; resetAt: number }>()
  const current = (key: string, now: number) => {
    const entry = failures.get(key)
    if (entry && entry.resetAt <= now) {
      failures.delete(key)
      return undefined
    }
    return entry
  }
  return {
    /** Seconds until this account may try again, or 0. */
    retryAfter(key: string, now = Date.now()): number {
      const entry = current(key, now)
      return entry && entry.count >= max ? Math.ceil((entry.resetAt - now) / 1000) : 0
    },
    fail(key: string, now = Date.now()) {
      if (failures.size >= 100_000) failures.clear()
      const entry = current(key, now) ?? { count: 0, resetAt: now + windowSeconds * 1000 }
      entry.count++
      failures.set(key, entry)
    },
    succeed(key: string) {
      failures.delete(key)
    },
  }
}

export type LoginFailures = ReturnType<typeof createLoginFailures>

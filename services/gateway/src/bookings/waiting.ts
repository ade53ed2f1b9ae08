import { HttpError } from '@tickets/http'

/** The longest a `Prefer: wait` request is held open. */
export const MAX_WAIT_SECONDS = 30

/**
 * Counts the `Prefer: wait` requests (or live status streams) held open, per user and in all (this
 * process): each holds a connection and a subscription, so one client must not hold dozens. Past
 * either bound: 429 RATE_LIMITED with Retry-After, before anything is queued or opened.
 */
export function createWaitAllowance({ perUser, total, what = 'waiting requests', instead = 'poll the booking instead' }: { perUser: number; total: number; what?: string; instead?: string }) {
  const open = new Map<string, number>()
  let all = 0
  return {
    take(userId: string): () => void {
      const mine = open.get(userId) ?? 0
      if (mine >= perUser || all >= total) {
        throw new HttpError(429, 'RATE_LIMITED', mine >= perUser ? `At most ${perUser} ${what} at once; ${instead}` : `Too many ${what}; retry shortly`, {
          headers: { 'retry-after': '1' },
        })
      }
      open.set(userId, mine + 1)
      all++
      let released = false
      return () => {
        if (released) return
        released = true
        all--
        const left = (open.get(userId) ?? 1) - 1
        if (left > 0) open.set(userId, left)
        else open.delete(userId)
      }
    },
  }
}

/** `Prefer: wait=N` (RFC 7240), capped at 30 s; other preferences are ignored. */
export function preferredWaitSeconds(prefer: string | undefined): number {
  const match = prefer ? /(?:^|[\s,;])wait\s*=\s*"?(\d+)"?/i.exec(prefer) : null
  return match ? Math.min(Number(match[1]), MAX_WAIT_SECONDS) : 0
}

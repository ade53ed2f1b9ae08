import { WEBHOOK_RETRY_SCHEDULE_SECONDS } from '@tickets/contracts'

/** Attempts per message and endpoint: the first and one per step of the schedule. */
export const WEBHOOK_ATTEMPTS = WEBHOOK_RETRY_SCHEDULE_SECONDS.length + 1

/** An endpoint whose deliveries have failed for this long, without a success between, is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000

/** The longest `Retry-After` honoured (a day): a receiver cannot park a message for ever. */
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000

/**
 * The wait after failed attempt number `attemptsMade` (1 = the first): the schedule's step plus up
 * to a tenth of it at random (so retries of a burst do not arrive together), and never less than
 * the receiver's `Retry-After`.
 */
export function retryDelayMs(attemptsMade: number, retryAfterMs: number | null = null, random: () => number = Math.random): number {
  const step = WEBHOOK_RETRY_SCHEDULE_SECONDS[Math.min(Math.max(attemptsMade, 1), WEBHOOK_RETRY_SCHEDULE_SECONDS.length) - 1]! * 1000
  const jittered = Math.round(step * (1 + random() / 10))
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS))
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/** Whether an endpoint failing since `failingSince` has failed long enough to be disabled. */
export const failedTooLong = (failingSince: Date | null, now: Date): boolean => failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS

import type { RedisClient } from '@tickets/queue'

/**
 * The sales figures' per-event count of queued requests, counted in by the intake: each accepted
 * request adds to an in-memory tally, and the tally goes to Redis (one HINCRBY per event) at most
 * every `flushMs`, so a burst's requests pay a Map update, not a Redis command each. The figure
 * lags by at most `flushMs`; a gateway that dies loses its unflushed tally (the figure reads low,
 * and is reset whenever the event's queue is found empty).
 */
export function createQueuedCounter(redis: RedisClient, key: string, { flushMs = 100 } = {}) {
  let tally = new Map<string, number>()
  let timer: NodeJS.Timeout | undefined

  const flush = async () => {
    clearTimeout(timer)
    timer = undefined
    if (tally.size === 0) return
    const batch = tally
    tally = new Map()
    await Promise.all([...batch].map(([eventId, n]) => redis.hincrby(key, eventId, n))).catch(() => undefined)
  }

  return {
    /** One more request queued for `eventId`. */
    add(eventId: string) {
      tally.set(eventId, (tally.get(eventId) ?? 0) + 1)
      timer ??= setTimeout(() => void flush(), flushMs).unref()
    },
    /** Sends what is tallied now (at shutdown). */
    flush,
  }
}

import { bookingCounterKeys, type BookingShards, type RedisClient } from '@tickets/queue'

export interface QueueSnapshot {
  /** Booking requests waiting to be taken by a worker, over every shard (about: see requestsPerJob). */
  waiting: number
  /** Bookings decided by the workers so far (their counter). */
  decided: number
  /** Recent decisions per second (smoothed); 0 until two samples differ. */
  ratePerSecond: number
}

/**
 * What the gateway knows of the booking queue, sampled in the background (two Redis reads every
 * `intervalMs`), so neither backpressure nor the queue position costs a request any Redis call.
 * It is at most one interval old: a flood overshoots MAX_QUEUED_BOOKINGS by at most an interval's
 * intake, and `ahead` is high by at most an interval's decisions.
 */
export function createQueueMonitor(
  redis: RedisClient,
  shards: Pick<BookingShards, 'waitingCount'>,
  prefix: string,
  {
    intervalMs = 500,
    requestsPerJob = () => 1,
  }: {
    intervalMs?: number
    /** BullMQ counts waiting jobs; a job holds a bundle of requests, about this many (see booking-bundler.ts). */
    requestsPerJob?: () => number
  } = {},
) {
  const { decided: decidedKey } = bookingCounterKeys(prefix)
  const snapshot: QueueSnapshot = { waiting: 0, decided: 0, ratePerSecond: 0 }
  let last: { at: number; decided: number } | null = null

  const sample = async () => {
    try {
      const [waiting, decided] = await Promise.all([shards.waitingCount(), redis.get(decidedKey)])
      const now = Date.now()
      const count = Number(decided ?? 0)
      if (last && now > last.at && count >= last.decided) {
        const rate = ((count - last.decided) * 1000) / (now - last.at)
        // Smoothed over about two seconds, so one quiet interval does not make the estimate jump.
        snapshot.ratePerSecond = snapshot.ratePerSecond === 0 ? rate : 0.75 * snapshot.ratePerSecond + 0.25 * rate
      }
      last = { at: now, decided: count }
      snapshot.waiting = Math.round(waiting * requestsPerJob())
      snapshot.decided = count
    } catch {
      // Redis away: keep the last picture; the intake itself answers 503 while Redis is down.
    }
  }

  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = sample().finally(() => {
      if (timer !== undefined) timer = setTimeout(tick, intervalMs).unref()
    })
  }

  return {
    snapshot: (): Readonly<QueueSnapshot> => snapshot,
    /** Takes the first sample before resolving, then keeps sampling until stop(). */
    async start() {
      await sample()
      timer = setTimeout(tick, intervalMs).unref()
    },
    async stop() {
      clearTimeout(timer)
      timer = undefined
      await running
    },
    /** About how many accepted bookings are ahead of `sequence`, and when it should be decided. */
    position(sequence: number): { ahead: number; eta_seconds: number | null } {
      const ahead = Math.max(0, Math.min(sequence - snapshot.decided - 1, snapshot.waiting))
      const eta = snapshot.ratePerSecond > 0 ? Math.round((ahead / snapshot.ratePerSecond) * 10) / 10 : null
      return { ahead, eta_seconds: eta }
    },
  }
}

export type QueueMonitor = ReturnType<typeof createQueueMonitor>

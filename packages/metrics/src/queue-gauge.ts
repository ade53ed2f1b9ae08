import { Gauge, type Registry } from 'prom-client'

/** What the gauge needs of a BullMQ Queue; keeps this package free of a bullmq dependency. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const
type QueueState = (typeof QUEUE_STATES)[number]

export interface CountableQueue {
  name: string
  getJobCounts: (...states: QueueState[]) => Promise<Record<string, number>>
}

export interface InspectableQueue {
  name: string
  /** BullMQ's getJobs: with asc, the oldest first. */
  getJobs: (types: ['wait'], start: number, end: number, asc: boolean) => Promise<Array<{ timestamp: number } | undefined>>
}

/** At most a second per read: a worker's Redis connection retries forever, and a scrape must not hang with it. */
const bounded = <T>(read: Promise<T>): Promise<T | null> =>
  Promise.race([read, new Promise<null>((resolve) => setTimeout(resolve, 1_000, null).unref())]).catch(() => null)

/**
 * `tickets_queue_jobs{queue,state}`, read from Redis when Prometheus scrapes rather than kept in
 * step by events: the numbers are then right for every replica, including jobs other processes
 * added or finished. A failed read leaves the gauge empty for that scrape instead of failing it.
 *
 * The gateway and every worker export the same numbers (each reads the same queues): aggregate
 * with `max by (queue, state)`, never `sum`. Same for `tickets_queue_oldest_waiting_seconds`.
 */
export function registerQueueGauge(registry: Registry, queues: CountableQueue[]): void {
  new Gauge({
    name: 'tickets_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset()
      await Promise.all(
        queues.map(async (queue) => {
          const counts = await bounded(queue.getJobCounts(...QUEUE_STATES))
          if (!counts) return
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0)
        }),
      )
    },
  })
}

/**
 * `tickets_queue_oldest_waiting_seconds{queue}`: how long the oldest job still waiting for a worker
 * has waited (0 when none waits). What a user in the queue feels before any decision; it rises
 * when workers are down or cannot keep up, before the queue depth says so.
 */
export function registerOldestWaitingGauge(registry: Registry, queues: InspectableQueue[]): void {
  new Gauge({
    name: 'tickets_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting in each BullMQ queue, read at scrape time (0: none waiting)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset()
      await Promise.all(
        queues.map(async (queue) => {
          const oldest = await bounded(queue.getJobs(['wait'], 0, 0, true))
          if (!oldest) return
          const timestamp = oldest[0]?.timestamp
          this.set({ queue: queue.name }, timestamp ? Math.max(0, (Date.now() - timestamp) / 1000) : 0)
        }),
      )
    },
  })
}

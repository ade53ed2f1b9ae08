import { Gauge, type Registry } from 'prom-client'

/** What the gauge needs of a BullMQ Queue; keeps this package free of a bullmq dependency. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const
type QueueState = (typeof QUEUE_STATES)[number]

export interface CountableQueue {
  name: string
  getJobCounts: (...states: QueueState[]) => Promise<Record<string, number>>
}

/**
 * `bullmq_queue_jobs{queue,state}`, read from Redis when Prometheus scrapes rather than kept in
 * step by events: the numbers are then right for every replica, including jobs other processes
 * added or finished. A failed read leaves the gauge empty for that scrape instead of failing it.
 */
export function registerQueueGauge(registry: Registry, queues: CountableQueue[]): void {
  new Gauge({
    name: 'bullmq_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset()
      await Promise.all(
        queues.map(async (queue) => {
          // Bounded: a worker's Redis connection retries forever, and a scrape must not hang with it.
          const counts = await Promise.race([
            queue.getJobCounts(...QUEUE_STATES),
            new Promise<null>((resolve) => setTimeout(resolve, 1_000, null).unref()),
          ]).catch(() => null)
          if (!counts) return
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0)
        }),
      )
    },
  })
}

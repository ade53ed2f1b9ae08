import { Gauge, type Registry } from 'prom-client'

/** What the gauges read: knex's pool (tarn) and ioredis connections, by structural type. */
export interface DependencyGaugeSources {
  knex?: { client: { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number; numPendingCreates(): number } } }
  redis?: Record<string, { status: string }>
}

/**
 * `tickets_db_pool_connections{state}` (used, free, pending: requests waiting for a connection,
 * the first sign of an exhausted pool) and `tickets_redis_up{connection}` (1 while ready), read at
 * scrape time.
 */
export function registerDependencyGauges(registry: Registry, { knex, redis }: DependencyGaugeSources): void {
  if (knex) {
    new Gauge({
      name: 'tickets_db_pool_connections',
      help: 'MySQL pool connections of this process by state: used, free, pending (acquires waiting)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const pool = knex.client.pool
        this.set({ state: 'used' }, pool?.numUsed() ?? 0)
        this.set({ state: 'free' }, pool?.numFree() ?? 0)
        this.set({ state: 'pending' }, (pool?.numPendingAcquires() ?? 0) + (pool?.numPendingCreates() ?? 0))
      },
    })
  }
  if (redis) {
    new Gauge({
      name: 'tickets_redis_up',
      help: 'Whether each Redis connection of this process is ready (1) or not (0)',
      labelNames: ['connection'],
      registers: [registry],
      collect() {
        for (const [name, connection] of Object.entries(redis)) this.set({ connection: name }, connection.status === 'ready' ? 1 : 0)
      },
    })
  }
}

import { Counter, Histogram, type Registry } from 'prom-client'
import type { BookResult } from './processors/book.js'

/**
 * The worker's side of "bookings by outcome": decisions it committed, and how long each booking
 * transaction (lock, checks, insert, commit, lock retries included) took. Repeat deliveries that
 * found the booking already decided are counted apart, so outcomes are not double counted.
 */
export function createWorkerMetrics(registry: Registry) {
  const decided = new Counter({
    name: 'bookings_processed_total',
    help: 'Booking jobs decided by this worker, by resulting status and rejection reason ("" when not rejected)',
    labelNames: ['status', 'reason'],
    registers: [registry],
  })
  const repeats = new Counter({
    name: 'booking_redeliveries_total',
    help: 'Booking jobs delivered again after their booking was already committed (at-least-once delivery)',
    registers: [registry],
  })
  const failures = new Counter({
    name: 'booking_job_failures_total',
    help: 'Booking job attempts that failed on infrastructure (they are retried)',
    registers: [registry],
  })
  const transaction = new Histogram({
    name: 'booking_transaction_duration_seconds',
    help: 'Time to commit one booking decision, from the first lock attempt to commit',
    labelNames: ['status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })

  return {
    booked(result: BookResult, seconds: number) {
      if (!result.created) {
        repeats.inc()
        return
      }
      decided.inc({ status: result.status, reason: result.reason ?? '' })
      transaction.observe({ status: result.status }, seconds)
    },
    failed() {
      failures.inc()
    },
  }
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>

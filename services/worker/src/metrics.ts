import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { StockAudit } from '@tickets/booking'
import type { BookResult } from './processors/book.js'

/**
 * The worker's side of "bookings by outcome": decisions it committed, how batches formed, and how
 * long users waited from the 202 to their decision. Repeat deliveries that found the booking
 * already decided are counted apart, so outcomes are not double counted.
 */
export function createWorkerMetrics(registry: Registry) {
  const decided = new Counter({
    name: 'tickets_booking_decisions_total',
    help: 'Booking jobs decided by this worker, by resulting status and rejection reason ("" when not rejected)',
    labelNames: ['status', 'reason'],
    registers: [registry],
  })
  const repeats = new Counter({
    name: 'tickets_booking_redeliveries_total',
    help: 'Booking jobs delivered again after their booking was already committed (at-least-once delivery)',
    registers: [registry],
  })
  const failures = new Counter({
    name: 'tickets_booking_job_failures_total',
    help: 'Booking job attempts that failed on infrastructure (they are retried) or were malformed',
    registers: [registry],
  })
  const stalled = new Counter({
    name: 'tickets_booking_jobs_stalled_total',
    help: 'Booking jobs this worker found stalled (their lock ran out: a crashed or blocked worker) and put back to run again',
    registers: [registry],
  })
  const transaction = new Histogram({
    name: 'tickets_booking_transaction_duration_seconds',
    help: 'Time to commit one booking decision (the commit of the batch it was decided in), lock waits and retries included',
    labelNames: ['status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const batchSize = new Histogram({
    name: 'tickets_booking_batch_size',
    help: 'Booking jobs decided together in one transaction (group commit)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [registry],
  })
  const batchCommit = new Histogram({
    name: 'tickets_booking_batch_commit_duration_seconds',
    help: 'Time to commit one batch: event lock, reads, decisions, insert, stock update, commit; retries included',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const decisionLatency = new Histogram({
    name: 'tickets_booking_decision_latency_seconds',
    help: 'From the request accepted at the gateway (requested_at) to its committed decision: what users wait',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  })

  const driftTickets = new Gauge({
    name: 'tickets_stock_drift_tickets',
    help: 'Stock auditor: tickets by which events with recent activity break available + held == total (sum of |drift|, last audit); anything but 0 is a bug to look at',
    registers: [registry],
  })
  const driftedEvents = new Gauge({
    name: 'tickets_stock_drifted_events',
    help: 'Stock auditor: events whose stock did not add up in the last audit',
    registers: [registry],
  })
  const auditedAt = new Gauge({
    name: 'tickets_stock_audit_timestamp_seconds',
    help: 'Stock auditor: when this worker last completed an audit (Unix time)',
    registers: [registry],
  })

  const webhookDeliveries = new Counter({
    name: 'tickets_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered, failed (retried on the schedule), disabled (the endpoint was turned off: 410, or 5 days of failures), skipped (endpoint gone or disabled, message pruned)',
    labelNames: ['outcome'],
    registers: [registry],
  })
  // Every outcome from 0, so a rate over it exists before the first delivery (and alerts can read it).
  for (const outcome of ['delivered', 'failed', 'disabled', 'skipped']) webhookDeliveries.inc({ outcome }, 0)
  const relayed = new Counter({
    name: 'tickets_outbox_relayed_total',
    help: 'Outbox rows the relay handed on (to the webhook queue, or dropped when no endpoint wanted them)',
    registers: [registry],
  })

  return {
    webhookDelivery(outcome: 'delivered' | 'failed' | 'disabled' | 'skipped') {
      webhookDeliveries.inc({ outcome })
    },
    relayed(rows: number) {
      relayed.inc(rows)
    },
    audited(audit: StockAudit) {
      driftTickets.set(audit.drifted.reduce((sum, event) => sum + Math.abs(event.drift) + Math.max(0, -event.available), 0))
      driftedEvents.set(new Set(audit.drifted.map((drift) => drift.event_id)).size)
      auditedAt.set(Date.now() / 1000)
    },
    batch(results: readonly BookResult[], requestedAt: readonly string[], seconds: number) {
      batchSize.observe(results.length)
      batchCommit.observe(seconds)
      const now = Date.now()
      results.forEach((result, i) => {
        if (!result.created) {
          repeats.inc()
          return
        }
        decided.inc({ status: result.status, reason: result.reason ?? '' })
        transaction.observe({ status: result.status }, seconds)
        decisionLatency.observe(Math.max(0, now - Date.parse(requestedAt[i]!)) / 1000)
      })
    },
    failed() {
      failures.inc()
    },
    stalled() {
      stalled.inc()
    },
  }
}

type WorkerMetrics = ReturnType<typeof createWorkerMetrics>

import { Counter, Histogram, type Registry } from 'prom-client'
import type { FastifyReply } from 'fastify'

/** What became of a POST /api/bookings, by the status the client got. */
function intakeOutcome(reply: FastifyReply): string {
  const status = reply.statusCode
  if (status === 202) return reply.getHeader('idempotent-replayed') ? 'replayed' : 'accepted'
  if (status === 201) return 'decided'
  // A 409 after Prefer: wait names the decided booking (Location); without one it is the sold-out fast path.
  if (status === 409) return reply.getHeader('location') ? 'rejected' : 'sold_out'
  if (status === 429) return 'rate_limited'
  if (status === 401 || status === 403) return 'unauthorized'
  if (status === 503) return 'unavailable'
  if (status >= 500) return 'error'
  return 'invalid'
}

/**
 * `tickets_booking_requests_total{outcome}`: the gateway's side of "bookings by outcome" (the worker
 * counts the decisions). Counted in an onResponse hook so every exit path is included.
 */
export function createIntakeMetrics(registry: Registry) {
  const requests = new Counter({
    name: 'tickets_booking_requests_total',
    help: 'POST /api/bookings requests by outcome (accepted, replayed, decided, rejected, sold_out, rate_limited, invalid, unauthorized, unavailable, error)',
    labelNames: ['outcome'],
    registers: [registry],
  })
  const jobRequests = new Histogram({
    name: 'tickets_booking_job_requests',
    help: 'Booking requests per job this gateway added to the queue (a bundle of one turn, or 1 for a request alone)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  })
  return {
    /** A booking job was added holding this many requests. */
    jobAdded: (requests: number) => jobRequests.observe(requests),
    onResponse: async (_request: unknown, reply: FastifyReply) => {
      requests.inc({ outcome: intakeOutcome(reply) })
    },
  }
}

export type IntakeMetrics = ReturnType<typeof createIntakeMetrics>

import Value from 'typebox/value'
import { BookingJob, type Booking } from '@tickets/contracts'
import { HttpError, withDeadline } from '@tickets/http'
import type { BookingShards } from '@tickets/queue'
import type { BookingsRepository } from './bookings-repository.js'
import { queueUnavailable } from './intake.js'
import type { QueueMonitor } from './queue-monitor.js'
import { toBooking, toQueuedBooking, toRejectedJob } from './serialize.js'

/** How soon a client should poll a queued booking again, in seconds. */
export const POLL_AFTER_SECONDS = '1'
const QUEUED_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'])

const notFound = () => new HttpError(404, 'BOOKING_NOT_FOUND', 'Booking not found')

const isVisibleTo = (ownerId: string, user: { sub: string; role: string }) => user.role === 'admin' || user.sub === ownerId

/**
 * A booking as its owner (or an administrator) sees it now: its row, or while it has none its job
 * (`queued`, with its place in the queue and when to ask again; `rejected` once the worker gave
 * up on it). 404 for anyone else and for what does not exist; 503 when the queue cannot be asked.
 * GET /api/bookings/:id answers with it, and the live status stream sends it at each change.
 */
export function createBookingView({ bookings, shards, monitor }: { bookings: BookingsRepository; shards: Pick<BookingShards, 'findJob'>; monitor: QueueMonitor }) {
  return async (id: string, user: { sub: string; role: string }): Promise<{ booking: Booking; retryAfter?: string }> => {
    const row = await bookings.findById(id)
    if (row) {
      if (!isVisibleTo(row.user_id, user)) throw notFound()
      return { booking: toBooking(row) }
    }

    // No row yet: the booking exists only as a request in a job (its bundle, or alone).
    let found
    try {
      found = await withDeadline(shards.findJob(id))
    } catch {
      throw queueUnavailable()
    }
    if (!found || !Value.Check(BookingJob, found.request) || !isVisibleTo(found.request.user_id, user)) throw notFound()
    const { job, request } = found
    const state = await withDeadline(job.getState()).catch(() => 'unknown')
    if (QUEUED_STATES.has(state)) {
      // Its place from the sampled counters (no Redis call of its own), and when to ask again.
      const queue = request.sequence ? monitor.position(request.sequence) : undefined
      const retryAfter = queue?.eta_seconds == null ? POLL_AFTER_SECONDS : String(Math.min(10, Math.max(1, Math.ceil(queue.eta_seconds))))
      return { booking: { ...toQueuedBooking(request), ...(queue ? { queue } : {}) }, retryAfter }
    }
    // Finished a moment ago: the row is there now (or the booking was deleted).
    const finished = await bookings.findById(id)
    if (finished) return { booking: toBooking(finished) }
    if (state === 'failed') return { booking: toRejectedJob(request, 'INVALID_REQUEST') }
    // Decided without a row: its user was deleted first (and their bookings with them). An
    // administrator still sees how it ended while BullMQ keeps the job (an hour).
    if (state === 'completed' && user.role === 'admin' && resultOf(job.returnvalue, id)?.reason === 'USER_NOT_FOUND') {
      return { booking: toRejectedJob(request, 'USER_NOT_FOUND') }
    }
    throw notFound()
  }
}

/** A request's result in what its job returned: one result alone, or a bundle's list of them. */
function resultOf(returned: unknown, id: string): { reason?: string } | undefined {
  const results = Array.isArray(returned) ? returned : [returned]
  return results.find((result) => (result as { booking_id?: string } | null)?.booking_id === id) as { reason?: string } | undefined
}

export type BookingView = ReturnType<typeof createBookingView>

import type { Booking, BookingJob } from '@tickets/contracts'
import { bookingResource } from '@tickets/booking'
import type { BookingItemRow, BookingRow, StoredBookingStatus } from '@tickets/db'

export interface BookingWithSummaries extends Omit<BookingRow, 'status'> {
  /** Never a tombstone (`deleted`): the repository leaves those out. */
  status: Exclude<StoredBookingStatus, 'deleted'>
  user_name: string | null
  user_email: string | null
  event_name: string | null
  event_location: string | null
  event_date: Date | null
  /** Its lines, in the order of their categories' ids. */
  items: BookingItemRow[]
}

export function toBooking(row: BookingWithSummaries): Booking {
  return {
    ...bookingResource(row, row.items),
    ...(row.user_email ? { user: { id: row.user_id, name: row.user_name!, email: row.user_email } } : {}),
    ...(row.event_name && row.event_date
      ? { event: { id: row.event_id, name: row.event_name, location: row.event_location!, event_date: row.event_date.toISOString() } }
      : {}),
  }
}

/** A booking that exists only as a job so far: nothing is decided, so no price or reason yet. */
export function toQueuedBooking(job: BookingJob): Booking {
  return {
    id: job.booking_id,
    user_id: job.user_id,
    event_id: job.event_id,
    quantity: job.quantity,
    total_price: null,
    status: 'queued',
    reason: null,
    reason_detail: null,
    expires_at: null,
    // Nothing is decided yet, so neither the names nor the prices are known.
    items: (job.items ?? []).map((line) => ({ category_id: line.category_id, name: null, quantity: line.quantity, unit_price: null })),
    source: 'direct',
    created_at: job.requested_at,
    updated_at: job.requested_at,
  }
}

/**
 * A booking that ended without a row, shown from its job: rejected with nothing held.
 * INVALID_REQUEST: the worker gave up on the job (failed for good: an unknown job name, or retries
 * of an infrastructure failure exhausted), until the worker has stored that end. USER_NOT_FOUND:
 * decided after its user was deleted (for administrators). Either way an accepted request reads as
 * ended, not as a 404.
 */
export function toRejectedJob(job: BookingJob, reason: 'INVALID_REQUEST' | 'USER_NOT_FOUND'): Booking {
  return { ...toQueuedBooking(job), total_price: '0.00', status: 'rejected', reason }
}

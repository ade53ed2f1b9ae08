import type { Booking, BookingJob, RejectionReason } from '@tickets/contracts'
import type { BookingRow, StoredBookingStatus } from '@tickets/db'

export interface BookingWithSummaries extends Omit<BookingRow, 'status'> {
  /** Never a tombstone (`deleted`): the repository leaves those out. */
  status: Exclude<StoredBookingStatus, 'deleted'>
  user_name: string | null
  user_email: string | null
  event_name: string | null
  event_location: string | null
  event_date: Date | null
}

export function toBooking(row: BookingWithSummaries): Booking {
  return {
    id: row.id,
    user_id: row.user_id,
    event_id: row.event_id,
    quantity: row.quantity,
    total_price: row.total_price,
    status: row.status,
    reason: (row.reason as RejectionReason | null) ?? null,
    reason_detail: row.reason_detail ? (JSON.parse(row.reason_detail) as Record<string, unknown>) : null,
    expires_at: row.expires_at ? row.expires_at.toISOString() : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
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
    created_at: job.requested_at,
    updated_at: job.requested_at,
  }
}

/**
 * A booking whose job the worker gave up on (failed for good: an unknown job name, or retries of an
 * infrastructure failure exhausted): an accepted request still ends in a terminal state the client
 * can see, rejected INVALID_REQUEST, instead of a 404. No row exists, so nothing was held.
 */
export function toFailedBooking(job: BookingJob): Booking {
  return { ...toQueuedBooking(job), total_price: '0.00', status: 'rejected', reason: 'INVALID_REQUEST' }
}

/** A booking decided after its user was deleted: rejected USER_NOT_FOUND, nothing held, no row (for administrators). */
export function toOrphanedBooking(job: BookingJob): Booking {
  return { ...toQueuedBooking(job), total_price: '0.00', status: 'rejected', reason: 'USER_NOT_FOUND' }
}

import { randomUUID } from 'node:crypto'
import type { BookingJob } from '@tickets/contracts'

/** A booking job as the gateway would queue it. */
export const jobFor = (userId: string, eventId: string, quantity: number, extra: Partial<BookingJob> = {}): BookingJob => ({
  booking_id: randomUUID(),
  user_id: userId,
  event_id: eventId,
  quantity,
  requested_at: new Date().toISOString(),
  idempotency_key: null,
  request_fingerprint: null,
  ...extra,
})

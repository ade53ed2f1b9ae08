import Type, { type Static } from 'typebox'
import { Timestamp, Uuid } from './common.js'
import { BookingLines, MAX_QUANTITY_PER_REQUEST } from './bookings.js'

/** Queue names shared by producer (gateway) and consumer (worker). */
export const QUEUES = {
  bookings: 'bookings',
  /** Delayed jobs that end holds at `expires_at`, the periodic sweep that catches lost ones, and the stock audit. */
  expiry: 'booking-expiry',
  /** One job per message and endpoint (see WebhookDeliveryJob), retried on the webhook schedule. */
  webhooks: 'webhook-deliveries',
} as const

export const JOBS = {
  book: 'book',
  expire: 'expire',
  sweep: 'sweep',
  /** The stock auditor's periodic check of the no-oversell invariant (read only). */
  audit: 'stock-audit',
  deliver: 'deliver',
} as const

/** The expiry job's id derives from the booking id, so a hold is scheduled once however often its booking job runs. */
export const expiryJobId = (bookingId: string) => `expire-${bookingId}`

export const ExpireJob = Type.Object({ booking_id: Uuid }, { additionalProperties: false })
export type ExpireJob = Static<typeof ExpireJob>

/**
 * The booking job. `booking_id` is also the BullMQ job id and the bookings row id, which is what
 * makes redelivery harmless. Carries no secrets: no token, no password, no email.
 */
export const BookingJob = Type.Object(
  {
    booking_id: Uuid,
    user_id: Uuid,
    event_id: Uuid,
    /** The sum of the lines. */
    quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY_PER_REQUEST }),
    /** The lines, one per category; absent only in jobs queued before categories existed (the event's first category). */
    items: Type.Optional(BookingLines),
    requested_at: Timestamp,
    idempotency_key: Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()]),
    request_fingerprint: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    /** Its place in the order of accepted bookings (a Redis counter), for the queue position clients see. */
    sequence: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)
export type BookingJob = Static<typeof BookingJob>

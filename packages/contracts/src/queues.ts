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
  /** The booking requests one gateway accepted for one shard in one turn of its event loop (BookingBundleJob). */
  bundle: 'book-bundle',
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
 * One booking request. `booking_id` is the bookings row id, which is what makes redelivery
 * harmless; it is also the BullMQ job id when the request travels alone (`book`), and starts with
 * its bundle's id when it travels in a bundle (see bundleJobId). Carries no secrets: no token, no
 * password, no email.
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

/** At most this many booking requests travel in one bundle job. */
export const MAX_BUNDLE_SIZE = 200

/**
 * The booking requests a gateway accepted for one queue shard in one turn of its event loop, as
 * one job: one BullMQ add, one job for a worker to take and complete, however many requests came
 * together. Each request keeps its own booking id (and row); the worker decides each on its own.
 */
export const BookingBundleJob = Type.Object({ bookings: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_BUNDLE_SIZE }) }, { additionalProperties: false })
export type BookingBundleJob = { bookings: BookingJob[] }

/**
 * A bundle's job id, from any of its bookings' ids: the bookings of a bundle share the first 18
 * characters of their UUIDs (the bundle's random part; each booking adds 62 random bits of its
 * own), so a booking's job is found from its id alone. A booking id that does not start with its
 * bundle's (a request that travelled alone) is a job id of its own.
 */
export const bundleJobId = (bookingId: string) => `bundle-${bookingId.slice(0, 18)}`

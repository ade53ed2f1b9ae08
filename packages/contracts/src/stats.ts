import Type, { type Static } from 'typebox'
import { Money, Timestamp, Uuid } from './common.js'

/** Bookings of each status (the stored ones; queued requests are counted apart). */
const ByStatus = Type.Object({
  pending: Type.Integer(),
  confirmed: Type.Integer(),
  rejected: Type.Integer(),
  cancelled: Type.Integer(),
  expired: Type.Integer(),
})

const Figures = {
  capacity: Type.Integer(),
  available: Type.Integer(),
  /** Tickets of pending bookings (held, unpaid). */
  held: Type.Integer(),
  /** Tickets of confirmed bookings. */
  sold: Type.Integer(),
  revenue: Type.Object({ confirmed: Money, pending: Money }),
  bookings: ByStatus,
  /** Rejected bookings by reason (only reasons that occurred). */
  rejections: Type.Record(Type.String(), Type.Integer()),
  waiting: Type.Object({ entries: Type.Integer(), tickets: Type.Integer() }),
  /** When its stock first reached 0; null while it never has. */
  sold_out_at: Type.Union([Timestamp, Type.Null()]),
}

export const CategoryStats = Type.Object({ id: Uuid, name: Type.String(), price: Money, ...Figures })

/**
 * An event's sales figures, from the database in one query (cheap enough to poll every second
 * during an on-sale), plus the booking requests still in the queue for it (from Redis).
 */
export const EventStats = Type.Object({
  event_id: Uuid,
  ...Figures,
  /** Bookings decided (stored) in the last 60 seconds. */
  decisions_last_minute: Type.Integer(),
  /** Booking requests accepted for the event and not decided yet (null when the queue cannot be asked). */
  queued: Type.Union([Type.Integer(), Type.Null()]),
  categories: Type.Array(CategoryStats),
  generated_at: Timestamp,
})
export type EventStats = Static<typeof EventStats>
export type CategoryStats = Static<typeof CategoryStats>

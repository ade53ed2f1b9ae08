/** Row shapes as mysql2 returns them (DECIMAL as string, DATETIME as Date in UTC). */

export type Role = 'user' | 'admin'

export interface UserRow {
  id: string
  name: string
  email: string
  password_hash: string
  role: Role
  /** Raised on a password or role change: tokens issued at an older version stop working. */
  token_version: number
  created_at: Date
  updated_at: Date
}

export interface EventRow {
  id: string
  organizer_id: string
  name: string
  description: string | null
  location: string
  event_date: Date
  ticket_price: string
  total_tickets: number
  available_tickets: number
  max_tickets_per_user: number | null
  /** When its stock first reached 0 (the sales figures' sell-out time); null while it never has. */
  first_sold_out_at: Date | null
  created_at: Date
  updated_at: Date
}

/** `queued` is not a row state: a booking is queued while only its job exists. */
/** `deleted`: a tombstone, kept so a redelivered job finds it; never shown by the API. */
export type StoredBookingStatus = 'pending' | 'confirmed' | 'rejected' | 'cancelled' | 'expired' | 'deleted'

export interface BookingRow {
  id: string
  user_id: string
  event_id: string
  quantity: number
  total_price: string
  status: StoredBookingStatus
  reason: string | null
  reason_detail: string | null
  expires_at: Date | null
  idempotency_key: string | null
  request_fingerprint: string | null
  /** `waitlist`: made by an offer to a waiting-list entry; `direct`: asked for. */
  source: 'direct' | 'waitlist'
  created_at: Date
  updated_at: Date
}

/** One kind of ticket of an event (standing, seated, VIP...), with its own price and stock. */
export interface CategoryRow {
  id: string
  event_id: string
  /** The order categories were created in, from 0: the order the API lists them in. */
  position: number
  name: string
  price: string
  capacity: number
  available: number
  max_per_user: number | null
  sales_start: Date | null
  sales_end: Date | null
  /** When its stock first reached 0; null while it never has. */
  first_sold_out_at: Date | null
  created_at: Date
  updated_at: Date
}

/** One line of a booking: a category, how many, and the price and name it was decided at. */
export interface BookingItemRow {
  booking_id: string
  category_id: string
  name: string
  quantity: number
  unit_price: string
}

export type WaitlistStatus = 'waiting' | 'offered' | 'booked' | 'expired' | 'left'

/** A place on a category's waiting list; `seq` is the order (first come, first served). */
export interface WaitlistEntryRow {
  seq: number
  id: string
  event_id: string
  category_id: string
  user_id: string
  quantity: number
  status: WaitlistStatus
  /** The pending booking an offer made (offered, booked, and an expired offer). */
  booking_id: string | null
  /** Why an entry ended `expired`: OFFER_EXPIRED, OFFER_CANCELLED, LIMIT_EXCEEDED, HOLD_LIMIT_EXCEEDED. */
  reason: string | null
  offer_expires_at: Date | null
  created_at: Date
  updated_at: Date
}

/**
 * One row of the transactional outbox: something that happened, written in the transaction of the
 * change, with the exact body a webhook receiver gets (`{type, timestamp, data}`).
 */
export interface OutboxEventRow {
  seq: number
  /** The message id (`msg_...`): the `webhook-id` header, the same on every attempt and replay. */
  id: string
  type: string
  /** The booking it is about (booking.* and waitlist.offered), for the live status stream. */
  booking_id: string | null
  body: string
  created_at: Date
  /** When the relay handed it on; null while it has not. */
  relayed_at: Date | null
}

export interface WebhookEndpointRow {
  id: string
  url: string
  description: string | null
  /** A JSON array of event types. */
  events: string
  secret: string
  /** The secret a rotation replaced, still signed with until `previous_secret_expires_at`. */
  previous_secret: string | null
  previous_secret_expires_at: Date | null
  enabled: boolean | number
  disabled_reason: string | null
  /** The first failed attempt since the last success; null while deliveries succeed. */
  failing_since: Date | null
  created_by: string | null
  created_at: Date
  updated_at: Date
}

/** One delivery attempt of one message to one endpoint. */
export interface WebhookDeliveryRow {
  seq: number
  id: string
  endpoint_id: string
  message_id: string
  type: string
  attempt: number
  status_code: number | null
  duration_ms: number
  error: string | null
  created_at: Date
}

declare module 'knex/types/tables.js' {
  interface Tables {
    users: UserRow
    events: EventRow
    bookings: BookingRow
    ticket_categories: CategoryRow
    booking_items: BookingItemRow
    waitlist_entries: WaitlistEntryRow
    outbox_events: OutboxEventRow
    webhook_endpoints: WebhookEndpointRow
    webhook_deliveries: WebhookDeliveryRow
  }
}

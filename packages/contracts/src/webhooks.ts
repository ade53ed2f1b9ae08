import Type, { type Static } from 'typebox'
import { PageQuery, Timestamp, Uuid } from './common.js'

/**
 * What webhooks report, each written in the transaction of the change (the transactional outbox):
 * a booking's every status (`data`: the booking as GET /api/bookings/:id shows it, without the
 * user and event summaries; for `booking.deleted`, as it was before the delete), an event or a
 * category selling out or getting tickets back after it had sold out (`data`: the stock
 * figures), and an offer to a waiting-list entry (`data`: the entry).
 */
export const WEBHOOK_EVENT_TYPES = [
  'booking.pending',
  'booking.confirmed',
  'booking.rejected',
  'booking.cancelled',
  'booking.expired',
  'booking.deleted',
  'event.sold_out',
  'event.restocked',
  'category.sold_out',
  'category.restocked',
  'waitlist.offered',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]
export const WebhookEventTypeSchema = Type.Union([
  Type.Literal('booking.pending'),
  Type.Literal('booking.confirmed'),
  Type.Literal('booking.rejected'),
  Type.Literal('booking.cancelled'),
  Type.Literal('booking.expired'),
  Type.Literal('booking.deleted'),
  Type.Literal('event.sold_out'),
  Type.Literal('event.restocked'),
  Type.Literal('category.sold_out'),
  Type.Literal('category.restocked'),
  Type.Literal('waitlist.offered'),
])

/**
 * Seconds between a failed attempt and the next (Standard Webhooks' suggested schedule): 10
 * attempts over about three days, each delay jittered by up to a tenth and never shorter than a
 * `Retry-After` the receiver sent.
 */
export const WEBHOOK_RETRY_SCHEDULE_SECONDS = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400] as const

/** The body every receiver gets (Standard Webhooks): `timestamp` is when the change committed. */
export interface WebhookPayload<T = unknown> {
  type: WebhookEventType
  timestamp: string
  data: T
}

/** The stock figures of `event.*` and `category.*` events. */
export const StockEventData = Type.Object({
  event_id: Uuid,
  /** Set on `category.*` events. */
  category_id: Type.Optional(Uuid),
  name: Type.String(),
  total: Type.Integer(),
  available: Type.Integer(),
})
export type StockEventData = Static<typeof StockEventData>

/** An endpoint as the API shows it: never its secret (shown once, at creation and rotation). */
export const WebhookEndpoint = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  events: Type.Array(WebhookEventTypeSchema),
  enabled: Type.Boolean(),
  /** Why the platform disabled it (410 Gone, or failing for 5 days); null while enabled or disabled by hand. */
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  /** Deliveries have failed since then (null: the last one succeeded). */
  failing_since: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type WebhookEndpoint = Static<typeof WebhookEndpoint>

/** The answer to creating an endpoint: the endpoint with its signing secret, shown this once. */
export const WebhookEndpointWithSecret = Type.Object({ ...WebhookEndpoint.properties, secret: Type.String() })

export const WebhookUrl = Type.String({ minLength: 8, maxLength: 2048, pattern: '^[hH][tT][tT][pP][sS]?://' })
export const WebhookDescription = Type.String({ maxLength: 500 })
export const WebhookEvents = Type.Array(WebhookEventTypeSchema, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, uniqueItems: true })

export const CreateWebhookBody = Type.Object(
  { url: WebhookUrl, events: WebhookEvents, description: Type.Optional(WebhookDescription) },
  { additionalProperties: false },
)
export type CreateWebhookBody = Static<typeof CreateWebhookBody>

/** `enabled: true` turns a disabled endpoint on again (and forgets why it was disabled). */
export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    events: Type.Optional(WebhookEvents),
    description: Type.Optional(Type.Union([WebhookDescription, Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>

/** The new secret after a rotation; the old one is still signed with until `previous_secret_expires_at`. */
export const RotatedSecret = Type.Object({ secret: Type.String(), previous_secret_expires_at: Timestamp })

export const DeliveryParams = Type.Object({ id: Uuid, deliveryId: Uuid }, { additionalProperties: false })
export const DeliveryListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })

/** One delivery attempt: `status_code` null when no answer came (`error` says why). */
export const WebhookDelivery = Type.Object({
  id: Uuid,
  message_id: Type.String(),
  type: WebhookEventTypeSchema,
  attempt: Type.Integer({ minimum: 1 }),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  duration_ms: Type.Integer({ minimum: 0 }),
  error: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
})
export type WebhookDelivery = Static<typeof WebhookDelivery>

export const ReplayAccepted = Type.Object({ endpoint_id: Uuid, message_id: Type.String() })

/**
 * A delivery job: which message to which endpoint. Never the secret or the body: the worker reads
 * both from the database at each attempt (a rotation applies to retries at once).
 */
export const WebhookDeliveryJob = Type.Object({ endpoint_id: Uuid, message_id: Type.String({ minLength: 1, maxLength: 40 }) })
export type WebhookDeliveryJob = Static<typeof WebhookDeliveryJob>

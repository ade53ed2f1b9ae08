import Type, { type Static } from 'typebox'
import { Money, PageQuery, Timestamp, Uuid } from './common.js'
import { UserSummary } from './users.js'

export const BookingStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('pending'),
  Type.Literal('confirmed'),
  Type.Literal('rejected'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
])
export type BookingStatus = Static<typeof BookingStatus>

export const RejectionReason = Type.Union([
  Type.Literal('SOLD_OUT'),
  Type.Literal('EVENT_NOT_FOUND'),
  Type.Literal('EVENT_PASSED'),
  Type.Literal('LIMIT_EXCEEDED'),
  Type.Literal('HOLD_LIMIT_EXCEEDED'),
  Type.Literal('INVALID_REQUEST'),
  Type.Literal('USER_NOT_FOUND'),
  Type.Literal('SALES_CLOSED'),
])
export type RejectionReason = Static<typeof RejectionReason>

/** Most tickets one request may ask for, whatever the event's own per-user limit. */
export const MAX_QUANTITY_PER_REQUEST = 100
/** Most lines (categories) one request may ask for. */
export const MAX_LINES_PER_REQUEST = 10

/** A line of a request: so many tickets of one category of the event. */
export const BookingLine = Type.Object(
  { category_id: Uuid, quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY_PER_REQUEST }) },
  { additionalProperties: false },
)
export type BookingLine = Static<typeof BookingLine>

/** 1..10 lines; distinct categories and a total of at most 100 are checked by the intake (400). */
export const BookingLines = Type.Array(BookingLine, { minItems: 1, maxItems: MAX_LINES_PER_REQUEST })

/** A line of a booking: `name` and `unit_price` as they were at the decision (null while queued). */
export const BookingItem = Type.Object({
  category_id: Uuid,
  name: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.Integer({ minimum: 1 }),
  unit_price: Type.Union([Money, Type.Null()]),
})
export type BookingItem = Static<typeof BookingItem>

export const Booking = Type.Object({
  id: Uuid,
  user_id: Uuid,
  event_id: Uuid,
  quantity: Type.Integer({ minimum: 1 }),
  total_price: Type.Union([Money, Type.Null()]),
  status: BookingStatus,
  reason: Type.Union([RejectionReason, Type.Null()]),
  /**
   * Details of the reason: `{category_id, available, requested}` for SOLD_OUT (the first line that
   * did not fit), `{limit, already_booked, requested}` for LIMIT_EXCEEDED (with `category_id` when
   * it is a category's limit), `{limit, held, requested}` for HOLD_LIMIT_EXCEEDED, `{category_id}`
   * for SALES_CLOSED.
   */
  reason_detail: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  expires_at: Type.Union([Timestamp, Type.Null()]),
  /** One line per category; `quantity` is their sum and `total_price` the sum of quantity x unit_price. */
  items: Type.Array(BookingItem),
  /** `waitlist`: made by an offer to the user's waiting-list entry; `direct`: requested. */
  source: Type.Union([Type.Literal('direct'), Type.Literal('waitlist')]),
  created_at: Timestamp,
  updated_at: Timestamp,
  user: Type.Optional(UserSummary),
  event: Type.Optional(Type.Object({ id: Uuid, name: Type.String(), location: Type.String(), event_date: Timestamp })),
  /**
   * Only while `queued`: about how many accepted bookings are ahead of this one, and the estimated
   * seconds until its decision at the recent decision rate (null before any rate is known).
   */
  queue: Type.Optional(
    Type.Object({ ahead: Type.Integer({ minimum: 0 }), eta_seconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]) }),
  ),
})
export type Booking = Static<typeof Booking>

/**
 * `{event_id, quantity}` books the event's only category; `{event_id, items}` names the lines.
 * Exactly one of `quantity` and `items` (400 otherwise, checked by the intake).
 */
export const CreateBookingBody = Type.Object(
  {
    event_id: Uuid,
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_QUANTITY_PER_REQUEST })),
    items: Type.Optional(BookingLines),
  },
  { additionalProperties: false },
)
export type CreateBookingBody = Static<typeof CreateBookingBody>

export const BookingAccepted = Type.Object({
  id: Uuid,
  status: BookingStatus,
  event_id: Uuid,
  quantity: Type.Integer(),
  /** The lines as asked (the intake resolves `{quantity}` to the event's only category). */
  items: Type.Optional(BookingLines),
})
export type BookingAccepted = Static<typeof BookingAccepted>

export const BookingListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(BookingStatus),
    event_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
)
export type BookingListQuery = Static<typeof BookingListQuery>

export const UpdateBookingStatusBody = Type.Object(
  { status: Type.Union([Type.Literal('cancelled'), Type.Literal('confirmed')]) },
  { additionalProperties: false },
)
export type UpdateBookingStatusBody = Static<typeof UpdateBookingStatusBody>

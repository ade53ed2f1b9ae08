import Type, { type Static } from 'typebox'
import { Money, PageQuery, Timestamp, Uuid } from './common.js'
import { UserSummary } from './users.js'

export const Event = Type.Object({
  id: Uuid,
  organizer_id: Uuid,
  organizer: UserSummary,
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  location: Type.String(),
  event_date: Timestamp,
  ticket_price: Money,
  total_tickets: Type.Integer(),
  available_tickets: Type.Integer(),
  max_tickets_per_user: Type.Union([Type.Integer(), Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type Event = Static<typeof Event>

/** The largest total_price a booking row can hold: DECIMAL(12,2). */
export const MAX_BOOKING_TOTAL = 9_999_999_999.99
/** MAX_BOOKING_TOTAL / MAX_QUANTITY_PER_REQUEST, rounded down to the cent. */
export const MAX_TICKET_PRICE = 99_999_999.99
export const MAX_TICKETS_PER_EVENT = 1_000_000

const eventFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()]),
  location: Type.String({ minLength: 1, maxLength: 200 }),
  event_date: Timestamp,
  /**
   * A number >= 0 with at most two decimals (checked by event-service); answered as a decimal
   * string. At most MAX_TICKET_PRICE, so that the largest booking (MAX_QUANTITY_PER_REQUEST
   * tickets) still fits the DECIMAL(12,2) total_price: an overflow is refused here, at the event,
   * instead of failing every booking of it in the worker.
   */
  ticket_price: Type.Number({ minimum: 0, maximum: MAX_TICKET_PRICE, description: 'At most two decimals (19.99, not 19.999); answered as a decimal string' }),
  total_tickets: Type.Integer({ minimum: 1, maximum: MAX_TICKETS_PER_EVENT }),
  max_tickets_per_user: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_TICKETS_PER_EVENT }), Type.Null()]),
}

export const CreateEventBody = Type.Object(
  {
    name: eventFields.name,
    description: Type.Optional(eventFields.description),
    location: eventFields.location,
    event_date: eventFields.event_date,
    ticket_price: eventFields.ticket_price,
    total_tickets: eventFields.total_tickets,
    max_tickets_per_user: Type.Optional(eventFields.max_tickets_per_user),
  },
  { additionalProperties: false },
)
export type CreateEventBody = Static<typeof CreateEventBody>

export const UpdateEventBody = Type.Object(
  {
    name: Type.Optional(eventFields.name),
    description: Type.Optional(eventFields.description),
    location: Type.Optional(eventFields.location),
    event_date: Type.Optional(eventFields.event_date),
    ticket_price: Type.Optional(eventFields.ticket_price),
    total_tickets: Type.Optional(eventFields.total_tickets),
    max_tickets_per_user: Type.Optional(eventFields.max_tickets_per_user),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateEventBody = Static<typeof UpdateEventBody>

export const EventListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
)
export type EventListQuery = Static<typeof EventListQuery>

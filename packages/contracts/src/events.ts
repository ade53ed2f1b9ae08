import Type, { type Static } from 'typebox'
import { Money, PageQuery, Timestamp, Uuid } from './common.js'
import { UserSummary } from './users.js'

/** Categories an event may have. */
export const MAX_CATEGORIES_PER_EVENT = 20

/**
 * One kind of ticket of an event (standing, seated, VIP...): its own price, capacity, stock,
 * per-user limit and sales window (null: open on that side).
 */
export const Category = Type.Object({
  id: Uuid,
  name: Type.String(),
  price: Money,
  capacity: Type.Integer(),
  available: Type.Integer(),
  max_per_user: Type.Union([Type.Integer(), Type.Null()]),
  sales_start: Type.Union([Timestamp, Type.Null()]),
  sales_end: Type.Union([Timestamp, Type.Null()]),
  /** Its waiting list: entries still waiting, and the tickets they ask for. */
  waiting: Type.Object({ entries: Type.Integer({ minimum: 0 }), tickets: Type.Integer({ minimum: 0 }) }),
})
export type Category = Static<typeof Category>

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
  /** In the order they were created. `total_tickets` and `available_tickets` are their sums, `ticket_price` the lowest price. */
  categories: Type.Array(Category),
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

const categoryFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  price: Type.Number({ minimum: 0, maximum: MAX_TICKET_PRICE, description: 'At most two decimals (19.99, not 19.999); answered as a decimal string' }),
  capacity: Type.Integer({ minimum: 1, maximum: MAX_TICKETS_PER_EVENT }),
  max_per_user: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_TICKETS_PER_EVENT }), Type.Null()]),
  sales_start: Type.Union([Timestamp, Type.Null()]),
  sales_end: Type.Union([Timestamp, Type.Null()]),
}

export const CreateCategoryBody = Type.Object(
  {
    name: categoryFields.name,
    price: categoryFields.price,
    capacity: categoryFields.capacity,
    max_per_user: Type.Optional(categoryFields.max_per_user),
    sales_start: Type.Optional(categoryFields.sales_start),
    sales_end: Type.Optional(categoryFields.sales_end),
  },
  { additionalProperties: false },
)
export type CreateCategoryBody = Static<typeof CreateCategoryBody>

/** Any of a category's fields, at least one (unknown fields: 400). */
export const UpdateCategoryBody = Type.Partial(CreateCategoryBody, { additionalProperties: false, minProperties: 1 })
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>

export const CategoryParams = Type.Object({ id: Uuid, categoryId: Uuid }, { additionalProperties: false })

/**
 * Either `ticket_price` + `total_tickets` (one category, "General admission") or `categories`
 * (1..20), never both: event-service checks which (400 otherwise).
 */
export const CreateEventBody = Type.Object(
  {
    name: eventFields.name,
    description: Type.Optional(eventFields.description),
    location: eventFields.location,
    event_date: eventFields.event_date,
    ticket_price: Type.Optional(eventFields.ticket_price),
    total_tickets: Type.Optional(eventFields.total_tickets),
    max_tickets_per_user: Type.Optional(eventFields.max_tickets_per_user),
    categories: Type.Optional(Type.Array(CreateCategoryBody, { minItems: 1, maxItems: MAX_CATEGORIES_PER_EVENT })),
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

import Type, { type Static, type TSchema } from 'typebox'
import { PageQuery, Timestamp, Uuid } from './common.js'
import { PageMeta } from './envelope.js'
import { MAX_QUANTITY_PER_REQUEST } from './bookings.js'

export const WaitlistStatus = Type.Union([Type.Literal('waiting'), Type.Literal('offered'), Type.Literal('booked'), Type.Literal('expired'), Type.Literal('left')])
export type WaitlistStatus = Static<typeof WaitlistStatus>

/**
 * A place on a category's waiting list. `position` is its place among the entries still waiting
 * in the category (1 = next), null once it is not waiting; `booking_id` and `offer_expires_at` name
 * the pending booking an offer made; `reason` says why an entry ended `expired` (OFFER_EXPIRED,
 * OFFER_CANCELLED, LIMIT_EXCEEDED, HOLD_LIMIT_EXCEEDED).
 */
export const WaitlistEntry = Type.Object({
  id: Uuid,
  event_id: Uuid,
  category_id: Uuid,
  user_id: Uuid,
  quantity: Type.Integer({ minimum: 1 }),
  status: WaitlistStatus,
  position: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  booking_id: Type.Union([Uuid, Type.Null()]),
  offer_expires_at: Type.Union([Timestamp, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type WaitlistEntry = Static<typeof WaitlistEntry>

/** `category_id` may be omitted on an event with one category. */
export const JoinWaitlistBody = Type.Object(
  { category_id: Type.Optional(Uuid), quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY_PER_REQUEST }) },
  { additionalProperties: false },
)
export type JoinWaitlistBody = Static<typeof JoinWaitlistBody>

export const WaitlistEntryParams = Type.Object({ id: Uuid, entryId: Uuid }, { additionalProperties: false })

/** How many entries of an event's list are in each status. */
export const WaitlistCounts = Type.Object({
  waiting: Type.Integer(),
  offered: Type.Integer(),
  booked: Type.Integer(),
  expired: Type.Integer(),
  left: Type.Integer(),
})

export const WaitlistListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })

/** An event's list a page at a time, in order, with how many entries are in each status. */
export function WaitlistPage<T extends TSchema>(entry: T) {
  return Type.Object({
    success: Type.Literal(true),
    message: Type.String(),
    data: Type.Array(entry),
    meta: Type.Object({ ...PageMeta.properties, counts: WaitlistCounts }),
  })
}

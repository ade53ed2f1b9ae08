import { randomUUID } from 'node:crypto'
import type { BookingRow, CategoryRow, Knex, WaitlistEntryRow, WaitlistStatus } from '@tickets/db'
import { databaseNow } from './clock.js'
import { BookingError } from './errors.js'
import { multiplyMoney } from './money.js'
import { lockEvent, readCategories, releaseTicketsOf, takeTickets } from './stock.js'
import { HOLDS_TICKETS } from './transitions.js'
import { bookingResource, offeredEntry, recordBookingChanges, recordEvents, watchStock } from './outbox.js'

/** What the caller's configuration says about offers to the waiting list. */
export interface OfferPolicy {
  /** WAITLIST_OFFER_TTL_SECONDS: how long an offer's pending booking holds its tickets. */
  offerTtlSeconds: number
  /** MAX_HELD_TICKETS_PER_USER: unpaid tickets one user may hold across events (0: no cap); offers count too. */
  maxHeldPerUser: number
}

export const DEFAULT_OFFER_POLICY: OfferPolicy = { offerTtlSeconds: 900, maxHeldPerUser: 20 }

/** Waiting entries: still in line. Active: in line or holding an offer (one per user and category). */
const ACTIVE = ['waiting', 'offered'] as const

async function heldBy(trx: Knex.Transaction, userId: string, eventId: string, category: CategoryRow) {
  const [event] = await trx('bookings')
    .where({ user_id: userId, event_id: eventId })
    .whereIn('status', HOLDS_TICKETS)
    .sum<Array<{ n: string | number | null }>>({ n: 'quantity' })
  const [inCategory] = category.max_per_user === null
    ? [{ n: 0 }]
    : await trx('booking_items as i')
        .join('bookings as b', 'b.id', 'i.booking_id')
        .where({ 'b.user_id': userId, 'i.category_id': category.id })
        .whereIn('b.status', HOLDS_TICKETS)
        .sum<Array<{ n: string | number | null }>>({ n: 'i.quantity' })
  const [unpaid] = await trx('bookings').where({ user_id: userId, status: 'pending' }).sum<Array<{ n: string | number | null }>>({ n: 'quantity' })
  return { event: Number(event?.n ?? 0), category: Number(inCategory?.n ?? 0), unpaid: Number(unpaid?.n ?? 0) }
}

/**
 * Offers a locked event's free tickets to its waiting lists, in the caller's transaction: the
 * transaction that gave tickets back (a cancel, an expiry, a delete, a raised capacity) hands them
 * on before anyone else can see them. For each category with tickets and waiting entries, the
 * entries are walked in order (first come, first served); each whose quantity fits what is free
 * gets a `pending` booking (source `waitlist`, held for `offerTtlSeconds`), the entry becomes
 * `offered` and the tickets are taken. An entry that does not fit keeps its place (a smaller one
 * behind it may be served); one the per-user limits or the held-tickets cap would refuse ends
 * `expired` with that reason. No offers outside an event's dates or a category's sales window.
 *
 * Returns whether any category of the event still has tickets open to everyone afterwards (the
 * caller signals a restock only then: a category whose tickets went to the list stays sold out).
 */
export async function offerFreedTickets(trx: Knex.Transaction, eventId: string, now: Date, policy: OfferPolicy = DEFAULT_OFFER_POLICY): Promise<{ offered: number; open: boolean }> {
  const event = await trx('events').where({ id: eventId }).first('id', 'event_date', 'max_tickets_per_user')
  if (!event) return { offered: 0, open: false }
  const categories = await readCategories(trx, [eventId])
  const free = categories.filter((category) => category.available > 0)
  const open = () => categories.some((category) => category.available > 0)
  const selling = (category: CategoryRow) =>
    event.event_date.getTime() > now.getTime() &&
    (!category.sales_start || category.sales_start.getTime() <= now.getTime()) &&
    (!category.sales_end || category.sales_end.getTime() > now.getTime())
  const candidates = free.filter(selling)
  if (candidates.length === 0) return { offered: 0, open: open() }

  const entries: WaitlistEntryRow[] = await trx('waitlist_entries')
    .whereIn('category_id', candidates.map((category) => category.id))
    .where('status', 'waiting')
    .orderBy('seq')
    .forUpdate()
  let offered = 0
  for (const entry of entries) {
    const category = candidates.find((candidate) => candidate.id === entry.category_id)!
    if (category.available < entry.quantity) continue
    const held = await heldBy(trx, entry.user_id, eventId, category)
    const limit = event.max_tickets_per_user
    const total_price = multiplyMoney(category.price, entry.quantity)
    const refusal =
      (limit !== null && held.event + entry.quantity > limit) || (category.max_per_user !== null && held.category + entry.quantity > category.max_per_user)
        ? 'LIMIT_EXCEEDED'
        : policy.maxHeldPerUser > 0 && total_price !== '0.00' && held.unpaid + entry.quantity > policy.maxHeldPerUser
          ? 'HOLD_LIMIT_EXCEEDED'
          : null
    if (refusal) {
      await trx('waitlist_entries').where({ seq: entry.seq }).update({ status: 'expired', reason: refusal, updated_at: now })
      continue
    }
    const bookingId = randomUUID()
    const expiresAt = new Date(now.getTime() + policy.offerTtlSeconds * 1000)
    await trx('bookings').insert({
      id: bookingId,
      user_id: entry.user_id,
      event_id: eventId,
      quantity: entry.quantity,
      total_price,
      status: 'pending',
      expires_at: expiresAt,
      source: 'waitlist',
      created_at: now,
      updated_at: now,
    })
    await trx('booking_items').insert({ booking_id: bookingId, category_id: category.id, name: category.name, quantity: entry.quantity, unit_price: category.price })
    await takeTickets(trx, new Map([[category.id, entry.quantity]]), new Map([[eventId, entry.quantity]]))
    await trx('waitlist_entries').where({ seq: entry.seq }).update({ status: 'offered', booking_id: bookingId, offer_expires_at: expiresAt, updated_at: now })
    const line = { category_id: category.id, name: category.name, quantity: entry.quantity, unit_price: category.price }
    const booking = { id: bookingId, user_id: entry.user_id, event_id: eventId, quantity: entry.quantity, total_price, status: 'pending' as const, reason: null, reason_detail: null, expires_at: expiresAt, source: 'waitlist' as const, created_at: now, updated_at: now }
    await recordEvents(
      trx,
      [
        { type: 'booking.pending', data: bookingResource(booking, [line]), bookingId },
        { type: 'waitlist.offered', data: offeredEntry(entry, bookingId, expiresAt, now), bookingId },
      ],
      now,
    )
    category.available -= entry.quantity
    offered += entry.quantity
  }
  return { offered, open: open() }
}

/**
 * A waitlist booking's change, told to its entry in the same transaction: paid (`confirmed`) makes
 * it `booked`; cancelled, expired or deleted makes it `expired` (its tickets are then offered to the
 * next by the caller's offerFreedTickets).
 */
export async function settleOffers(trx: Knex.Transaction, bookingIds: readonly string[], to: 'confirmed' | 'cancelled' | 'expired' | 'deleted', now: Date): Promise<void> {
  if (bookingIds.length === 0) return
  const change = to === 'confirmed' ? { status: 'booked' as const } : { status: 'expired' as const, reason: to === 'expired' ? 'OFFER_EXPIRED' : 'OFFER_CANCELLED' }
  await trx('waitlist_entries').whereIn('booking_id', [...bookingIds]).where('status', 'offered').update({ ...change, updated_at: now })
}

export interface JoinRequest {
  eventId: string
  userId: string
  /** Omitted: the event's only category (several: CATEGORY_REQUIRED). */
  categoryId?: string
  quantity: number
}

/** An entry with its place among those still waiting in its category (1 = next; null once it is not waiting). */
export type PlacedEntry = WaitlistEntryRow & { position: number | null }

/**
 * Puts a user on a category's waiting list, under the event's lock (so the check that tickets are
 * short and the list's order agree with every booking decided meanwhile). Refused: a category with
 * enough tickets available (TICKETS_AVAILABLE: book instead), a second active entry of the user in
 * the category (ALREADY_WAITING), more than `maxEntriesPerUser` active entries across events, and a
 * quantity above the category's or the event's per-user limit.
 */
export async function joinWaitlist(knex: Knex, request: JoinRequest, maxEntriesPerUser: number): Promise<PlacedEntry> {
  const id = await knex.transaction(async (trx) => {
    const event = await lockEvent(trx, request.eventId)
    if (!event) throw new BookingError('EVENT_NOT_FOUND', 'Event not found')
    const categories = await readCategories(trx, [event.id])
    const category = request.categoryId ? categories.find((candidate) => candidate.id === request.categoryId) : categories.length === 1 ? categories[0] : undefined
    if (!category) {
      if (request.categoryId) throw new BookingError('CATEGORY_NOT_FOUND', 'Category not found')
      throw new BookingError('CATEGORY_REQUIRED', 'This event has several ticket categories: name one in category_id', { category_id: 'required for an event with several categories' })
    }
    const limit = Math.min(event.max_tickets_per_user ?? Infinity, category.max_per_user ?? Infinity)
    if (request.quantity > limit) throw new BookingError('VALIDATION_ERROR', 'Invalid body', { quantity: `must be at most ${limit}, the per-user limit` })
    if (category.available >= request.quantity) {
      throw new BookingError('TICKETS_AVAILABLE', `${category.available} tickets of this category are available: book them instead`, { available: category.available })
    }
    const active: Array<{ event_id: string; category_id: string }> = await trx('waitlist_entries').where({ user_id: request.userId }).whereIn('status', ACTIVE).select('event_id', 'category_id')
    if (active.some((entry) => entry.category_id === category.id)) throw new BookingError('ALREADY_WAITING', 'You are already on the waiting list of this category')
    if (active.length >= maxEntriesPerUser) {
      throw new BookingError('WAITLIST_LIMIT_REACHED', `At most ${maxEntriesPerUser} waiting-list entries per user at once`, { limit: maxEntriesPerUser })
    }
    const entryId = randomUUID()
    await trx('waitlist_entries').insert({ id: entryId, event_id: event.id, category_id: category.id, user_id: request.userId, quantity: request.quantity })
    return entryId
  })
  return (await placed(knex, knex('waitlist_entries').where({ id })))[0]!
}

/**
 * Entries with their positions: one read of the entries, then one of the waiting entries ahead of
 * each waiting one (a count per entry in one statement, each over the index on (category, status,
 * seq)), so a page of 100 is two round trips, not 101.
 */
async function placed(knex: Knex, query: Knex.QueryBuilder<WaitlistEntryRow, WaitlistEntryRow[]>): Promise<PlacedEntry[]> {
  const rows: WaitlistEntryRow[] = await query
  const waiting = rows.filter((row) => row.status === 'waiting').map((row) => row.seq)
  const ahead = new Map<number, number>()
  if (waiting.length > 0) {
    const counts: Array<{ seq: number; ahead: number | string }> = await knex('waitlist_entries as w')
      .whereIn('w.seq', waiting)
      .select(
        'w.seq',
        knex.raw("(SELECT COUNT(*) FROM waitlist_entries x WHERE x.category_id = w.category_id AND x.status = 'waiting' AND x.seq < w.seq) AS ahead"),
      )
    for (const row of counts) ahead.set(Number(row.seq), Number(row.ahead))
  }
  return rows.map((row) => ({ ...row, position: row.status === 'waiting' ? (ahead.get(Number(row.seq)) ?? 0) + 1 : null }))
}

/** A user's entries for an event, in the order they joined. */
export const entriesOf = (knex: Knex, eventId: string, userId: string): Promise<PlacedEntry[]> =>
  placed(knex, knex('waitlist_entries').where({ event_id: eventId, user_id: userId }).orderBy('seq'))

/** An event's list, in order, a page at a time, with how many entries are in each status. */
export async function listWaitlist(knex: Knex, eventId: string, page: number, limit: number) {
  const [entries, counts] = await Promise.all([
    placed(knex, knex('waitlist_entries').where({ event_id: eventId }).orderBy('seq').limit(limit).offset((page - 1) * limit)),
    knex('waitlist_entries').where({ event_id: eventId }).groupBy('status').select<Array<{ status: string; n: number }>>('status', knex.raw('COUNT(*) AS n')),
  ])
  const byStatus: Record<WaitlistStatus, number> = { waiting: 0, offered: 0, booked: 0, expired: 0, left: 0 }
  for (const row of counts) byStatus[row.status as WaitlistStatus] = Number(row.n)
  return { entries, counts: byStatus, total: Object.values(byStatus).reduce((sum, n) => sum + n, 0) }
}

/**
 * Leaves the list (`left`). An entry holding an offer gives it up: its pending booking is cancelled
 * and its tickets go to the next in line, in the same transaction. An entry already ended
 * (booked, expired, left) is 409 INVALID_TRANSITION.
 */
export async function leaveWaitlist(knex: Knex, eventId: string, entryId: string, userId: string, policy: OfferPolicy = DEFAULT_OFFER_POLICY): Promise<{ entry: PlacedEntry; open: boolean }> {
  const open = await knex.transaction(async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new BookingError('EVENT_NOT_FOUND', 'Event not found')
    const entry = await trx('waitlist_entries').where({ id: entryId, event_id: eventId, user_id: userId }).forUpdate().first()
    if (!entry) throw new BookingError('WAITLIST_ENTRY_NOT_FOUND', 'Waiting-list entry not found')
    if (!(ACTIVE as readonly string[]).includes(entry.status)) throw new BookingError('INVALID_TRANSITION', `A ${entry.status} entry cannot be left`)
    const now = await databaseNow(trx)
    await trx('waitlist_entries').where({ seq: entry.seq }).update({ status: 'left', updated_at: now })
    if (entry.status !== 'offered' || !entry.booking_id) return false
    const booking: BookingRow | undefined = await trx('bookings').where({ id: entry.booking_id }).forUpdate().first()
    if (booking?.status !== 'pending') return false
    const stockWatch = await watchStock(trx, eventId)
    await trx('bookings').where({ id: booking.id }).update({ status: 'cancelled', updated_at: now })
    await releaseTicketsOf(trx, eventId, [booking])
    await recordBookingChanges(trx, [{ ...booking, status: 'cancelled', updated_at: now }], now)
    const { open } = await offerFreedTickets(trx, eventId, now, policy)
    await stockWatch.report(now)
    return open
  })
  const [entry] = await placed(knex, knex('waitlist_entries').where({ id: entryId }))
  return { entry: entry!, open }
}

/** The waiting lists' figures for the metrics: what waits per event, and how every offer made stands. */
export async function waitlistFigures(knex: Knex) {
  const [waiting, offers] = await Promise.all([
    knex('waitlist_entries').where('status', 'waiting').groupBy('event_id').select<Array<{ event_id: string; entries: number; tickets: string | number }>>('event_id', knex.raw('COUNT(*) AS entries'), knex.raw('SUM(quantity) AS tickets')),
    // An entry with a booking had an offer; `left` or `expired` with one gave it up or let it run out.
    knex('waitlist_entries').whereNotNull('booking_id').groupBy('status').select<Array<{ status: WaitlistStatus; n: number }>>('status', knex.raw('COUNT(*) AS n')),
  ])
  const count = (statuses: WaitlistStatus[]) => offers.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + Number(row.n), 0)
  return {
    waiting: waiting.map((row) => ({ event_id: row.event_id, entries: Number(row.entries), tickets: Number(row.tickets) })),
    offers: { open: count(['offered']), taken: count(['booked']), expired: count(['expired', 'left']) },
  }
}

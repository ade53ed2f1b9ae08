import type { BookingRow, Knex } from '@tickets/db'
import { BookingError } from './errors.js'
import type { StockSignals } from './stock-signals.js'
import { DB_NOW } from './clock.js'
import { databaseNow } from './clock.js'
import { lockEvent, releaseTicketsOf } from './stock.js'
import { HOLDS_TICKETS, ruleFor, type Actor, type Target } from './transitions.js'
import { DEFAULT_OFFER_POLICY, offerFreedTickets, settleOffers } from './waitlist.js'
import { recordBookingChanges, watchStock } from './outbox.js'

type Release = () => Promise<void>

/**
 * Runs `work` on a booking with both locks held, taken in the platform's one lock order:
 * the event row first, then the booking row (the worker takes the event row the same way), so
 * no two writers can deadlock on each other. The status is re-read under the locks. When `work`
 * gave the booking's tickets back, they are offered to the event's waiting lists in the same
 * transaction, and `stock` hears of what is left open after the commit (never before: a reader
 * must not see "bookable" before the tickets are).
 */
async function withLockedBooking<T>(
  knex: Knex,
  bookingId: string,
  stock: StockSignals | undefined,
  work: (trx: Knex.Transaction, booking: BookingRow, release: Release, now: Date) => Promise<T>,
): Promise<T | undefined> {
  const peek = await knex('bookings').where({ id: bookingId }).first('event_id')
  if (!peek) return undefined
  let released = false
  let open = false
  const result = await knex.transaction(async (trx) => {
    await lockEvent(trx, peek.event_id)
    // The database's clock, read with the row: every hold time is decided by it (see clock.ts).
    const found: (BookingRow & { db_now?: Date }) | undefined = await trx('bookings')
      .where({ id: bookingId })
      .forUpdate()
      .first('*', trx.raw(`${DB_NOW} AS db_now`))
    if (!found) return undefined
    const { db_now: now, ...row } = found
    // A tombstone is a booking that no longer exists, for every change.
    if (row.status === 'deleted') return undefined
    const booking = row as BookingRow
    let stockWatch: Awaited<ReturnType<typeof watchStock>> | undefined
    const release = async () => {
      stockWatch = await watchStock(trx, booking.event_id)
      await releaseTicketsOf(trx, booking.event_id, [booking])
      released = true
    }
    const answer = await work(trx, booking, release, now!)
    if (released) {
      open = (await offerFreedTickets(trx, booking.event_id, now!, stock?.offers ?? DEFAULT_OFFER_POLICY)).open
      await stockWatch!.report(now!)
    }
    return answer
  })
  if (released && open) await stock?.restocked(peek.event_id)
  return result
}

async function setStatus(trx: Knex.Transaction, booking: BookingRow, to: Target, release: Release | null, now: Date) {
  if (release) await release()
  await trx('bookings').where({ id: booking.id }).update({ status: to, updated_at: now })
  if (booking.source === 'waitlist') await settleOffers(trx, [booking.id], to, now)
  await recordBookingChanges(trx, [{ ...booking, status: to, updated_at: now }], now)
}

/**
 * Moves a booking to `to` on behalf of `actor`. The caller has already checked that the actor may
 * see the booking (owner or admin). Confirming a hold whose time is up expires it instead (tickets
 * back) and answers HOLD_EXPIRED, so payment and expiry cannot both win.
 */
export async function changeStatus(knex: Knex, bookingId: string, to: Target, actor: Actor, stock?: StockSignals, fixedNow?: Date): Promise<BookingRow> {
  const result = await withLockedBooking(knex, bookingId, stock, async (trx, booking, release, dbNow) => {
    const now = fixedNow ?? dbNow
    if (to === 'confirmed' && (booking.status === 'expired' || (booking.status === 'pending' && booking.expires_at && booking.expires_at <= now))) {
      if (booking.status === 'pending') await setStatus(trx, booking, 'expired', release, now)
      return new BookingError('HOLD_EXPIRED', 'The hold on these tickets has expired')
    }
    const rule = ruleFor(booking.status, to)
    if (!rule) return new BookingError('INVALID_TRANSITION', `A ${booking.status} booking cannot become ${to}`)
    if (!rule.by.includes(actor)) return new BookingError('FORBIDDEN', `Only ${rule.by.join(' or ')} may make a booking ${to}`)
    await setStatus(trx, booking, to, rule.releases ? release : null, now)
    return (await trx('bookings').where({ id: bookingId }).first())!
  })
  if (!result) throw new BookingError('BOOKING_NOT_FOUND', 'Booking not found')
  if (result instanceof BookingError) throw result
  return result
}

/** The system's expiry: only a pending hold whose time is up; anything else is left alone. */
export async function expireIfDue(knex: Knex, bookingId: string, stock?: StockSignals, fixedNow?: Date): Promise<boolean> {
  const expired = await withLockedBooking(knex, bookingId, stock, async (trx, booking, release, dbNow) => {
    const now = fixedNow ?? dbNow
    if (booking.status !== 'pending' || !booking.expires_at || booking.expires_at > now) return false
    await setStatus(trx, booking, 'expired', release, now)
    return true
  })
  return expired ?? false
}

/**
 * The expiry sweep: every pending hold whose time is up, at most `limit` per call, oldest first,
 * expired one event per transaction (the event locked first, in the one lock order; the holds
 * re-read under it, so a payment that committed first wins) with one UPDATE and one stock write
 * per event. Returns how many holds expired; the caller calls again while it returns `limit`.
 */
export async function expireDueHolds(knex: Knex, stock?: StockSignals, limit = 1_000, fixedNow?: Date): Promise<number> {
  // The database's clock unless a test fixes one (see clock.ts).
  const now = fixedNow ?? knex.raw(DB_NOW)
  const due: Array<{ id: string; event_id: string }> = await knex('bookings')
    .where('status', 'pending')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .select('id', 'event_id')
  const byEvent = new Map<string, string[]>()
  for (const { id, event_id } of due) {
    const ids = byEvent.get(event_id)
    if (ids) ids.push(id)
    else byEvent.set(event_id, [id])
  }
  let expired = 0
  for (const [eventId, ids] of byEvent) {
    const { open, count } = await knex.transaction(async (trx) => {
      await lockEvent(trx, eventId)
      const still: BookingRow[] = await trx('bookings')
        .whereIn('id', ids)
        .where('status', 'pending')
        .where('expires_at', '<=', now)
        .forUpdate()
        .select('*')
      if (still.length === 0) return { open: false, count: 0 }
      const ending = still.map((row) => row.id)
      const at = fixedNow ?? (await databaseNow(trx))
      const stockWatch = await watchStock(trx, eventId)
      await trx('bookings').whereIn('id', ending).update({ status: 'expired', updated_at: at })
      await releaseTicketsOf(trx, eventId, still)
      await recordBookingChanges(trx, still.map((row) => ({ ...row, status: 'expired' as const, updated_at: at })), at)
      // Expired offers end their entries, and every freed ticket goes to the waiting list first.
      await settleOffers(trx, ending, 'expired', at)
      const { open } = await offerFreedTickets(trx, eventId, at, stock?.offers ?? DEFAULT_OFFER_POLICY)
      await stockWatch.report(at)
      // Cleared before the commit too (and again after it): a client that sees its hold expired
      // and books at once must not meet the old "sold out". Safe: a batch that read its epoch
      // before this bump cannot mark the event again, and one after it waits for this lock.
      if (open) await stock?.restocked(eventId)
      return { open, count: still.length }
    })
    expired += count
    if (open) await stock?.restocked(eventId)
  }
  return expired
}

/**
 * Deletes a booking: tickets it held go back to their categories in the same transaction, and the row
 * stays as a tombstone (status `deleted`, its idempotency key kept), so a redelivered job of it
 * finds the row and changes nothing instead of booking again. The API answers 404 for it.
 */
export async function deleteBooking(knex: Knex, bookingId: string, stock?: StockSignals): Promise<BookingRow> {
  const deleted = await withLockedBooking(knex, bookingId, stock, async (trx, booking, release, now) => {
    if (HOLDS_TICKETS.includes(booking.status)) await release()
    await trx('bookings').where({ id: bookingId }).update({ status: 'deleted', updated_at: now })
    if (booking.source === 'waitlist') await settleOffers(trx, [booking.id], 'deleted', now)
    // Reported as it was before the delete (the API never shows a tombstone).
    await recordBookingChanges(trx, [{ ...booking, updated_at: now }], now, 'booking.deleted')
    return booking
  })
  if (!deleted) throw new BookingError('BOOKING_NOT_FOUND', 'Booking not found')
  return deleted
}

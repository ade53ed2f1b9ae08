import { randomUUID } from 'node:crypto'
import type { Booking, RejectionReason, StockEventData, WaitlistEntry, WebhookEventType, WebhookPayload } from '@tickets/contracts'
import { runTogether, type BookingItemRow, type BookingRow, type Knex, type WaitlistEntryRow } from '@tickets/db'
import { byPrimaryKey } from './stock.js'

/**
 * The transactional outbox: what happened, written in the transaction of the change it reports,
 * so nothing is reported that did not commit and nothing that committed goes unreported (the
 * relay picks rows up after any crash). Each row holds the exact body receivers get.
 */
export interface OutboxEvent {
  type: WebhookEventType
  data: unknown
  /** The booking it is about: the live status stream is told of it. */
  bookingId?: string
}

/** A message id as Standard Webhooks spells them (`msg_` and 32 hex digits): the `webhook-id`. */
const newMessageId = () => `msg_${randomUUID().replaceAll('-', '')}`

export async function recordEvents(trx: Knex.Transaction, events: readonly OutboxEvent[], at: Date): Promise<void> {
  const insert = recordEventsQuery(trx, events, at)
  if (insert) await insert
}

/** recordEvents' statement (null when there is nothing to record), to run with others (runTogether). */
export function recordEventsQuery(knex: Knex, events: readonly OutboxEvent[], at: Date): Knex.QueryBuilder | null {
  if (events.length === 0) return null
  const timestamp = at.toISOString()
  return knex('outbox_events').insert(
    events.map((event) => ({
      id: newMessageId(),
      type: event.type,
      booking_id: event.bookingId ?? null,
      body: JSON.stringify({ type: event.type, timestamp, data: event.data } satisfies WebhookPayload),
      created_at: at,
    })),
  )
}

/**
 * The statement for the event types some enabled webhook endpoint subscribes to (typesOf reads its
 * rows), run in the caller's transaction. The group commit writes a decision's row only when
 * someone wants it: a platform without webhooks pays nothing per booking for them. Read in the
 * transaction, after its locks, so an endpoint registered before the batch decides is told of the
 * batch's decisions.
 */
export const subscribedTypesQuery = (knex: Knex): Knex.QueryBuilder => knex('webhook_endpoints').where({ enabled: true }).select('events')

export const typesOf = (rows: ReadonlyArray<{ events: string }>): Set<string> => new Set(rows.flatMap((row) => JSON.parse(row.events) as string[]))

type BookingFields = Omit<BookingRow, 'idempotency_key' | 'request_fingerprint' | 'status'> & { status: BookingRow['status'] }

/** A booking as the API shows it (GET /api/bookings/:id), without the user and event summaries. */
export function bookingResource(row: BookingFields, items: ReadonlyArray<Pick<BookingItemRow, 'category_id' | 'name' | 'quantity' | 'unit_price'>>): Booking {
  return {
    id: row.id,
    user_id: row.user_id,
    event_id: row.event_id,
    quantity: row.quantity,
    total_price: row.total_price,
    // A tombstone is reported (booking.deleted) as it was; the API never shows `deleted`.
    status: row.status as Booking['status'],
    reason: (row.reason as RejectionReason | null) ?? null,
    reason_detail: row.reason_detail ? (JSON.parse(row.reason_detail) as Record<string, unknown>) : null,
    expires_at: row.expires_at ? row.expires_at.toISOString() : null,
    items: items.map((item) => ({ category_id: item.category_id, name: item.name, quantity: item.quantity, unit_price: item.unit_price })),
    source: row.source,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}

/**
 * `booking.<status>` for each row as it now stands (or `type` for all, e.g. booking.deleted with
 * the row as it was), their lines read in one query.
 */
export async function recordBookingChanges(trx: Knex.Transaction, rows: readonly BookingFields[], at: Date, type?: WebhookEventType): Promise<void> {
  if (rows.length === 0) return
  const items: BookingItemRow[] = await trx('booking_items').whereIn('booking_id', rows.map((row) => row.id)).orderBy(['booking_id', 'category_id'])
  await recordEvents(
    trx,
    rows.map((row) => ({
      type: type ?? (`booking.${row.status}` as WebhookEventType),
      data: bookingResource(row, items.filter((item) => item.booking_id === row.id)),
      bookingId: row.id,
    })),
    at,
  )
}

/** A waiting-list entry as the API shows it once offered (no longer waiting: no position). */
export function offeredEntry(entry: WaitlistEntryRow, bookingId: string, expiresAt: Date, at: Date): WaitlistEntry {
  return {
    id: entry.id,
    event_id: entry.event_id,
    category_id: entry.category_id,
    user_id: entry.user_id,
    quantity: entry.quantity,
    status: 'offered',
    position: null,
    booking_id: bookingId,
    offer_expires_at: expiresAt.toISOString(),
    reason: null,
    created_at: entry.created_at.toISOString(),
    updated_at: at.toISOString(),
  }
}

/** An event's stock and its categories', as one transaction saw them (before or after a change). */
export interface StockSnapshot {
  event: { id: string; name: string; total: number; available: number } | undefined
  categories: ReadonlyArray<{ id: string; name: string; total: number; available: number }>
}

/** Reads a locked event's stock. */
async function readStock(trx: Knex.Transaction, eventId: string): Promise<StockSnapshot> {
  const [event, categories] = await Promise.all([
    trx('events').where({ id: eventId }).first('id', 'name', 'total_tickets', 'available_tickets'),
    trx('ticket_categories').where({ event_id: eventId }).orderBy('position').select('id', 'name', 'capacity', 'available'),
  ])
  return {
    event: event && { id: event.id, name: event.name, total: event.total_tickets, available: event.available_tickets },
    categories: categories.map((row) => ({ id: row.id, name: row.name, total: row.capacity, available: row.available })),
  }
}

/**
 * What changed between two pictures of an event's stock: `*.sold_out` for stock that reached 0,
 * `*.restocked` for stock that was 0 and is not any more.
 */
export function stockEvents(before: StockSnapshot, after: StockSnapshot): { events: OutboxEvent[]; soldOutCategories: string[]; eventSoldOut: boolean } {
  const events: OutboxEvent[] = []
  const soldOutCategories: string[] = []
  const was = new Map(before.categories.map((category) => [category.id, category.available]))
  for (const category of after.categories) {
    const previous = was.get(category.id)
    const data: StockEventData = { event_id: after.event!.id, category_id: category.id, name: category.name, total: category.total, available: category.available }
    if (category.available === 0 && previous !== 0) {
      events.push({ type: 'category.sold_out', data })
      soldOutCategories.push(category.id)
    } else if (category.available > 0 && previous === 0) {
      events.push({ type: 'category.restocked', data })
    }
  }
  let eventSoldOut = false
  if (after.event && before.event) {
    const data: StockEventData = { event_id: after.event.id, name: after.event.name, total: after.event.total, available: after.event.available }
    if (after.event.available === 0 && before.event.available !== 0) {
      events.push({ type: 'event.sold_out', data })
      eventSoldOut = true
    } else if (after.event.available > 0 && before.event.available === 0) {
      events.push({ type: 'event.restocked', data })
    }
  }
  return { events, soldOutCategories, eventSoldOut }
}

/**
 * Records an event's stock transitions in the outbox, and the first time each of its categories
 * and the event itself sold out (kept once set: the sales figures' sell-out time).
 */
async function recordStockChanges(trx: Knex.Transaction, before: StockSnapshot, after: StockSnapshot, at: Date): Promise<void> {
  await runTogether(trx, stockChangeQueries(trx, before, after, at))
}

/** recordStockChanges' statements (none when nothing crossed 0), to run with others (runTogether), in this order. */
export function stockChangeQueries(knex: Knex, before: StockSnapshot, after: StockSnapshot, at: Date): Knex.QueryBuilder[] {
  if (!after.event) return []
  const { events, soldOutCategories, eventSoldOut } = stockEvents(before, after)
  if (events.length === 0) return []
  return [
    recordEventsQuery(knex, events, at),
    soldOutCategories.length > 0 && knex(byPrimaryKey(knex, 'ticket_categories')).whereIn('id', soldOutCategories).whereNull('first_sold_out_at').update({ first_sold_out_at: at }),
    eventSoldOut && knex('events').where({ id: after.event.id }).whereNull('first_sold_out_at').update({ first_sold_out_at: at }),
  ].filter((query): query is Knex.QueryBuilder => Boolean(query))
}

/**
 * Watches a locked event's stock across a change made in the caller's transaction: reads it now,
 * and `report(at)` reads it again and records what crossed 0 in between (see recordStockChanges).
 */
export async function watchStock(trx: Knex.Transaction, eventId: string): Promise<{ report: (at: Date) => Promise<void> }> {
  const before = await readStock(trx, eventId)
  return { report: async (at) => recordStockChanges(trx, before, await readStock(trx, eventId), at) }
}

import type { RejectionReason } from '@tickets/contracts'
import { groupedTransaction, roundsOf, type BookingRow, type CategoryRow, type EventRow, type Knex, type StoredBookingStatus, type TransactionRounds } from '@tickets/db'
import { clockQuery, type ClockRows } from './clock.js'
import { decideBooking, type CategoryState, type OrderLine } from './decide.js'
import { categoriesQuery, lockEventsQuery, takeTicketsQueries } from './stock.js'
import { HOLDS_TICKETS } from './transitions.js'
import { bookingResource, recordEventsQuery, stockChangeQueries, subscribedTypesQuery, typesOf, type OutboxEvent, type StockSnapshot } from './outbox.js'

/** One accepted booking request, as the queue carries it (no secrets, no personal data). */
export interface BookingRequest {
  booking_id: string
  user_id: string
  event_id: string
  /** The sum of the lines' quantities. */
  quantity: number
  /**
   * The lines, one per category. Absent (a job queued before categories existed): the whole
   * quantity of the event's first category.
   */
  items?: readonly OrderLine[]
  idempotency_key: string | null
  request_fingerprint: string | null
}

export interface BookingOutcome {
  booking_id: string
  status: StoredBookingStatus
  /**
   * Why it was rejected. USER_NOT_FOUND is the worker's own: the account was deleted after the
   * request was accepted, so there is no one to store the booking for (a user's bookings go with
   * the user, ON DELETE CASCADE); it ends here, never retried, and only the finished job says so
   * (an administrator sees it while BullMQ keeps the job).
   */
  reason: RejectionReason | null
  /** When a pending hold ends, else null. */
  expires_at: Date | null
  /** False when the booking already existed: this delivery was a repeat and changed nothing. */
  created: boolean
}

export interface BatchCommit {
  /** One per request, in order. */
  outcomes: BookingOutcome[]
  /** Each known event's tickets left after this batch (an unknown event has no entry). */
  available: Map<string, number>
  /** The categories of the batch's events left with no tickets, by event (the sold-out records' input). */
  soldOut: Map<string, string[]>
}

export interface CommitOptions {
  /** The moment the batch is decided at; omitted (always, outside tests): the database's clock, read with the event locks. */
  now?: Date
  holdTtlSeconds: number
  /** MAX_HELD_TICKETS_PER_USER: unpaid held tickets one user may have across all events; omitted: no cap. */
  maxHeldPerUser?: number
}

type StoredKey = Pick<BookingRow, 'id' | 'user_id' | 'idempotency_key' | 'status' | 'reason' | 'expires_at'>

const keyOf = (userId: string, key: string) => `${userId}\u0000${key}`

/**
 * Group commit: decides a batch of requests, for one event or many, inside the caller's
 * transaction, exactly as deciding them one at a time in the same order would, with one lock
 * statement and a fixed number of statements whatever the batch size or the number of events,
 * in two round trips (three when the batch asks for a category with a per-user limit of its own);
 * commitBookingsAtomically runs it in a transaction of its own whose BEGIN and COMMIT ride along,
 * which is how the worker commits (see groupedTransaction):
 *
 * 1. lock the batch's events, in primary-key order (see lockEvents), then, under those locks, read
 *    their categories, the bookings that already exist for the batch's ids (redeliveries:
 *    reported, never decided again) or hold one of its (user, idempotency key) pairs, the batch's
 *    users that still exist (locked in share mode, so none is deleted before this commit), the
 *    event types webhook endpoints subscribe to, and what each user of the batch holds: its unpaid
 *    tickets across events (the held-tickets cap) and its tickets for each event of the batch with
 *    a per-user limit (see holdingsQuery): one round trip;
 * 2. only when the batch asks for a category with a limit of its own: each user's tickets of those
 *    categories, one round trip;
 * 3. decide in arrival order with the pure decision, all or nothing per request, carrying each
 *    category's stock and each user's totals forward;
 * 4. one multi-row INSERT of every new decision, granted and rejected alike (a rejection is a row,
 *    so a redelivered rejected job gets the same answer), one of their lines, one UPDATE of the
 *    categories' stock and one of the events' (their sums), one multi-row INSERT into the outbox
 *    of `booking.<status>` for every new decision some webhook endpoint subscribes to, and the
 *    sell-outs the batch caused (see outbox.ts): one round trip, which commits them when the
 *    transaction is commitBookingsAtomically's.
 *
 * Many events in one transaction is what makes a sale of many events as cheap per booking as one
 * hot event: the statements, round trips and the commit's log flush are shared by the whole batch.
 * Two round trips instead of a dozen also hold the events' locks for less time.
 *
 * A request whose idempotency key already names another booking (its Redis claim had expired) is
 * still accepted and must end somewhere, so it is stored without the key: the unique key is never
 * left to fail the multi-row INSERT. A single booking is the batch of one.
 *
 * Returns one outcome per request, in order, the stock each event has left, and the categories left
 * with none (the caller may record them as sold out after the commit, see sold-out-records.ts). Lock conflicts and infrastructure errors
 * propagate: the caller retries the whole batch, and step 1 makes the rerun idempotent.
 */
export async function commitBookings(trx: Knex.Transaction, requests: readonly BookingRequest[], options: CommitOptions): Promise<BatchCommit> {
  return decideBatch(roundsOf(trx), requests, options)
}

/** commitBookings in a transaction of its own, committed with the batch's writes (two round trips in all). */
export async function commitBookingsAtomically(knex: Knex, requests: readonly BookingRequest[], options: CommitOptions): Promise<BatchCommit> {
  return groupedTransaction(knex, (rounds) => decideBatch(rounds, requests, options))
}

async function decideBatch(rounds: TransactionRounds, requests: readonly BookingRequest[], { now: fixedNow, holdTtlSeconds, maxHeldPerUser }: CommitOptions): Promise<BatchCommit> {
  if (requests.length === 0) return { outcomes: [], available: new Map(), soldOut: new Map() }
  const { knex } = rounds

  const eventIds = [...new Set(requests.map((request) => request.event_id))]
  const keyed = requests.filter((request) => request.idempotency_key !== null)
  const capped = maxHeldPerUser !== undefined
  const batchUsers = [...new Set(requests.map((request) => request.user_id))]
  // In this order, in one round trip: the lock first, and everything else read under it (every
  // writer of a category holds its event's lock; the existing bookings are read after it, so the
  // snapshot includes every commit of every earlier holder of it). The users of redelivered
  // requests are read (and share-locked), and their holdings too: cheaper than a round trip to
  // leave them out.
  const [lockedRows, categoryRows, stored, presentRows, endpointRows, heldRows] = (await rounds.run([
    lockEventsQuery(knex, eventIds),
    categoriesQuery(knex, eventIds),
    knex('bookings')
      .select('id', 'user_id', 'idempotency_key', 'status', 'reason', 'expires_at')
      .whereIn('id', [...new Set(requests.map((request) => request.booking_id))])
      .modify((query) => {
        if (keyed.length > 0) query.orWhereIn(['user_id', 'idempotency_key'], keyed.map((request) => [request.user_id, request.idempotency_key!]))
      }),
    knex('users').whereIn('id', batchUsers).forShare().select('id'),
    subscribedTypesQuery(knex),
    holdingsQuery(knex, batchUsers, eventIds, capped),
  ])) as [Array<EventRow & { db_now?: Date }>, CategoryRow[], StoredKey[], Array<{ id: string }>, Array<{ events: string }>, HoldingRow[]]
  // No event found (all unknown): the clock alone, in a round trip of its own.
  const now = fixedNow ?? lockedRows[0]?.db_now ?? ((await rounds.run([clockQuery(knex)]))[0] as ClockRows)[0]!.db_now
  for (const row of lockedRows) delete row.db_now
  const events = new Map<string, EventRow>(lockedRows.map((event) => [event.id, event]))
  const categories = new Map<string, CategoryState>(categoryRows.map((row) => [row.id, { ...row }]))
  const categoriesOf = new Map<string, Map<string, CategoryState>>()
  for (const row of categoryRows) {
    const ofEvent = categoriesOf.get(row.event_id) ?? new Map<string, CategoryState>()
    ofEvent.set(row.id, categories.get(row.id)!)
    categoriesOf.set(row.event_id, ofEvent)
  }
  const linesOf = (request: BookingRequest): readonly OrderLine[] => {
    if (request.items) return request.items
    const first = categoriesOf.get(request.event_id)?.keys().next().value
    return first === undefined ? [] : [{ category_id: first, quantity: request.quantity }]
  }

  const existing = new Map(stored.map((row) => [row.id, row]))
  const takenKeys = new Set(stored.filter((row) => row.idempotency_key !== null).map((row) => keyOf(row.user_id, row.idempotency_key!)))

  const users = [...new Set(requests.filter((request) => !existing.has(request.booking_id)).map((request) => request.user_id))]
  const present = new Set<string>(presentRows.map((row) => row.id))

  const held = new Map<string, number>()
  const holding = new Map<string, number>()
  for (const row of heldRows) {
    if (row.for_event !== '') held.set(keyOf(row.user_id, row.for_event), Number(row.tickets ?? 0))
    if (capped) holding.set(row.user_id, (holding.get(row.user_id) ?? 0) + Number(row.unpaid ?? 0))
  }
  const limitedCategories = [...new Set(requests.flatMap((request) => linesOf(request).map((line) => line.category_id)))].filter(
    (id) => categories.get(id)?.max_per_user != null,
  )
  if (limitedCategories.length > 0 && users.length > 0) {
    const [categoryHeldRows] = (await rounds.run([categoryHoldingsQuery(knex, users, limitedCategories)])) as [CategoryHoldingRow[]]
    for (const row of categoryHeldRows) held.set(keyOf(row.user_id, row.category_id), Number(row.tickets ?? 0))
  }

  const available = new Map(eventIds.filter((id) => events.has(id)).map((id) => [id, events.get(id)!.available_tickets]))
  const granted = new Map<string, number>()
  const grantedOf = new Map<string, number>()
  const lineInserts: Array<{ booking_id: string; category_id: string; name: string; quantity: number; unit_price: string }> = []
  const decided = new Map<string, BookingOutcome>()
  const inserts: Array<Omit<BookingRow, 'source'>> = []
  const outcomes = requests.map((request): BookingOutcome => {
    const row = existing.get(request.booking_id)
    if (row) return outcomeOf(row)
    // The same job twice in one batch (a stalled job delivered again while its twin waits).
    const twin = decided.get(request.booking_id)
    if (twin) return { ...twin, created: false }
    if (!present.has(request.user_id)) {
      const gone: BookingOutcome = { booking_id: request.booking_id, status: 'rejected', reason: 'USER_NOT_FOUND', expires_at: null, created: true }
      decided.set(request.booking_id, gone)
      return gone
    }

    let idempotencyKey = request.idempotency_key
    if (idempotencyKey !== null) {
      const key = keyOf(request.user_id, idempotencyKey)
      if (takenKeys.has(key)) idempotencyKey = null
      else takenKeys.add(key)
    }

    const eventId = request.event_id
    const event = events.get(eventId)
    const heldKey = keyOf(request.user_id, eventId)
    const alreadyBooked = held.get(heldKey) ?? 0
    const userHolds = holding.get(request.user_id) ?? 0
    const lines = linesOf(request)
    // The booking's quantity is its lines' (the intake sent their sum; a job is not trusted for it).
    const quantity = lines.length > 0 ? lines.reduce((sum, line) => sum + line.quantity, 0) : request.quantity
    const decision = decideBooking({
      event,
      categories: categoriesOf.get(eventId) ?? new Map(),
      lines,
      alreadyBooked,
      alreadyInCategory: (categoryId) => held.get(keyOf(request.user_id, categoryId)) ?? 0,
      ...(maxHeldPerUser === undefined ? {} : { holds: { held: userHolds, max: maxHeldPerUser } }),
      now,
      holdTtlSeconds,
    })
    if (decision.status !== 'rejected') {
      available.set(eventId, available.get(eventId)! - quantity)
      granted.set(eventId, (granted.get(eventId) ?? 0) + quantity)
      held.set(heldKey, alreadyBooked + quantity)
      for (const line of decision.lines) {
        categories.get(line.category_id)!.available -= line.quantity
        grantedOf.set(line.category_id, (grantedOf.get(line.category_id) ?? 0) + line.quantity)
        const categoryKey = keyOf(request.user_id, line.category_id)
        held.set(categoryKey, (held.get(categoryKey) ?? 0) + line.quantity)
      }
      if (decision.status === 'pending') holding.set(request.user_id, userHolds + quantity)
    }
    for (const line of decision.lines) {
      lineInserts.push({ booking_id: request.booking_id, category_id: line.category_id, name: line.name, quantity: line.quantity, unit_price: line.unit_price })
    }
    const rejected = decision.status === 'rejected'
    inserts.push({
      id: request.booking_id,
      user_id: request.user_id,
      event_id: eventId,
      quantity,
      total_price: decision.total_price,
      status: decision.status,
      reason: rejected ? decision.reason : null,
      reason_detail: rejected && decision.detail ? JSON.stringify(decision.detail) : null,
      expires_at: rejected ? null : decision.expires_at,
      idempotency_key: idempotencyKey,
      request_fingerprint: request.request_fingerprint,
      // The decision's moment, as its outbox row reports it.
      created_at: now,
      updated_at: now,
    })
    const outcome: BookingOutcome = {
      booking_id: request.booking_id,
      status: decision.status,
      reason: rejected ? decision.reason : null,
      expires_at: rejected ? null : decision.expires_at,
      created: true,
    }
    decided.set(request.booking_id, outcome)
    return outcome
  })

  const soldOut = new Map<string, string[]>()
  for (const [eventId, ofEvent] of categoriesOf) {
    const none = [...ofEvent.values()].filter((category) => category.available === 0).map((category) => category.id)
    if (none.length > 0) soldOut.set(eventId, none)
  }
  // A commit only takes tickets, so the only stock transition it can cause is a sell-out: only
  // events that sold something and have a category at 0 can have one to report (once per event).
  const sellOuts = [...granted.keys()]
    .filter((eventId) => soldOut.has(eventId))
    .flatMap((eventId) => stockChangeQueries(knex, ...stockPictures(events.get(eventId)!, categoryRows, categoriesOf.get(eventId)!, available.get(eventId)!), now))
  // The decisions, their lines, the stock they took, the outbox rows someone wants and the
  // sell-outs: one round trip, and the commit with it when the transaction is ours.
  await rounds.run(
    [
      inserts.length > 0 && knex('bookings').insert(inserts),
      lineInserts.length > 0 && knex('booking_items').insert(lineInserts),
      ...takeTicketsQueries(knex, grantedOf, granted),
      recordEventsQuery(knex, reportedDecisions(inserts, lineInserts, typesOf(endpointRows)), now),
      ...sellOuts,
    ],
    { commit: true },
  )
  return { outcomes, available, soldOut }
}

type HoldingRow = { user_id: string; for_event: string; tickets: string | number | null; unpaid: string | number | null }

/**
 * What each user of the batch holds, in one read over their own bookings (index user_id, status,
 * event_id, quantity: no row is read), sent with the event locks so it costs no round trip of its
 * own: tickets for each event of the batch with a per-user limit (which events have one, a
 * subquery reads under the locks the first statement took, so no answer is awaited first) and,
 * with a cap, unpaid tickets across every event (other events fold into one group per user). Without a cap
 * only the limited events' bookings are read: nothing at all when no event of the batch has a
 * limit. Read without locking the users on purpose: locking them would serialise the batches of
 * different events that share users (every batch of a big sale). So two batches committing at the
 * same moment can each let one user pass the cap once; the per-event limit, read under the event
 * lock, stays exact.
 */
function holdingsQuery(knex: Knex, users: readonly string[], eventIds: readonly string[], capped: boolean): Knex.QueryBuilder {
  const limited = knex('events').whereIn('id', [...eventIds]).whereNotNull('max_tickets_per_user').select('id')
  return knex('bookings')
    .whereIn('user_id', [...users])
    .whereIn('status', HOLDS_TICKETS)
    .modify((query) => {
      if (!capped) query.whereIn('event_id', limited)
    })
    .groupBy('user_id', 'for_event')
    .select(
      'user_id',
      knex.raw("CASE WHEN event_id IN ? THEN event_id ELSE '' END AS for_event", [limited]),
      knex.raw('SUM(quantity) AS tickets'),
      knex.raw("SUM(CASE WHEN status = 'pending' THEN quantity ELSE 0 END) AS unpaid"),
    )
}

type CategoryHoldingRow = { user_id: string; category_id: string; tickets: string | number | null }

/** What each user of the batch holds of each category with a per-user limit (booking lines of their active bookings). */
function categoryHoldingsQuery(knex: Knex, users: readonly string[], limitedCategories: readonly string[]): Knex.QueryBuilder {
  return knex('booking_items as i')
    .join('bookings as b', 'b.id', 'i.booking_id')
    .whereIn('b.user_id', [...users])
    .whereIn('b.status', HOLDS_TICKETS)
    .whereIn('i.category_id', [...limitedCategories])
    .groupBy('b.user_id', 'i.category_id')
    .select('b.user_id', 'i.category_id', knex.raw('SUM(i.quantity) AS tickets'))
}

/** An event's stock before the batch (as locked and read) and after it (as decided in memory). */
function stockPictures(event: EventRow, categoryRows: readonly CategoryRow[], decided: ReadonlyMap<string, CategoryState>, available: number): [StockSnapshot, StockSnapshot] {
  const rows = categoryRows.filter((row) => row.event_id === event.id)
  return [
    {
      event: { id: event.id, name: event.name, total: event.total_tickets, available: event.available_tickets },
      categories: rows.map((row) => ({ id: row.id, name: row.name, total: row.capacity, available: row.available })),
    },
    {
      event: { id: event.id, name: event.name, total: event.total_tickets, available },
      categories: rows.map((row) => ({ id: row.id, name: row.name, total: row.capacity, available: decided.get(row.id)?.available ?? row.available })),
    },
  ]
}

/** The outbox events of the batch's new decisions: `booking.<status>` for each some webhook endpoint subscribes to. */
function reportedDecisions(
  inserts: ReadonlyArray<Omit<BookingRow, 'source'>>,
  lines: ReadonlyArray<{ booking_id: string; category_id: string; name: string; quantity: number; unit_price: string }>,
  wanted: ReadonlySet<string>,
): OutboxEvent[] {
  const reported = inserts.filter((row) => wanted.has(`booking.${row.status}`))
  if (reported.length === 0) return []
  const linesOf = new Map<string, typeof lines[number][]>()
  for (const line of lines) {
    const of = linesOf.get(line.booking_id)
    if (of) of.push(line)
    else linesOf.set(line.booking_id, [line])
  }
  return reported.map((row) => ({
    type: `booking.${row.status as 'pending' | 'confirmed' | 'rejected'}`,
    data: bookingResource({ ...row, source: 'direct' }, linesOf.get(row.id) ?? []),
    bookingId: row.id,
  }))
}

function outcomeOf(row: StoredKey): BookingOutcome {
  return {
    booking_id: row.id,
    status: row.status,
    reason: (row.reason as RejectionReason | null) ?? null,
    expires_at: row.expires_at,
    created: false,
  }
}

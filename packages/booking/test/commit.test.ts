import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, type EventRow, type Knex, type StoredBookingStatus } from '@tickets/db'
import { createRandom, insertEvent, insertUser, stockOf } from '@tickets/testing'
import { commitBookings, commitBookingsAtomically, deleteBooking, type BookingRequest } from '../src/index.js'

// As the worker connects: a batch's statements go in two round trips (runTogether). `oneByOne`
// connects without that, so each statement is a round trip of its own: the same decisions either way.
let knex: Knex
let oneByOne: Knex
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 4, multipleStatements: true })
  oneByOne = createKnex(inject('mysqlUrl'), { poolMax: 2 })
})
afterAll(async () => {
  await Promise.all([knex.destroy(), oneByOne.destroy()])
})

const now = new Date('2026-11-22T10:00:00.000Z')
const options = { now, holdTtlSeconds: 900 }
const future = new Date('2027-06-01T19:00:00.000Z')

const request = (userId: string, eventId: string, quantity: number, key: string | null = null): BookingRequest => ({
  booking_id: randomUUID(),
  user_id: userId,
  event_id: eventId,
  quantity,
  idempotency_key: key,
  request_fingerprint: key ? `fp-${quantity}` : null,
})

/** Runs `work` in a transaction that is always rolled back, so two runs can start from the same state. */
async function rolledBack<T>(work: (trx: Knex.Transaction) => Promise<T>, on: Knex = knex): Promise<T> {
  const trx = await on.transaction()
  try {
    return await work(trx)
  } finally {
    await trx.rollback()
  }
}

/** Everything a decision writes: the rows of the requested ids and the event's stock. */
async function writtenBy(trx: Knex.Transaction, eventId: string, ids: string[]) {
  const rows = await trx('bookings')
    .whereIn('id', ids)
    .orderBy('id')
    .select('id', 'user_id', 'event_id', 'quantity', 'total_price', 'status', 'reason', 'reason_detail', 'expires_at', 'idempotency_key', 'request_fingerprint')
  const event = await trx('events').where({ id: eventId }).first('available_tickets')
  const [active] = await trx('bookings').where({ event_id: eventId }).whereIn('status', ['pending', 'confirmed']).sum<{ held: string | null }[]>({ held: 'quantity' })
  return { rows, available: event?.available_tickets ?? null, held: Number(active?.held ?? 0) }
}

describe('commitBookings', () => {
  it('sends a batch of many events and users in two round trips: the reads under the locks with what the users hold, the writes', async () => {
    const [ada, bob] = [await insertUser(knex), await insertUser(knex)]
    const events = [await insertEvent(knex, { total_tickets: 5, event_date: future }), await insertEvent(knex, { total_tickets: 5, max_tickets_per_user: 2, event_date: future })]
    const batch = [request(ada.id, events[0]!.id, 2), request(bob.id, events[1]!.id, 2), request(ada.id, events[1]!.id, 3)]
    let trips = 0
    const count = () => void trips++
    const { outcomes } = await rolledBack(async (trx) => {
      knex.on('query', count)
      try {
        return await commitBookings(trx, batch, { ...options, maxHeldPerUser: 10 })
      } finally {
        knex.off('query', count)
      }
    })
    expect(outcomes.map((o) => o.reason)).toEqual([null, null, 'LIMIT_EXCEEDED'])
    expect(trips).toBe(2)
  })

  it('commits a batch in a transaction of its own in two round trips, BEGIN and COMMIT included, sell-out and all', async () => {
    const [ada, bob] = [await insertUser(knex), await insertUser(knex)]
    const events = [await insertEvent(knex, { total_tickets: 2, event_date: future }), await insertEvent(knex, { total_tickets: 5, max_tickets_per_user: 2, event_date: future })]
    const batch = [request(ada.id, events[0]!.id, 2), request(bob.id, events[1]!.id, 2), request(ada.id, events[1]!.id, 3)]
    const sent: string[] = []
    const record = (query: { sql: string }) => void sent.push(query.sql)
    knex.on('query', record)
    try {
      const { outcomes, soldOut } = await commitBookingsAtomically(knex, batch, { ...options, maxHeldPerUser: 10 })
      expect(outcomes.map((o) => o.reason)).toEqual([null, null, 'LIMIT_EXCEEDED'])
      expect([...soldOut.keys()]).toEqual([events[0]!.id])
    } finally {
      knex.off('query', record)
    }
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatch(/^BEGIN;/)
    expect(sent[1]).toMatch(/;\nCOMMIT$/)
    // Committed, as another connection sees it: the stock, the rows, the sell-out's outbox row.
    expect(await stockOf(oneByOne, events[0]!.id)).toMatchObject({ available: 0, held: 2, consistent: true })
    expect(await stockOf(oneByOne, events[1]!.id)).toMatchObject({ available: 3, held: 2, consistent: true })
    expect(await oneByOne('bookings').whereIn('id', batch.map((r) => r.booking_id)).count({ n: '*' })).toEqual([{ n: 3 }])
    expect(await oneByOne('events').where({ id: events[0]!.id }).first('first_sold_out_at')).toEqual({ first_sold_out_at: now })
  })

  it('reads what users hold of a category with a limit of its own in one more round trip', async () => {
    const ada = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 5, event_date: future })
    await knex('ticket_categories').where({ event_id: event.id }).update({ max_per_user: 1 })
    let trips = 0
    const count = () => void trips++
    knex.on('query', count)
    try {
      const { outcomes } = await commitBookingsAtomically(knex, [request(ada.id, event.id, 1), request(ada.id, event.id, 1)], options)
      expect(outcomes.map((o) => o.reason)).toEqual([null, 'LIMIT_EXCEEDED'])
    } finally {
      knex.off('query', count)
    }
    expect(trips).toBe(3)
  })

  it('caps unpaid held tickets across events, counting the batch itself', async () => {
    const ada = await insertUser(knex)
    const [first, second] = [await insertEvent(knex, { total_tickets: 50, ticket_price: '5.00', event_date: future }), await insertEvent(knex, { total_tickets: 50, ticket_price: '5.00', event_date: future })]
    const capped = { ...options, maxHeldPerUser: 10 }
    await knex.transaction((trx) => commitBookings(trx, [request(ada.id, first.id, 6)], capped))
    const batch = [request(ada.id, second.id, 3), request(ada.id, second.id, 2), request(ada.id, second.id, 1)]
    const { outcomes } = await knex.transaction((trx) => commitBookings(trx, batch, capped))
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['pending', null],
      ['rejected', 'HOLD_LIMIT_EXCEEDED'],
      ['pending', null],
    ])
    const rejected = await knex('bookings').where({ id: batch[1]!.booking_id }).first()
    expect(JSON.parse(rejected!.reason_detail!)).toEqual({ limit: 10, held: 9, requested: 2 })
  })

  it('ends a request of a user deleted since it was accepted as USER_NOT_FOUND, storing nothing, and decides the rest', async () => {
    const ada = await insertUser(knex)
    const gone = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 5, ticket_price: '10.00', event_date: future })
    await knex('users').where({ id: gone.id }).delete()
    const batch = [request(gone.id, event.id, 2), request(ada.id, event.id, 2)]
    const { outcomes, available } = await knex.transaction((trx) => commitBookings(trx, batch, options))
    expect(outcomes.map((o) => [o.status, o.reason, o.created])).toEqual([
      ['rejected', 'USER_NOT_FOUND', true],
      ['pending', null, true],
    ])
    expect(available.get(event.id)).toBe(3)
    expect(await knex('bookings').where({ id: batch[0]!.booking_id }).first()).toBeUndefined()
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 3, held: 2, consistent: true })
  })

  it('decides in arrival order, carrying stock and each user\'s total through the batch', async () => {
    const [ada, bob] = [await insertUser(knex), await insertUser(knex)]
    const event = await insertEvent(knex, { total_tickets: 7, max_tickets_per_user: 4, ticket_price: '10.00', event_date: future })
    const batch = [request(ada.id, event.id, 3), request(ada.id, event.id, 2), request(bob.id, event.id, 4), request(ada.id, event.id, 1), request(bob.id, event.id, 1)]
    const outcomes = (await knex.transaction((trx) => commitBookings(trx, batch, options))).outcomes
    expect(outcomes.map((o) => [o.status, o.reason, o.created])).toEqual([
      ['pending', null, true],
      ['rejected', 'LIMIT_EXCEEDED', true],
      ['pending', null, true],
      ['rejected', 'SOLD_OUT', true],
      // Bob already holds 4: the limit is checked before the stock.
      ['rejected', 'LIMIT_EXCEEDED', true],
    ])
    expect(outcomes[0]!.expires_at).toEqual(new Date(now.getTime() + 900_000))
    const sold = await knex('bookings').where({ id: batch[3]!.booking_id }).first()
    expect(JSON.parse(sold!.reason_detail!)).toEqual({ category_id: expect.any(String), available: 0, requested: 1 })
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 0, held: 7, consistent: true })
  })

  it('reports a redelivered id as it was decided, granted or rejected, and decides nothing twice', async () => {
    const user = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 3, event_date: future })
    const granted = request(user.id, event.id, 2)
    const refused = request(user.id, event.id, 5)
    await knex.transaction((trx) => commitBookings(trx, [granted, refused], options))

    const fresh = request(user.id, event.id, 1)
    // The same jobs again, one of them twice in the batch, next to a new one.
    const outcomes = (await knex.transaction((trx) => commitBookings(trx, [refused, granted, fresh, fresh, granted], options))).outcomes
    expect(outcomes.map((o) => [o.booking_id, o.status, o.reason, o.created])).toEqual([
      [refused.booking_id, 'rejected', 'SOLD_OUT', false],
      [granted.booking_id, 'pending', null, false],
      [fresh.booking_id, 'pending', null, true],
      [fresh.booking_id, 'pending', null, false],
      [granted.booking_id, 'pending', null, false],
    ])
    expect(await knex('bookings').where({ event_id: event.id }).count({ n: '*' })).toEqual([{ n: 3 }])
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 0, held: 3, consistent: true })
  })

  it('keeps an idempotency key on the first booking that uses it, in the batch or before it, and still decides the others', async () => {
    const user = await insertUser(knex)
    const [first, second] = [await insertEvent(knex, { event_date: future }), await insertEvent(knex, { event_date: future })]
    const older = request(user.id, first.id, 1, 'order-1')
    await knex.transaction((trx) => commitBookings(trx, [older], options))

    // order-1 already names a booking of another event; order-2 is used twice inside the batch.
    const batch = [request(user.id, second.id, 1, 'order-1'), request(user.id, second.id, 1, 'order-2'), request(user.id, second.id, 2, 'order-2')]
    const outcomes = (await knex.transaction((trx) => commitBookings(trx, batch, options))).outcomes
    expect(outcomes.map((o) => [o.status, o.created])).toEqual([
      ['pending', true],
      ['pending', true],
      ['pending', true],
    ])
    const keys = await knex('bookings').whereIn('id', batch.map((r) => r.booking_id)).select('id', 'idempotency_key')
    const keyOf = (r: BookingRequest) => keys.find((row) => row.id === r.booking_id)!.idempotency_key
    expect(batch.map(keyOf)).toEqual([null, 'order-2', null])
    expect(await stockOf(knex, second.id)).toMatchObject({ held: 4, consistent: true })
  })

  it('finds the tombstone of a deleted booking when its job is delivered again, and takes nothing', async () => {
    const user = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 5, ticket_price: '10.00', event_date: future })
    const held = request(user.id, event.id, 3, 'order-9')
    await knex.transaction((trx) => commitBookings(trx, [held], options))
    await deleteBooking(knex, held.booking_id)
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 5, held: 0, consistent: true })

    // The same job again (a worker that stalled through the delete), next to a new request.
    const fresh = request(user.id, event.id, 2)
    const { outcomes } = await knex.transaction((trx) => commitBookings(trx, [held, fresh], options))
    expect(outcomes.map((o) => [o.booking_id, o.status, o.created])).toEqual([
      [held.booking_id, 'deleted', false],
      [fresh.booking_id, 'pending', true],
    ])
    expect(await knex('bookings').where({ id: held.booking_id }).first('status', 'idempotency_key')).toEqual({ status: 'deleted', idempotency_key: 'order-9' })
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 3, held: 2, consistent: true })
  })

  it('stores keys that differ only in case, accent or a trailing space as different keys', async () => {
    const user = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 20, event_date: future })
    const batch = ['Order-AbC', 'order-abc', 'résa-1', 'resa-1', 'k', 'k '].map((key) => request(user.id, event.id, 1, key))
    const { outcomes } = await knex.transaction((trx) => commitBookings(trx, batch, options))
    expect(outcomes.map((o) => [o.status, o.created])).toEqual(batch.map(() => ['pending', true]))
    const stored = await knex('bookings').whereIn('id', batch.map((r) => r.booking_id)).select('id', 'idempotency_key')
    expect(batch.map((r) => stored.find((row) => row.id === r.booking_id)!.idempotency_key)).toEqual(batch.map((r) => r.idempotency_key))
  })

  it('rejects every request for an unknown or past event, durably, and takes no stock', async () => {
    const user = await insertUser(knex)
    const past = await insertEvent(knex, { event_date: new Date(now.getTime() - 60_000) })
    const missing = randomUUID()
    const unknown = (await knex.transaction((trx) => commitBookings(trx, [request(user.id, missing, 1), request(user.id, missing, 2)], options))).outcomes
    expect(unknown.map((o) => o.reason)).toEqual(['EVENT_NOT_FOUND', 'EVENT_NOT_FOUND'])
    const passed = (await knex.transaction((trx) => commitBookings(trx, [request(user.id, past.id, 1)], options))).outcomes
    expect(passed.map((o) => o.reason)).toEqual(['EVENT_PASSED'])
    expect(await stockOf(knex, past.id)).toMatchObject({ available: past.total_tickets, held: 0, consistent: true })
  })

  it('decides the requests of several events in one batch against each event\'s own stock and limit', async () => {
    const [ada, bob] = [await insertUser(knex), await insertUser(knex)]
    const small = await insertEvent(knex, { total_tickets: 3, max_tickets_per_user: 2, ticket_price: '10.00', event_date: future })
    const big = await insertEvent(knex, { total_tickets: 50, max_tickets_per_user: null, ticket_price: '10.00', event_date: future })
    await knex.transaction((trx) => commitBookings(trx, [request(ada.id, small.id, 1)], options))
    const missing = randomUUID()
    // Interleaved: Ada's earlier ticket counts against small's limit only; big has no limit.
    const batch = [
      request(ada.id, big.id, 5),
      request(ada.id, small.id, 2),
      request(bob.id, small.id, 2),
      request(ada.id, big.id, 5),
      request(bob.id, missing, 1),
      request(ada.id, small.id, 1),
    ]
    const { outcomes, available } = await knex.transaction((trx) => commitBookings(trx, batch, options))
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['pending', null],
      ['rejected', 'LIMIT_EXCEEDED'],
      ['pending', null],
      ['pending', null],
      ['rejected', 'EVENT_NOT_FOUND'],
      // Within Ada's limit on small, but Bob took its last two.
      ['rejected', 'SOLD_OUT'],
    ])
    expect(Object.fromEntries(available)).toEqual({ [small.id]: 0, [big.id]: 40 })
    expect(await stockOf(knex, small.id)).toMatchObject({ available: 0, held: 3, consistent: true })
    expect(await stockOf(knex, big.id)).toMatchObject({ available: 40, held: 10, consistent: true })
  })

  it('decides every batch exactly as one-at-a-time processing in the same order would, its statements sent together or one by one (seeded property test)', async () => {
    const seeds = 60
    let compared = 0
    for (let seed = 1; seed <= seeds; seed++) {
      const scenario = await buildScenario(createRandom(seed))
      const ids = [...new Set(scenario.requests.map((r) => r.booking_id))]
      const sequential = await rolledBack(async (trx) => {
        const outcomes = []
        for (const one of scenario.requests) outcomes.push(...(await commitBookings(trx, [one], options)).outcomes)
        return { outcomes, written: await writtenBy(trx, scenario.eventId, ids) }
      })
      const batchOf = async (trx: Knex.Transaction) => {
        const { outcomes } = await commitBookings(trx, scenario.requests, options)
        return { outcomes, written: await writtenBy(trx, scenario.eventId, ids) }
      }
      const batched = await rolledBack(batchOf)
      expect(batched, `seed ${seed}`).toEqual(sequential)
      expect(await rolledBack(batchOf, oneByOne), `seed ${seed}, a statement per round trip`).toEqual(batched)
      if (scenario.event) {
        expect(batched.written.available, `seed ${seed}`).toBeGreaterThanOrEqual(0)
        expect(batched.written.available! + batched.written.held, `seed ${seed}`).toBe(scenario.event.total_tickets)
      }
      compared += scenario.requests.length
    }
    expect(compared).toBeGreaterThan(seeds * 10)
  })
})

/**
 * A random event (sometimes unknown, passed or free; with or without a per-user limit), a few
 * users with earlier bookings in every status and with idempotency keys (also on other events),
 * and a batch mixing new requests, redeliveries of earlier bookings, repeats inside the batch and
 * colliding idempotency keys.
 */
async function buildScenario(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))

  const users = await Promise.all(Array.from({ length: int(1, 4) }, () => insertUser(knex)))
  const total = int(1, 30)
  const kind = random()
  const event: EventRow | undefined =
    kind < 0.1
      ? undefined
      : await insertEvent(knex, {
          total_tickets: total,
          ticket_price: random() < 0.2 ? '0.00' : '12.34',
          max_tickets_per_user: random() < 0.3 ? null : int(1, 6),
          event_date: kind < 0.15 ? new Date(now.getTime() - 1_000) : future,
        })
  const eventId = event?.id ?? randomUUID()
  const other = await insertEvent(knex, { event_date: future })
  const keys = ['k1', 'k2', 'k3']

  // Earlier bookings, committed: some hold tickets, some carry keys the batch will reuse.
  const earlier: BookingRequest[] = []
  let heldBefore = 0
  const usedKeys = new Set<string>()
  for (let i = int(0, 6); i > 0; i--) {
    const user = pick(users)
    const onOther = random() < 0.3
    let key: string | null = random() < 0.5 ? pick(keys) : null
    if (key && usedKeys.has(`${user.id}:${key}`)) key = null
    if (key) usedKeys.add(`${user.id}:${key}`)
    const quantity = int(1, 3)
    const status: StoredBookingStatus = pick(['pending', 'confirmed', 'rejected', 'cancelled', 'expired'])
    const holds = (status === 'pending' || status === 'confirmed') && !onOther && event !== undefined && heldBefore + quantity <= total
    const row = request(user.id, onOther ? other.id : eventId, quantity, key)
    await knex('bookings').insert({
      id: row.booking_id,
      user_id: row.user_id,
      event_id: row.event_id,
      quantity,
      total_price: '0.00',
      status: holds || onOther ? status : pick(['rejected', 'cancelled', 'expired'] as const),
      reason: null,
      reason_detail: null,
      expires_at: null,
      idempotency_key: key,
      request_fingerprint: row.request_fingerprint,
    })
    if (holds) heldBefore += quantity
    if (!onOther) earlier.push(row)
  }
  if (event && heldBefore > 0) {
    await knex('events').where({ id: event.id }).update({ available_tickets: total - heldBefore })
    await knex('ticket_categories').where({ event_id: event.id }).update({ available: total - heldBefore })
  }

  const requests: BookingRequest[] = []
  for (let i = int(1, 40); i > 0; i--) {
    const roll = random()
    if (roll < 0.1 && earlier.length > 0) requests.push(pick(earlier))
    else if (roll < 0.2 && requests.length > 0) requests.push(pick(requests))
    else requests.push(request(pick(users).id, eventId, int(1, 6), random() < 0.4 ? pick(keys) : null))
  }
  return { event, eventId, requests }
}

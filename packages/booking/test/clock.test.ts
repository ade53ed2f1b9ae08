import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Knex } from '@tickets/db'
import { bookingRequest, createIsolatedDatabase, insertEvent, insertUser } from '@tickets/testing'
import { changeStatus, commitBookings, databaseNow, expireDueHolds } from '../src/index.js'

// A database of its own: the sweep below expires every due hold it can see, other files' too.
let knex: Knex
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ knex, drop } = await createIsolatedDatabase({ migrate: true }))
})
afterAll(async () => {
  await drop()
})
afterEach(() => {
  vi.useRealTimers()
})

const future = new Date(Date.now() + 365 * 86_400_000)

/** This process's clock `offsetMs` away from everyone else's (Date only: timers and I/O run as usual). */
function skewClock(offsetMs: number) {
  const real = Date.now()
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(real + offsetMs)
}

describe("hold times follow the database's clock, not the clock of the process that asks", () => {
  it('a worker whose clock is an hour behind still writes expires_at = database now + the hold time', async () => {
    const user = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 5, ticket_price: '5.00', event_date: future })
    const before = await databaseNow(knex)
    skewClock(-3_600_000)
    const { outcomes } = await knex.transaction((trx) => commitBookings(trx, [bookingRequest(user.id, event.id)], { holdTtlSeconds: 60 }))
    vi.useRealTimers()
    const after = await databaseNow(knex)
    const expires = outcomes[0]!.expires_at!.getTime()
    expect(expires).toBeGreaterThanOrEqual(before.getTime() + 60_000)
    expect(expires).toBeLessThanOrEqual(after.getTime() + 60_000)
  })

  it('a gateway whose clock is an hour ahead still takes payment for a hold with time left', async () => {
    const user = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 5, ticket_price: '5.00', event_date: future })
    const request = bookingRequest(user.id, event.id)
    await knex.transaction((trx) => commitBookings(trx, [request], { holdTtlSeconds: 600 }))
    skewClock(3_600_000)
    const paid = await changeStatus(knex, request.booking_id, 'confirmed', 'owner')
    expect(paid.status).toBe('confirmed')
  })

  it('a sweep whose clock is an hour ahead expires nothing before its time, and a hold past it by the database clock', async () => {
    const user = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 5, ticket_price: '5.00', event_date: future })
    const [fresh, old] = [bookingRequest(user.id, event.id), bookingRequest(user.id, event.id)]
    await knex.transaction((trx) => commitBookings(trx, [fresh, old], { holdTtlSeconds: 600 }))
    await knex('bookings').where({ id: old.booking_id }).update({ expires_at: knex.raw('NOW(3) - INTERVAL 1 SECOND') })
    skewClock(3_600_000)
    await expireDueHolds(knex)
    vi.useRealTimers()
    const statuses = Object.fromEntries((await knex('bookings').whereIn('id', [fresh.booking_id, old.booking_id]).select('id', 'status')).map((row) => [row.id, row.status]))
    expect(statuses).toEqual({ [fresh.booking_id]: 'pending', [old.booking_id]: 'expired' })
  })
})

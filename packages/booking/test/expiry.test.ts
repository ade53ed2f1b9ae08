import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, type Knex } from '@tickets/db'
import { bookingRequest, insertEvent, insertUser, stockOf } from '@tickets/testing'
import { commitBookings, expireDueHolds, type StockSignals } from '../src/index.js'

let knex: Knex
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 4 })
})
afterAll(async () => {
  await knex.destroy()
})

const future = new Date('2027-06-01T19:00:00.000Z')
const t0 = new Date('2026-11-22T10:00:00.000Z')
// A request for a paid event: committed, it is a hold.
const hold = bookingRequest

describe('expireDueHolds', () => {
  it('expires every hold past its time on every event, leaves later and paid ones, and gives the tickets back', async () => {
    const user = await insertUser(knex)
    const [a, b] = [await insertEvent(knex, { total_tickets: 10, ticket_price: '5.00', event_date: future }), await insertEvent(knex, { total_tickets: 10, ticket_price: '5.00', event_date: future })]
    const early = [hold(user.id, a.id, 2), hold(user.id, b.id, 3), hold(user.id, a.id, 1)]
    await knex.transaction((trx) => commitBookings(trx, early, { now: t0, holdTtlSeconds: 60 }))
    const later = hold(user.id, a.id, 4)
    await knex.transaction((trx) => commitBookings(trx, [later], { now: new Date(t0.getTime() + 30_000), holdTtlSeconds: 60 }))
    // Paid before the sweep: payment wins, it stays confirmed.
    await knex('bookings').where({ id: early[2]!.booking_id }).update({ status: 'confirmed' })

    const restocked: string[] = []
    const stock: StockSignals = { restocked: async (eventId) => void restocked.push(eventId) }
    expect(await expireDueHolds(knex, stock, 1_000, new Date(t0.getTime() + 60_000))).toBe(2)
    const statuses = await knex('bookings').whereIn('id', [...early, later].map((r) => r.booking_id)).select('id', 'status')
    const statusOf = (r: { booking_id: string }) => statuses.find((row) => row.id === r.booking_id)!.status
    expect([...early, later].map(statusOf)).toEqual(['expired', 'expired', 'confirmed', 'pending'])
    expect(await stockOf(knex, a.id)).toMatchObject({ available: 5, held: 5, consistent: true })
    expect(await stockOf(knex, b.id)).toMatchObject({ available: 10, held: 0, consistent: true })
    // Each event is told twice: before the commit (so nobody meets a stale "sold out") and after it.
    expect(restocked.sort()).toEqual([a.id, a.id, b.id, b.id].sort())
    // Nothing more is due: a second sweep changes nothing.
    expect(await expireDueHolds(knex, stock, 1_000, new Date(t0.getTime() + 60_000))).toBe(0)
  })

  it('expires at most `limit` holds a call, oldest first', async () => {
    const user = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 10, ticket_price: '5.00', event_date: future })
    const holds = [hold(user.id, event.id, 1), hold(user.id, event.id, 1), hold(user.id, event.id, 1)]
    for (const [i, one] of holds.entries()) await knex.transaction((trx) => commitBookings(trx, [one], { now: new Date(t0.getTime() - 3_600_000 + i * 1000), holdTtlSeconds: 60 }))
    expect(await expireDueHolds(knex, undefined, 2, t0)).toBe(2)
    expect(await knex('bookings').where({ id: holds[2]!.booking_id }).first('status')).toEqual({ status: 'pending' })
    expect(await expireDueHolds(knex, undefined, 2, t0)).toBe(1)
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 10, consistent: true })
  })
})

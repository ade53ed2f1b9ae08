import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, type Knex } from '@tickets/db'
import { bookingRequest, insertEvent, insertUser } from '@tickets/testing'
import { commitBookings, stockEvents } from '../src/index.js'

let knex: Knex
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 4, multipleStatements: true })
})
afterAll(async () => {
  await knex.destroy()
})

const future = new Date('2027-06-01T19:00:00.000Z')

describe('the transactional outbox', () => {
  it("writes a group commit's decisions and the sell-out it caused in the commit's own transaction, and nothing for a redelivery", async () => {
    const ada = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 3, ticket_price: '10.00', event_date: future })
    const batch = [bookingRequest(ada.id, event.id, 2), bookingRequest(ada.id, event.id, 1), bookingRequest(ada.id, event.id, 1)]
    // Read inside the transaction, then rolled back: outbox rows of other tests' commits are
    // relayed (and deleted) by their workers at any moment, but no one else sees these.
    const trx = await knex.transaction()
    try {
      // Someone who wants the decisions (a decision nobody subscribes to writes no row, below).
      await trx('webhook_endpoints').insert({ id: randomUUID(), url: 'https://hooks.example.com/', events: JSON.stringify(['booking.pending', 'booking.rejected']), secret: 'whsec_x' })
      const { outcomes } = await commitBookings(trx, batch, { holdTtlSeconds: 900 })
      expect(outcomes.map((o) => o.status)).toEqual(['pending', 'pending', 'rejected'])
      const rows = await trx('outbox_events').whereIn('booking_id', batch.map((r) => r.booking_id)).orWhere('body', 'like', `%${event.id}%`).orderBy('seq')
      const bodies = rows.map((row) => JSON.parse(row.body) as { type: string; timestamp: string; data: Record<string, unknown> })
      expect(bodies.map((body) => body.type)).toEqual(['booking.pending', 'booking.pending', 'booking.rejected', 'category.sold_out', 'event.sold_out'])
      expect(bodies[0]!.data).toMatchObject({ id: batch[0]!.booking_id, status: 'pending', total_price: '20.00', items: [{ quantity: 2, unit_price: '10.00' }] })
      expect(bodies[2]!.data).toMatchObject({ status: 'rejected', reason: 'SOLD_OUT', reason_detail: { available: 0, requested: 1 } })
      expect(bodies[4]!.data).toEqual({ event_id: event.id, name: event.name, total: 3, available: 0 })
      // The booking's row and its message agree on the moment of the decision.
      const stored = await trx('bookings').where({ id: batch[0]!.booking_id }).first('created_at')
      expect(bodies[0]!.timestamp).toBe(stored!.created_at.toISOString())
      expect((await trx('events').where({ id: event.id }).first('first_sold_out_at'))!.first_sold_out_at).toEqual(stored!.created_at)
      expect(new Set(rows.map((row) => row.id)).size).toBe(5)

      // The same jobs delivered again change nothing, and report nothing again.
      await commitBookings(trx, batch, { holdTtlSeconds: 900 })
      expect(await trx('outbox_events').whereIn('booking_id', batch.map((r) => r.booking_id))).toHaveLength(3)
    } finally {
      await trx.rollback()
    }
    // Nothing committed, nothing reported.
    expect(await knex('outbox_events').whereIn('booking_id', batch.map((r) => r.booking_id))).toHaveLength(0)
  })

  it('writes no row for a decision no webhook endpoint subscribes to', async () => {
    const ada = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 5, ticket_price: '10.00', event_date: future })
    const batch = [bookingRequest(ada.id, event.id, 1)]
    const trx = await knex.transaction()
    try {
      await trx('webhook_endpoints').update({ enabled: false })
      await trx('webhook_endpoints').insert({ id: randomUUID(), url: 'https://hooks.example.com/', events: JSON.stringify(['booking.confirmed']), secret: 'whsec_x' })
      expect((await commitBookings(trx, batch, { holdTtlSeconds: 900 })).outcomes[0]!.status).toBe('pending')
      expect(await trx('outbox_events').where({ booking_id: batch[0]!.booking_id })).toHaveLength(0)
    } finally {
      await trx.rollback()
    }
  })

  it('reports a sell-out and a restock only when the stock crosses 0', () => {
    const picture = (event: number, a: number, b: number) => ({
      event: { id: 'e', name: 'E', total: 10, available: event },
      categories: [
        { id: 'a', name: 'A', total: 5, available: a },
        { id: 'b', name: 'B', total: 5, available: b },
      ],
    })
    const types = (before: ReturnType<typeof picture>, after: ReturnType<typeof picture>) => stockEvents(before, after).events.map((event) => `${event.type}:${(event.data as { category_id?: string }).category_id ?? ''}`)
    expect(types(picture(3, 1, 2), picture(2, 0, 2))).toEqual(['category.sold_out:a'])
    expect(types(picture(2, 0, 2), picture(0, 0, 0))).toEqual(['category.sold_out:b', 'event.sold_out:'])
    expect(types(picture(0, 0, 0), picture(1, 1, 0))).toEqual(['category.restocked:a', 'event.restocked:'])
    expect(types(picture(4, 2, 2), picture(5, 3, 2))).toEqual([])
    expect(types(picture(0, 0, 0), picture(0, 0, 0))).toEqual([])
  })
})

import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditStock } from '@tickets/booking'
import { createKnex, type Knex } from '@tickets/db'
import { categoriesOf, insertEvent, insertUser, testEnv } from '@tickets/testing'
import { loadWorkerConfig } from '../src/config.js'
import { startWorker } from '../src/worker.js'

let knex: Knex
beforeAll(() => {
  knex = createKnex(testEnv().MYSQL_URL, { poolMax: 2 })
})
afterAll(() => knex.destroy())

/** An event of 10 tickets with one pending booking of 2, its stock taken as the worker takes it. */
async function bookedEvent() {
  const user = await insertUser(knex)
  // One transaction: an audit running meanwhile must never see the event without its booking.
  return knex.transaction(async (trx) => {
    const event = await insertEvent(trx, { total_tickets: 10, available_tickets: 8 })
    const [category] = await categoriesOf(trx, event.id)
    const id = randomUUID()
    await trx('bookings').insert({ id, user_id: user.id, event_id: event.id, quantity: 2, total_price: '20.00', status: 'pending', expires_at: new Date(Date.now() + 600_000) })
    await trx('booking_items').insert({ booking_id: id, category_id: category!.id, name: category!.name, quantity: 2, unit_price: '10.00' })
    return { ...event, category_id: category!.id }
  })
}

describe('auditStock', () => {
  it('finds nothing wrong with consistent stock, and reports an event whose stock was changed by hand', async () => {
    const since = new Date(Date.now() - 60_000)
    const event = await bookedEvent()
    expect((await auditStock(knex, since)).drifted.map((d) => d.event_id)).not.toContain(event.id)

    // A manual "fix" that sold two tickets twice: 10 total, 2 held, 10 available.
    await knex('events').where({ id: event.id }).update({ available_tickets: 10 })
    const audit = await auditStock(knex, since)
    expect(audit.checked).toBeGreaterThan(0)
    expect(audit.drifted).toContainEqual({ event_id: event.id, total: 10, available: 10, held: 2, drift: -2 })
    // It only reads.
    expect((await knex('events').where({ id: event.id }).first())!.available_tickets).toBe(10)
  })

  it("reports a category whose stock does not add up, even when the event's sums do", async () => {
    const since = new Date(Date.now() - 60_000)
    const event = await bookedEvent()
    // A second category, and a manual "fix" moving a ticket from one to the other.
    const other = randomUUID()
    await knex('ticket_categories').insert({ id: other, event_id: event.id, position: 1, name: 'Balcony', price: '5.00', capacity: 5, available: 5 })
    await knex('events').where({ id: event.id }).update({ total_tickets: 15, available_tickets: 13 })
    expect((await auditStock(knex, since)).drifted.map((d) => d.event_id)).not.toContain(event.id)
    await knex('ticket_categories').where({ id: event.category_id }).update({ available: 9 })
    await knex('ticket_categories').where({ id: other }).update({ available: 4 })
    const drifted = (await auditStock(knex, since)).drifted.filter((d) => d.event_id === event.id)
    expect(drifted).toHaveLength(2)
    expect(drifted).toEqual(
      expect.arrayContaining([
        { event_id: event.id, category_id: event.category_id, total: 10, available: 9, held: 2, drift: -1 },
        { event_id: event.id, category_id: other, total: 5, available: 4, held: 0, drift: 1 },
      ]),
    )
  })

  it('looks only at events with activity since the given time', async () => {
    const event = await bookedEvent()
    await knex('events').where({ id: event.id }).update({ available_tickets: 3 })
    expect((await auditStock(knex, new Date(Date.now() + 60_000))).drifted.map((d) => d.event_id)).not.toContain(event.id)
  })
})

describe('the stock auditor in the worker', () => {
  it('exports the drift as a gauge and logs the event, every STOCK_AUDIT_SECONDS', async () => {
    const lines: string[] = []
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(chunk.toString()), done()) }))
    const worker = await startWorker(loadWorkerConfig({ ...testEnv(`audit-${randomUUID().slice(0, 8)}`), STOCK_AUDIT_SECONDS: '1' }), log)
    try {
      const event = await bookedEvent()
      // Consistent until now: nothing may have been reported about it.
      expect(lines.filter((line) => line.includes(event.id))).toEqual([])
      await knex('events').where({ id: event.id }).update({ available_tickets: 5 })
      const reported = () => lines.find((line) => line.includes(`stock drift on event ${event.id}`))
      await expect.poll(reported, { timeout: 20_000, interval: 200 }).toBeDefined()
      const entry = JSON.parse(reported()!)
      expect(entry).toMatchObject({ level: 50, event_id: event.id, total: 10, available: 5, held: 2, drift: 3 })
      const metrics = await worker.registry.metrics()
      expect(Number(/^tickets_stock_drift_tickets\S* (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3)
      expect(Number(/^tickets_stock_drifted_events\S* (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1)
      expect((await knex('events').where({ id: event.id }).first())!.available_tickets).toBe(5)
    } finally {
      await worker.close()
    }
  })
})

import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { insertUser, stockOf } from '@tickets/testing'
import { processBooking } from '@tickets/worker/book'
import { createApi } from './support/api.js'
import { startPlatform } from './support/platform.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
const newEvent = (overrides: Record<string, unknown> = {}) => ({
  name: 'Jazz Night',
  location: 'Blue Room',
  event_date: future(30),
  ticket_price: 50000,
  total_tickets: 100,
  ...overrides,
})

async function setup(env: Record<string, string> = {}) {
  const platform = await startPlatform(env)
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await api.call('POST', '/api/events', { token: adminToken, body: newEvent(overrides) })
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.raw}`)
    return res.body.data
  }
  return { ...platform, api, adminToken, create }
}

describe('POST /api/events', () => {
  it('lets an admin create an event; available starts at total, price is a decimal string, organizer included', async () => {
    const { api, adminToken, admin } = await setup()
    const res = await api.call('POST', '/api/events', { token: adminToken, body: newEvent({ ticket_price: 19.99, description: 'Live', max_tickets_per_user: 4 }) })
    expect(res.status).toBe(201)
    expect(res.headers.location).toBe(`/api/events/${res.body.data.id}`)
    expect(res.body.data).toMatchObject({
      name: 'Jazz Night',
      description: 'Live',
      ticket_price: '19.99',
      total_tickets: 100,
      available_tickets: 100,
      max_tickets_per_user: 4,
      organizer: { email: admin.email, name: 'Administrator' },
    })
    expect(res.body.data.organizer.id).toBe(res.body.data.organizer_id)
  })

  it('answers 401 anonymous and 403 to a user, at the gateway and at event-service', async () => {
    const { api, eventsUrl } = await setup()
    const { token } = await api.register()
    expect((await api.call('POST', '/api/events', { body: newEvent() })).status).toBe(401)
    expect((await api.call('POST', '/api/events', { token, body: newEvent() })).status).toBe(403)
    const direct = await fetch(`${eventsUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(newEvent()),
    })
    expect(direct.status).toBe(403)
  })

  it.each([
    ['available_tickets', { available_tickets: 5 }],
    ['an unknown field', { featured: true }],
    ['a price with three decimals', { ticket_price: 10.999 }],
    ['a negative price', { ticket_price: -1 }],
    ['zero tickets', { total_tickets: 0 }],
    ['more than a million tickets', { total_tickets: 1_000_001 }],
    ['a fractional ticket count', { total_tickets: 1.5 }],
    ['a date that is not ISO 8601', { event_date: 'next friday' }],
    ['a per-user limit of 0', { max_tickets_per_user: 0 }],
    ['a price given as a string', { ticket_price: '10.00' }],
  ])('answers 400 to %s and creates nothing', async (_name, overrides) => {
    const { api, adminToken, events } = await setup()
    const name = `Invalid ${randomUUID()}`
    const res = await api.call('POST', '/api/events', { token: adminToken, body: newEvent({ name, ...overrides }) })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_ERROR', errors: expect.any(Object) })
    expect(await events.knex('events').where({ name }).first()).toBeUndefined()
  })

  it('accepts a free event and no per-user limit', async () => {
    const { create } = await setup()
    expect(await create({ ticket_price: 0, max_tickets_per_user: null })).toMatchObject({ ticket_price: '0.00', max_tickets_per_user: null })
  })
})

describe('GET /api/events', () => {
  it('is public, sorted by event_date, paginated with meta, and filters by q, from and to', async () => {
    const { api, create, tag } = await setup()
    const marker = `Zq${tag}`
    const a = await create({ name: `${marker} Late`, event_date: future(20) })
    const b = await create({ name: `${marker} Early`, event_date: future(10) })
    const c = await create({ name: 'Elsewhere', location: `${marker} Arena`, event_date: future(15) })

    const all = await api.call('GET', `/api/events?q=${marker}`)
    expect(all.status).toBe(200)
    expect(all.body.data.map((e: { id: string }) => e.id)).toEqual([b.id, c.id, a.id])
    expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 3 })

    const page2 = await api.call('GET', `/api/events?q=${marker}&limit=2&page=2`)
    expect(page2.body.data.map((e: { id: string }) => e.id)).toEqual([a.id])
    expect(page2.body.meta).toEqual({ page: 2, limit: 2, total: 3 })

    const ranged = await api.call('GET', `/api/events?q=${marker}&from=${encodeURIComponent(future(12))}&to=${encodeURIComponent(future(18))}`)
    expect(ranged.body.data.map((e: { id: string }) => e.id)).toEqual([c.id])
  })

  it('treats % and _ in q as text', async () => {
    const { api, create, tag } = await setup()
    await create({ name: `Percent${tag}` })
    expect((await api.call('GET', `/api/events?q=${encodeURIComponent('%')}${tag}`)).body.meta.total).toBe(0)
  })

  it('answers 400 to a limit above 100 and to a bad date', async () => {
    const { api } = await setup()
    expect((await api.call('GET', '/api/events?limit=101')).status).toBe(400)
    expect((await api.call('GET', '/api/events?from=yesterday')).status).toBe(400)
  })

  it('serves the list from the (event_date, id) index without a filesort', async () => {
    const { events } = await setup()
    const knex = events.knex
    const [rows] = (await knex.raw(
      `EXPLAIN SELECT id FROM events FORCE INDEX (events_event_date_id_index) WHERE event_date >= ? ORDER BY event_date, id LIMIT 20`,
      [new Date()],
    )) as [Array<{ key: string | null; Extra: string | null }>]
    expect(rows[0]!.key).toBe('events_event_date_id_index')
    expect(rows[0]!.Extra ?? '').not.toMatch(/filesort/i)
    const [plain] = (await knex.raw(`EXPLAIN SELECT id FROM events ORDER BY event_date, id LIMIT 20`)) as [Array<{ key: string | null; Extra: string | null }>]
    expect(plain[0]!.Extra ?? '').not.toMatch(/filesort/i)
  })
})

describe('GET /api/events/:id', () => {
  it('answers the event publicly, 404 for an unknown id and 400 for a malformed one', async () => {
    const { api, create } = await setup()
    const event = await create()
    expect((await api.call('GET', `/api/events/${event.id}`)).body.data).toEqual(event)
    const missing = await api.call('GET', `/api/events/${randomUUID()}`)
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('EVENT_NOT_FOUND')
    expect((await api.call('GET', '/api/events/123')).status).toBe(400)
  })
})

describe('PUT /api/events/:id', () => {
  it('moves available_tickets with total_tickets and refuses to go below what is held or sold', async () => {
    const { api, adminToken, create, events } = await setup()
    const event = await create({ total_tickets: 10 })
    const user = await insertUser(events.knex)
    await processBooking(
      { booking_id: randomUUID(), user_id: user.id, event_id: event.id, quantity: 4, requested_at: new Date().toISOString(), idempotency_key: null, request_fingerprint: null },
      { knex: events.knex, holdTtlSeconds: 900, log: pino({ level: 'silent' }) },
    )
    const up = await api.call('PUT', `/api/events/${event.id}`, { token: adminToken, body: { total_tickets: 15, name: 'Bigger' } })
    expect(up.body.data).toMatchObject({ total_tickets: 15, available_tickets: 11, name: 'Bigger' })
    const down = await api.call('PUT', `/api/events/${event.id}`, { token: adminToken, body: { total_tickets: 4 } })
    expect(down.body.data).toMatchObject({ total_tickets: 4, available_tickets: 0 })
    const below = await api.call('PUT', `/api/events/${event.id}`, { token: adminToken, body: { total_tickets: 3 } })
    expect(below.status).toBe(409)
    expect(below.body.code).toBe('TICKETS_ALREADY_SOLD')
    expect(await stockOf(events.knex, event.id)).toMatchObject({ total: 4, available: 0, held: 4, consistent: true })
  })

  it('answers 403 to a user, 400 to available_tickets or an empty body, 404 to an unknown event', async () => {
    const { api, adminToken, create } = await setup()
    const event = await create()
    const { token } = await api.register()
    expect((await api.call('PUT', `/api/events/${event.id}`, { token, body: { name: 'Mine' } })).status).toBe(403)
    expect((await api.call('PUT', `/api/events/${event.id}`, { token: adminToken, body: { available_tickets: 1 } })).status).toBe(400)
    expect((await api.call('PUT', `/api/events/${event.id}`, { token: adminToken, body: {} })).status).toBe(400)
    expect((await api.call('PUT', `/api/events/${randomUUID()}`, { token: adminToken, body: { name: 'X' } })).status).toBe(404)
  })

  it('never loses an update when total_tickets changes race with concurrent bookings', async () => {
    const { api, adminToken, create, events } = await setup()
    const knex = events.knex
    const event = await create({ total_tickets: 50, max_tickets_per_user: null })
    const users = await Promise.all(Array.from({ length: 8 }, () => insertUser(knex)))
    const log = pino({ level: 'silent' })
    const bookings = Array.from({ length: 40 }, (_, i) =>
      processBooking(
        { booking_id: randomUUID(), user_id: users[i % users.length]!.id, event_id: event.id, quantity: (i % 3) + 1, requested_at: new Date().toISOString(), idempotency_key: null, request_fingerprint: null },
        { knex, holdTtlSeconds: 900, log },
      ),
    )
    // Absolute totals set one after another while the bookings run: +10, -5, +20, -3, +7.
    let total = 50
    for (const delta of [10, -5, 20, -3, 7]) {
      await new Promise((resolve) => setTimeout(resolve, 3))
      const res = await api.call('PUT', `/api/events/${event.id}`, { token: adminToken, body: { total_tickets: total + delta } })
      // 409 when the new total is below what is already held at that moment: refused, nothing changed.
      expect([200, 409]).toContain(res.status)
      if (res.status === 200) total += delta
    }
    await Promise.all(bookings)
    const stock = await stockOf(knex, event.id)
    expect(stock.total).toBe(total)
    expect(stock.consistent).toBe(true)
    expect(stock.available).toBeGreaterThanOrEqual(0)
  })
})

describe('DELETE /api/events/:id', () => {
  it('deletes an event without active bookings and answers 409 while one is pending', async () => {
    const { api, adminToken, create, events } = await setup()
    const empty = await create()
    const { token } = await api.register()
    expect((await api.call('DELETE', `/api/events/${empty.id}`, { token })).status).toBe(403)
    expect((await api.call('DELETE', `/api/events/${empty.id}`, { token: adminToken })).status).toBe(200)
    expect((await api.call('GET', `/api/events/${empty.id}`)).status).toBe(404)

    const busy = await create()
    const user = await insertUser(events.knex)
    const bookingId = randomUUID()
    await events.knex('bookings').insert({ id: bookingId, user_id: user.id, event_id: busy.id, quantity: 1, total_price: '50000.00', status: 'pending' })
    const res = await api.call('DELETE', `/api/events/${busy.id}`, { token: adminToken })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('EVENT_HAS_BOOKINGS')
    await events.knex('bookings').where({ id: bookingId }).update({ status: 'rejected' })
    expect((await api.call('DELETE', `/api/events/${busy.id}`, { token: adminToken })).status).toBe(200)
  })
})

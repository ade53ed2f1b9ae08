import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stockOf } from '@tickets/testing'
import { createApi } from './support/api.js'
import { startPlatform, type Platform } from './support/platform.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

// One platform (with a worker) for the file: every test makes its own events and users.
let platform: Platform
let api: ReturnType<typeof createApi>
let adminToken: string
beforeAll(async () => {
  // The gateway asks Redis about sell-outs on every request (no "not sold out" window), so the
  // fast-path test sees a record the moment the worker writes it.
  platform = await startPlatform({ SOLD_OUT_CHECK_CACHE_MS: '0' }, { worker: true, shared: true })
  api = createApi(platform.gateway)
  adminToken = await api.login(platform.admin.email, platform.admin.password)
}, 60_000)
afterAll(() => platform?.close())

interface Category {
  id: string
  name: string
  price: string
  capacity: number
  available: number
  max_per_user: number | null
  sales_start: string | null
  sales_end: string | null
}

const knex = () => platform.users.knex

/** An event with two categories, Standing (10 at 25.00) and VIP (3 at 80.50) unless told otherwise. */
async function twoCategoryEvent(categories: Array<Record<string, unknown>> = [], extra: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/api/events', {
    token: adminToken,
    body: {
      name: 'Open Air',
      location: 'Park',
      event_date: future(20),
      categories: [
        { name: 'Standing', price: 25, capacity: 10, ...categories[0] },
        { name: 'VIP', price: 80.5, capacity: 3, ...categories[1] },
      ],
      ...extra,
    },
  })
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.raw}`)
  const event = res.body.data as { id: string; categories: Category[] }
  const [standing, vip] = event.categories
  return { event, standing: standing!, vip: vip! }
}

/** A decided booking (Prefer: wait): 201 with the booking, or 409 with the rejection. */
const book = (token: string, body: Record<string, unknown>) => api.call('POST', '/api/bookings', { token, body, headers: { prefer: 'wait=10' } })

describe('events with ticket categories', () => {
  it('creates an event with its categories in order; its totals are their sums and its price the lowest', async () => {
    const { event } = await twoCategoryEvent([{ max_per_user: 4, sales_end: future(10) }])
    expect(event).toMatchObject({ total_tickets: 13, available_tickets: 13, ticket_price: '25.00' })
    expect(event.categories).toEqual([
      { id: expect.any(String), name: 'Standing', price: '25.00', capacity: 10, available: 10, max_per_user: 4, sales_start: null, sales_end: expect.any(String), waiting: { entries: 0, tickets: 0 } },
      { id: expect.any(String), name: 'VIP', price: '80.50', capacity: 3, available: 3, max_per_user: null, sales_start: null, sales_end: null, waiting: { entries: 0, tickets: 0 } },
    ])
    expect((await api.call('GET', `/api/events/${event.id}`)).body.data.categories).toEqual(event.categories)
  })

  it('gives an event created the old way one "General admission" category of its pool', async () => {
    const res = await api.call('POST', '/api/events', { token: adminToken, body: { name: 'Talk', location: 'Hall', event_date: future(5), ticket_price: 12.5, total_tickets: 40 } })
    expect(res.status).toBe(201)
    expect(res.body.data.categories).toEqual([
      { id: expect.any(String), name: 'General admission', price: '12.50', capacity: 40, available: 40, max_per_user: null, sales_start: null, sales_end: null, waiting: { entries: 0, tickets: 0 } },
    ])
  })

  it('refuses both forms together, neither, duplicate names and an empty sales window (400/409, nothing created)', async () => {
    const base = { name: 'Bad', location: 'Hall', event_date: future(5) }
    const both = await api.call('POST', '/api/events', { token: adminToken, body: { ...base, ticket_price: 1, total_tickets: 1, categories: [{ name: 'A', price: 1, capacity: 1 }] } })
    expect(both.status).toBe(400)
    expect(both.body).toMatchObject({ success: false, code: 'VALIDATION_ERROR', errors: { categories: expect.any(String) } })
    expect((await api.call('POST', '/api/events', { token: adminToken, body: { ...base, ticket_price: 1 } })).body).toMatchObject({ code: 'VALIDATION_ERROR', errors: { total_tickets: expect.any(String) } })
    const same = await api.call('POST', '/api/events', { token: adminToken, body: { ...base, categories: [{ name: 'VIP', price: 1, capacity: 1 }, { name: 'vip', price: 2, capacity: 1 }] } })
    expect(same.status).toBe(409)
    expect(same.body.code).toBe('CATEGORY_NAME_TAKEN')
    const window = await api.call('POST', '/api/events', { token: adminToken, body: { ...base, categories: [{ name: 'A', price: 1, capacity: 1, sales_start: future(2), sales_end: future(1) }] } })
    expect(window.status).toBe(400)
    expect((await api.call('POST', '/api/events', { token: adminToken, body: { ...base, categories: [] } })).status).toBe(400)
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ name: `C${i}`, price: 1, capacity: 1 }))
    expect((await api.call('POST', '/api/events', { token: adminToken, body: { ...base, categories: tooMany } })).status).toBe(400)
    expect(await knex()('events').where({ name: 'Bad' }).first()).toBeUndefined()
  })

  it('lets an admin add, change and delete categories, keeping the event sums and refusing what would break them', async () => {
    const { event, standing, vip } = await twoCategoryEvent()
    const { token } = await api.register()
    expect((await api.call('POST', `/api/events/${event.id}/categories`, { token, body: { name: 'X', price: 1, capacity: 1 } })).status).toBe(403)

    const added = await api.call('POST', `/api/events/${event.id}/categories`, { token: adminToken, body: { name: 'Balcony', price: 9.99, capacity: 5, max_per_user: 2 } })
    expect(added.status).toBe(201)
    expect(added.headers.location).toBe(`/api/events/${event.id}/categories/${added.body.data.id}`)
    expect(added.body.data).toMatchObject({ name: 'Balcony', price: '9.99', capacity: 5, available: 5, max_per_user: 2 })
    expect((await api.call('GET', `/api/events/${event.id}`)).body.data).toMatchObject({ total_tickets: 18, available_tickets: 18, ticket_price: '9.99' })
    expect((await api.call('POST', `/api/events/${event.id}/categories`, { token: adminToken, body: { name: 'BALCONY', price: 1, capacity: 1 } })).body.code).toBe('CATEGORY_NAME_TAKEN')
    expect((await api.call('POST', `/api/events/${randomUUID()}/categories`, { token: adminToken, body: { name: 'Z', price: 1, capacity: 1 } })).status).toBe(404)

    // VIP: 2 of 3 held; its capacity cannot go below 2, and it cannot be deleted while they are held.
    expect((await book(token, { event_id: event.id, items: [{ category_id: vip.id, quantity: 2 }] })).status).toBe(201)
    const below = await api.call('PUT', `/api/events/${event.id}/categories/${vip.id}`, { token: adminToken, body: { capacity: 1 } })
    expect(below.status).toBe(409)
    expect(below.body).toMatchObject({ code: 'CAPACITY_BELOW_HELD', errors: { capacity: 'must be at least 2' } })
    const raised = await api.call('PUT', `/api/events/${event.id}/categories/${vip.id}`, { token: adminToken, body: { capacity: 6, name: 'VIP lounge', price: 90 } })
    expect(raised.status).toBe(200)
    expect(raised.body.data).toMatchObject({ name: 'VIP lounge', price: '90.00', capacity: 6, available: 4 })
    expect((await api.call('DELETE', `/api/events/${event.id}/categories/${vip.id}`, { token: adminToken })).body.code).toBe('CATEGORY_IN_USE')
    expect((await api.call('PUT', `/api/events/${event.id}/categories/${vip.id}`, { token: adminToken, body: { name: 'standing' } })).body.code).toBe('CATEGORY_NAME_TAKEN')
    expect((await api.call('PUT', `/api/events/${event.id}/categories/${randomUUID()}`, { token: adminToken, body: { capacity: 3 } })).body.code).toBe('CATEGORY_NOT_FOUND')
    for (const body of [{}, { available: 3 }, { capacity: 0 }, { price: 1.234 }]) {
      expect((await api.call('PUT', `/api/events/${event.id}/categories/${vip.id}`, { token: adminToken, body })).status).toBe(400)
    }

    // Standing holds nothing: it goes; the last category of an event stays.
    expect((await api.call('DELETE', `/api/events/${event.id}/categories/${standing.id}`, { token: adminToken })).status).toBe(200)
    expect((await api.call('DELETE', `/api/events/${event.id}/categories/${added.body.data.id}`, { token: adminToken })).status).toBe(200)
    const last = await api.call('DELETE', `/api/events/${event.id}/categories/${vip.id}`, { token: adminToken })
    expect(last.status).toBe(409)
    expect(last.body.code).toBe('CATEGORY_IN_USE')
    expect((await api.call('GET', `/api/events/${event.id}`)).body.data).toMatchObject({ total_tickets: 6, available_tickets: 4, ticket_price: '90.00' })
    expect(await stockOf(knex(), event.id)).toMatchObject({ consistent: true })
  })

  it('keeps at least one category (409 LAST_CATEGORY) and at most 20 (409 TOO_MANY_CATEGORIES)', async () => {
    const res = await api.call('POST', '/api/events', { token: adminToken, body: { name: 'One', location: 'Hall', event_date: future(5), ticket_price: 1, total_tickets: 1 } })
    const { id, categories } = res.body.data as { id: string; categories: Category[] }
    expect((await api.call('DELETE', `/api/events/${id}/categories/${categories[0]!.id}`, { token: adminToken })).body.code).toBe('LAST_CATEGORY')
    for (let i = 1; i < 20; i++) {
      expect((await api.call('POST', `/api/events/${id}/categories`, { token: adminToken, body: { name: `C${i}`, price: 1, capacity: 1 } })).status).toBe(201)
    }
    expect((await api.call('POST', `/api/events/${id}/categories`, { token: adminToken, body: { name: 'C20', price: 1, capacity: 1 } })).body.code).toBe('TOO_MANY_CATEGORIES')
  })

  it("applies PUT /api/events total_tickets and ticket_price to an event's only category, and refuses them on an event with several", async () => {
    const single = (await api.call('POST', '/api/events', { token: adminToken, body: { name: 'One', location: 'Hall', event_date: future(5), ticket_price: 5, total_tickets: 10 } })).body.data
    const changed = await api.call('PUT', `/api/events/${single.id}`, { token: adminToken, body: { total_tickets: 12, ticket_price: 6 } })
    expect(changed.body.data).toMatchObject({ total_tickets: 12, available_tickets: 12, ticket_price: '6.00', categories: [{ capacity: 12, available: 12, price: '6.00' }] })
    const { event } = await twoCategoryEvent()
    const refused = await api.call('PUT', `/api/events/${event.id}`, { token: adminToken, body: { total_tickets: 20, name: 'Renamed' } })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ code: 'CATEGORY_REQUIRED', errors: { total_tickets: expect.any(String) } })
    expect((await api.call('GET', `/api/events/${event.id}`)).body.data).toMatchObject({ name: 'Open Air', total_tickets: 13 })
  })
})

describe('bookings of several lines', () => {
  it('books two categories in one request: one booking, its lines at their prices, quantity and total their sums', async () => {
    const { event, standing, vip } = await twoCategoryEvent()
    const { token } = await api.register()
    const body = { event_id: event.id, items: [{ category_id: standing.id, quantity: 2 }, { category_id: vip.id, quantity: 1 }] }
    const accepted = await api.call('POST', '/api/bookings', { token, body })
    expect(accepted.status).toBe(202)
    expect(accepted.body.data).toMatchObject({ status: 'queued', event_id: event.id, quantity: 3, items: body.items })
    const id = accepted.body.data.id as string
    await expect.poll(async () => (await api.call('GET', `/api/bookings/${id}`, { token })).body.data.status, { timeout: 15_000 }).toBe('pending')
    const booking = (await api.call('GET', `/api/bookings/${id}`, { token })).body.data
    expect(booking).toMatchObject({ quantity: 3, total_price: '130.50' })
    expect(booking.items).toEqual(
      [
        { category_id: standing.id, name: 'Standing', quantity: 2, unit_price: '25.00' },
        { category_id: vip.id, name: 'VIP', quantity: 1, unit_price: '80.50' },
      ].sort((a, b) => a.category_id.localeCompare(b.category_id)),
    )
    const after = (await api.call('GET', `/api/events/${event.id}`)).body.data
    expect(after.categories.map((c: Category) => c.available)).toEqual([8, 2])
    expect(after.available_tickets).toBe(10)

    // Cancelled: every line goes back to its own category in the same transaction.
    expect((await api.call('PUT', `/api/bookings/${id}/cancel`, { token })).status).toBe(200)
    expect((await api.call('GET', `/api/events/${event.id}`)).body.data.categories.map((c: Category) => c.available)).toEqual([10, 3])
    expect(await stockOf(knex(), event.id)).toMatchObject({ available: 13, held: 0, consistent: true })
  })

  it('keeps the old {event_id, quantity} form for an event with one category, and refuses it for one with several', async () => {
    const single = (await api.call('POST', '/api/events', { token: adminToken, body: { name: 'One', location: 'Hall', event_date: future(5), ticket_price: 7, total_tickets: 10 } })).body.data
    const { token } = await api.register()
    const res = await book(token, { event_id: single.id, quantity: 2 })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ quantity: 2, total_price: '14.00', items: [{ category_id: single.categories[0].id, name: 'General admission', quantity: 2, unit_price: '7.00' }] })

    const { event } = await twoCategoryEvent()
    const refused = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ success: false, code: 'CATEGORY_REQUIRED' })
  })

  it('refuses malformed lines with 400 and queues nothing', async () => {
    const { event, standing, vip } = await twoCategoryEvent()
    const other = await twoCategoryEvent()
    const { token, user } = await api.register()
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ event_id: event.id, quantity: 1, items: [{ category_id: standing.id, quantity: 1 }] }, 'VALIDATION_ERROR'],
      [{ event_id: event.id, items: [] }, 'VALIDATION_ERROR'],
      [{ event_id: event.id, items: [{ category_id: standing.id, quantity: 1 }, { category_id: standing.id, quantity: 2 }] }, 'VALIDATION_ERROR'],
      [{ event_id: event.id, items: [{ category_id: standing.id, quantity: 0 }] }, 'VALIDATION_ERROR'],
      [{ event_id: event.id, items: [{ category_id: standing.id, quantity: 60 }, { category_id: vip.id, quantity: 41 }] }, 'VALIDATION_ERROR'],
      [{ event_id: event.id, items: [{ category_id: other.vip.id, quantity: 1 }] }, 'VALIDATION_ERROR'],
      [{ event_id: event.id, items: Array.from({ length: 11 }, () => ({ category_id: randomUUID(), quantity: 1 })) }, 'VALIDATION_ERROR'],
      [{ event_id: event.id }, 'VALIDATION_ERROR'],
    ]
    for (const [body, code] of cases) {
      const res = await api.call('POST', '/api/bookings', { token, body })
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code })
    }
    expect(await knex()('bookings').where({ user_id: user.id }).first()).toBeUndefined()
  })

  it('rejects a whole request on one line: sales window (SALES_CLOSED), category limit (LIMIT_EXCEEDED), stock (SOLD_OUT), each naming its category', async () => {
    const { event, standing, vip } = await twoCategoryEvent([{ max_per_user: 2 }, { sales_start: future(3) }])
    const { token } = await api.register()
    const closed = await book(token, { event_id: event.id, items: [{ category_id: standing.id, quantity: 1 }, { category_id: vip.id, quantity: 1 }] })
    expect(closed.status).toBe(409)
    expect(closed.body).toMatchObject({ code: 'SALES_CLOSED', errors: { reason: 'SALES_CLOSED', category_id: vip.id } })
    expect((await api.call('GET', `/api/bookings/${closed.body.errors.booking_id}`, { token })).body.data).toMatchObject({
      status: 'rejected',
      reason: 'SALES_CLOSED',
      reason_detail: { category_id: vip.id },
      items: expect.arrayContaining([expect.objectContaining({ category_id: vip.id, quantity: 1 })]),
    })

    expect((await book(token, { event_id: event.id, items: [{ category_id: standing.id, quantity: 2 }] })).status).toBe(201)
    const limit = await book(token, { event_id: event.id, items: [{ category_id: standing.id, quantity: 1 }] })
    expect(limit.body).toMatchObject({ code: 'LIMIT_EXCEEDED', errors: { category_id: standing.id, limit: 2, already_booked: 2, requested: 1 } })

    const { token: other } = await api.register()
    await knex()('ticket_categories').where({ id: vip.id }).update({ sales_start: null })
    const big = await book(other, { event_id: event.id, items: [{ category_id: standing.id, quantity: 1 }, { category_id: vip.id, quantity: 4 }] })
    expect(big.body).toMatchObject({ code: 'SOLD_OUT', errors: { category_id: vip.id, available: 3, requested: 4 } })
    // Nothing of a refused request is held: standing lost only the two tickets granted above.
    expect(await stockOf(knex(), event.id)).toMatchObject({ available: 11, held: 2, consistent: true })
  })

  it('answers SOLD_OUT at intake only for a category known to be sold out, and books the others', async () => {
    const { event, standing, vip } = await twoCategoryEvent()
    const { token } = await api.register()
    expect((await book(token, { event_id: event.id, items: [{ category_id: vip.id, quantity: 3 }] })).status).toBe(201)
    // The worker recorded VIP as sold out after its commit: the next VIP request is refused at once.
    const refused = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, items: [{ category_id: standing.id, quantity: 1 }, { category_id: vip.id, quantity: 1 }] } })
    expect(refused.status).toBe(409)
    expect(refused.body).toEqual({ success: false, message: 'Sold out', code: 'SOLD_OUT', errors: { category_id: vip.id, available: 0, requested: 1 } })
    expect((await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, items: [{ category_id: standing.id, quantity: 1 }] } })).status).toBe(202)
  })

  it('decides a burst of multi-line bookings on a small event all or nothing, keeping every category whole', async () => {
    const { event, standing, vip } = await twoCategoryEvent([{ capacity: 7 }, { capacity: 4 }])
    const users = await Promise.all(Array.from({ length: 12 }, () => api.register()))
    const answers = await Promise.all(
      users.map(({ token }, i) =>
        book(token, {
          event_id: event.id,
          items: i % 3 === 0 ? [{ category_id: vip.id, quantity: 1 }] : [{ category_id: standing.id, quantity: 1 + (i % 2) }, { category_id: vip.id, quantity: 1 }],
        }),
      ),
    )
    const granted = answers.filter((res) => res.status === 201).map((res) => res.body.data)
    expect(answers.every((res) => res.status === 201 || res.body.code === 'SOLD_OUT')).toBe(true)
    // Every granted booking has every line it asked for; a refused one holds nothing.
    for (const booking of granted) expect(booking.items.reduce((sum: number, item: { quantity: number }) => sum + item.quantity, 0)).toBe(booking.quantity)
    const stock = await stockOf(knex(), event.id)
    expect(stock.consistent).toBe(true)
    expect(stock.held).toBe(granted.reduce((sum, booking) => sum + booking.quantity, 0))
    // VIP (4 tickets) is what runs out: exactly four bookings got one.
    expect(stock.categories.find((c) => c.id === vip.id)).toMatchObject({ held: 4, available: 0 })
  })

  it('orders capacity edits and a burst of bookings: each sees the stock the other left', async () => {
    const { event, standing } = await twoCategoryEvent([{ capacity: 20 }])
    const users = await Promise.all(Array.from({ length: 10 }, () => api.register()))
    // One administrator's edits, one after another, while the bookings arrive.
    const edits = (async () => {
      const answers = []
      for (const capacity of [25, 22, 30, 26]) answers.push(await api.call('PUT', `/api/events/${event.id}/categories/${standing.id}`, { token: adminToken, body: { capacity } }))
      return answers
    })()
    const bookings = users.map(({ token }) => book(token, { event_id: event.id, items: [{ category_id: standing.id, quantity: 2 }] }))
    const [editAnswers, bookingAnswers] = await Promise.all([edits, Promise.all(bookings)])
    expect(editAnswers.every((res) => res.status === 200)).toBe(true)
    expect(bookingAnswers.every((res) => res.status === 201)).toBe(true)
    const stock = await stockOf(knex(), event.id)
    expect(stock.consistent).toBe(true)
    expect(stock.categories.find((c) => c.id === standing.id)).toMatchObject({ capacity: 26, held: 20, available: 6 })
  })
})

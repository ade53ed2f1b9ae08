import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { stockOf } from '@tickets/testing'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

async function setup(options: { worker?: boolean; env?: Record<string, string> } = {}) {
  const platform = await startPlatform(options.env, { worker: options.worker ?? true })
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  const createEvent = async (overrides: Record<string, unknown> = {}) => {
    const res = await api.call('POST', '/api/events', {
      token: adminToken,
      body: { name: 'Show', location: 'Hall', event_date: future(10), ticket_price: 20.5, total_tickets: 10, max_tickets_per_user: 4, ...overrides },
    })
    if (res.status !== 201) throw new Error(`event: ${res.status} ${res.raw}`)
    return res.body.data as { id: string }
  }
  return { ...platform, api, adminToken, createEvent }
}

describe('POST /api/bookings', () => {
  it('answers 202 at once with a status URL, and the booking ends pending with an exact price', async () => {
    const { api, createEvent, users } = await setup()
    const event = await createEvent()
    const { token, user } = await api.register()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 3 } })
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ success: true, data: { status: 'queued', event_id: event.id, quantity: 3 } })
    expect(res.headers.location).toBe(`/api/bookings/${res.body.data.id}`)
    const booking = await pollUntilDecided(api, token, res.body.data.id)
    expect(booking).toMatchObject({ id: res.body.data.id, user_id: user.id, status: 'pending', total_price: '61.50', reason: null, quantity: 3 })
    expect(booking.user).toEqual({ id: user.id, name: 'Test User', email: user.email })
    expect(booking.event).toMatchObject({ id: event.id, name: 'Show', location: 'Hall' })
    expect(new Date(booking.expires_at).getTime()).toBeGreaterThan(Date.now() + 800_000)
    expect(await stockOf(users.knex, event.id)).toMatchObject({ available: 7, consistent: true })
  })

  it.each([
    ['quantity 0', { quantity: 0 }],
    ['quantity 101', { quantity: 101 }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['a string quantity', { quantity: '2' }],
    ['a malformed event id', { event_id: 'abc' }],
    ['an unknown field', { seat: 'A1' }],
  ])('answers 400 to %s and queues nothing', async (_name, overrides) => {
    const { api, createEvent, gateway } = await setup({ worker: false })
    const event = await createEvent()
    const { token } = await api.register()
    const before = await gateway.bookingShards.all[0]!.count()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1, ...overrides } })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('VALIDATION_ERROR')
    expect(await gateway.bookingShards.all[0]!.count()).toBe(before)
  })

  it('answers 401 without a token', async () => {
    const { api } = await setup({ worker: false })
    expect((await api.call('POST', '/api/bookings', { body: { event_id: randomUUID(), quantity: 1 } })).status).toBe(401)
  })

  it('keeps job data free of secrets', async () => {
    const { api, createEvent, gateway } = await setup({ worker: false })
    const event = await createEvent()
    const { token, password } = await api.register()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 }, headers: { 'idempotency-key': 'k-1' } })
    const unkeyed = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })
    for (const id of [res.body.data.id, unkeyed.body.data.id]) {
      const { job, request } = (await gateway.bookingShards.findJob(id))!
      expect(Object.keys(request as object).sort()).toEqual(['booking_id', 'event_id', 'idempotency_key', 'items', 'quantity', 'request_fingerprint', 'requested_at', 'sequence', 'user_id'])
      expect(JSON.stringify(job.data)).not.toContain(token)
      expect(JSON.stringify(job.data)).not.toContain(password)
    }
  })
})

describe('Prefer: wait', () => {
  it('answers 201 with the held booking', async () => {
    const { api, createEvent } = await setup()
    const event = await createEvent()
    const { token } = await api.register()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 2 }, headers: { prefer: 'wait=10' } })
    expect(res.status).toBe(201)
    expect(res.headers['preference-applied']).toBe('wait=10')
    expect(res.body.data).toMatchObject({ status: 'pending', quantity: 2, total_price: '41.00' })
  })

  it('answers 201 confirmed for a free event', async () => {
    const { api, createEvent } = await setup()
    const event = await createEvent({ ticket_price: 0 })
    const { token } = await api.register()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 }, headers: { prefer: 'wait=10' } })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ status: 'confirmed', expires_at: null, total_price: '0.00' })
  })

  it.each([
    ['SOLD_OUT', { total_tickets: 2, max_tickets_per_user: null }, 3, { available: 2, requested: 3 }],
    ['LIMIT_EXCEEDED', { max_tickets_per_user: 2 }, 3, { limit: 2, already_booked: 0, requested: 3 }],
    ['EVENT_PASSED', { event_date: new Date(Date.now() - 3_600_000).toISOString() }, 1, {}],
  ])('answers 409 %s with the numbers, and the rejection is durable', async (reason, eventOverrides, quantity, detail) => {
    const { api, createEvent } = await setup()
    const event = await createEvent(eventOverrides)
    const { token } = await api.register()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity }, headers: { prefer: 'wait=10' } })
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ success: false, code: reason, errors: { reason, ...detail } })
    const stored = await api.call('GET', `/api/bookings/${res.body.errors.booking_id}`, { token })
    expect(stored.body.data).toMatchObject({ status: 'rejected', reason, reason_detail: Object.keys(detail).length ? detail : null })
  })

  it('answers 409 EVENT_NOT_FOUND for an event that does not exist', async () => {
    const { api } = await setup()
    const { token } = await api.register()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: randomUUID(), quantity: 1 }, headers: { prefer: 'wait=10' } })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('EVENT_NOT_FOUND')
  })

  it('answers 202 as usual when the wait runs out', async () => {
    const { api, createEvent } = await setup({ worker: false })
    const event = await createEvent()
    const { token } = await api.register()
    const started = Date.now()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 }, headers: { prefer: 'wait=1' } })
    expect(res.status).toBe(202)
    expect(res.body.data.status).toBe('queued')
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })
})

describe('GET /api/bookings/:id', () => {
  it('shows a queued booking with Retry-After until a worker takes it', async () => {
    const { api, createEvent } = await setup({ worker: false })
    const event = await createEvent()
    const { token, user } = await api.register()
    const { body } = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })
    const res = await api.call('GET', `/api/bookings/${body.data.id}`, { token })
    expect(res.status).toBe(200)
    expect(res.headers['retry-after']).toBe('1')
    expect(res.body.data).toMatchObject({ id: body.data.id, status: 'queued', user_id: user.id, event_id: event.id, total_price: null })
  })

  it("answers 404 for another user's booking, queued or decided, and shows it to an admin", async () => {
    const { api, createEvent, adminToken } = await setup()
    const event = await createEvent()
    const alice = await api.register()
    const bob = await api.register()
    const { body } = await api.call('POST', '/api/bookings', { token: alice.token, body: { event_id: event.id, quantity: 1 } })
    const other = await api.call('GET', `/api/bookings/${body.data.id}`, { token: bob.token })
    expect(other.status).toBe(404)
    expect(other.body.code).toBe('BOOKING_NOT_FOUND')
    await pollUntilDecided(api, alice.token, body.data.id)
    expect((await api.call('GET', `/api/bookings/${body.data.id}`, { token: bob.token })).status).toBe(404)
    expect((await api.call('GET', `/api/bookings/${body.data.id}`, { token: adminToken })).body.data.status).toBe('pending')
  })

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const { api } = await setup({ worker: false })
    const { token } = await api.register()
    expect((await api.call('GET', `/api/bookings/${randomUUID()}`, { token })).status).toBe(404)
    expect((await api.call('GET', '/api/bookings/xyz', { token })).status).toBe(400)
  })
})

describe('GET /api/bookings', () => {
  it("lists the caller's own bookings (admin: all), filtered by status and event, with summaries", async () => {
    const { api, createEvent, adminToken } = await setup()
    const small = await createEvent({ total_tickets: 1 })
    const big = await createEvent()
    const alice = await api.register()
    const bob = await api.register()
    const book = async (token: string, eventId: string, quantity: number) => {
      const res = await api.call('POST', '/api/bookings', { token, body: { event_id: eventId, quantity }, headers: { prefer: 'wait=10' } })
      return res.status === 201 ? res.body.data.id : res.body.errors.booking_id
    }
    const a1 = await book(alice.token, big.id, 1)
    const a2 = await book(alice.token, small.id, 2) // sold out
    await book(bob.token, big.id, 1)

    const mine = await api.call('GET', '/api/bookings', { token: alice.token })
    expect(mine.body.data.map((b: { id: string }) => b.id).sort()).toEqual([a1, a2].sort())
    expect(mine.body.meta).toEqual({ page: 1, limit: 20, total: 2 })
    expect(mine.body.data[0].event).toBeDefined()

    const rejected = await api.call('GET', '/api/bookings?status=rejected', { token: alice.token })
    expect(rejected.body.data.map((b: { id: string }) => b.id)).toEqual([a2])
    const onBig = await api.call('GET', `/api/bookings?event_id=${big.id}`, { token: alice.token })
    expect(onBig.body.data.map((b: { id: string }) => b.id)).toEqual([a1])

    const all = await api.call('GET', `/api/bookings?event_id=${big.id}`, { token: adminToken })
    expect(all.body.meta.total).toBe(2)
    expect(all.body.data[0].user).toBeDefined()
    expect((await api.call('GET', '/api/bookings?status=bogus', { token: alice.token })).status).toBe(400)
  })
})

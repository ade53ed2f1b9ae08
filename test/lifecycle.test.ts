import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { JOBS, expiryJobId } from '@tickets/contracts'
import { changeStatus, deleteBooking, expireIfDue, BookingError } from '@tickets/booking'
import { insertEvent, insertUser, stockOf } from '@tickets/testing'
import { processBooking } from '@tickets/worker/book'
import { createApi } from './support/api.js'
import { startPlatform } from './support/platform.js'

async function setup(env: Record<string, string> = {}, worker = true) {
  const platform = await startPlatform(env, { worker })
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  const event = (
    await api.call('POST', '/api/events', {
      token: adminToken,
      body: { name: 'Show', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 10, total_tickets: 20, max_tickets_per_user: null },
    })
  ).body.data as { id: string }
  const knex = platform.users.knex
  /** A decided booking: 201 pending (or 409 rejected) through Prefer: wait. */
  const book = async (token: string, quantity = 2, eventId = event.id) => {
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: eventId, quantity }, headers: { prefer: 'wait=10' } })
    return (res.status === 201 ? res.body.data.id : res.body.errors.booking_id) as string
  }
  const statusOf = async (id: string) => (await knex('bookings').where({ id }).first())?.status
  return { ...platform, api, adminToken, event, knex, book, statusOf }
}

describe('booking transitions', () => {
  it('lets the owner cancel a pending hold and a confirmed booking; tickets go back each time', async () => {
    const { api, book, knex, event } = await setup()
    const { token } = await api.register()
    const a = await book(token, 2)
    const b = await book(token, 3)
    expect((await stockOf(knex, event.id)).available).toBe(15)

    const cancelled = await api.call('PUT', `/api/bookings/${a}/cancel`, { token })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.data.status).toBe('cancelled')
    expect((await api.call('PUT', `/api/bookings/${b}/confirm-payment`, { token })).body.data.status).toBe('confirmed')
    expect((await api.call('PATCH', `/api/bookings/${b}/status`, { token, body: { status: 'cancelled' } })).body.data.status).toBe('cancelled')
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 20, held: 0, consistent: true })
  })

  it('lets only an admin confirm through PATCH', async () => {
    const { api, book, adminToken } = await setup()
    const { token } = await api.register()
    const id = await book(token)
    const owner = await api.call('PATCH', `/api/bookings/${id}/status`, { token, body: { status: 'confirmed' } })
    expect(owner.status).toBe(403)
    expect((await api.call('PATCH', `/api/bookings/${id}/status`, { token: adminToken, body: { status: 'confirmed' } })).body.data.status).toBe('confirmed')
  })

  it('answers 409 INVALID_TRANSITION to every transition the table does not allow', async () => {
    const { api, book, adminToken, event, knex } = await setup()
    const { token } = await api.register()
    const cancelled = await book(token)
    await api.call('PUT', `/api/bookings/${cancelled}/cancel`, { token })
    const rejected = await book(token, 50)
    const confirmed = await book(token)
    await api.call('PUT', `/api/bookings/${confirmed}/confirm-payment`, { token })
    const cases: Array<[string, string, object | undefined, string]> = [
      ['PUT', `/api/bookings/${cancelled}/cancel`, undefined, token],
      ['PUT', `/api/bookings/${cancelled}/confirm-payment`, undefined, token],
      ['PATCH', `/api/bookings/${cancelled}/status`, { status: 'confirmed' }, adminToken],
      ['PUT', `/api/bookings/${rejected}/cancel`, undefined, token],
      ['PUT', `/api/bookings/${rejected}/confirm-payment`, undefined, token],
      ['PUT', `/api/bookings/${confirmed}/confirm-payment`, undefined, token],
      ['PATCH', `/api/bookings/${confirmed}/status`, { status: 'confirmed' }, adminToken],
    ]
    const before = await stockOf(knex, event.id)
    for (const [method, url, body, who] of cases) {
      const res = await api.call(method as 'PUT', url, { token: who, body })
      expect([res.status, res.body.code], `${method} ${url}`).toEqual([409, 'INVALID_TRANSITION'])
    }
    expect(await stockOf(knex, event.id)).toEqual(before)
    expect((await api.call('PATCH', `/api/bookings/${confirmed}/status`, { token, body: { status: 'expired' } })).status).toBe(400)
  })

  it("answers 404 to another user's booking and lets an admin act on it", async () => {
    const { api, book, adminToken } = await setup()
    const alice = await api.register()
    const bob = await api.register()
    const id = await book(alice.token)
    for (const [method, url] of [['PUT', `/api/bookings/${id}/cancel`], ['PUT', `/api/bookings/${id}/confirm-payment`], ['DELETE', `/api/bookings/${id}`]] as const) {
      expect((await api.call(method, url, { token: bob.token })).status).toBe(404)
    }
    expect((await api.call('PUT', `/api/bookings/${id}/confirm-payment`, { token: adminToken })).body.data.status).toBe('confirmed')
    expect((await api.call('PUT', `/api/bookings/${id}/cancel`, { token: adminToken })).body.data.status).toBe('cancelled')
  })

  it('answers 409 BOOKING_IN_PROGRESS with Retry-After while the booking is queued', async () => {
    const { api, event } = await setup({}, false)
    const { token } = await api.register()
    const { body } = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })
    for (const [method, url] of [['PUT', `/api/bookings/${body.data.id}/cancel`], ['DELETE', `/api/bookings/${body.data.id}`]] as const) {
      const res = await api.call(method, url, { token })
      expect(res.status).toBe(409)
      expect(res.body.code).toBe('BOOKING_IN_PROGRESS')
      expect(res.headers['retry-after']).toBe('1')
    }
  })
})

describe('hold expiry', () => {
  it('answers 409 HOLD_EXPIRED to a payment after expires_at, and the tickets are back', async () => {
    const { api, book, knex, event, statusOf } = await setup()
    const { token } = await api.register()
    const id = await book(token, 4)
    await knex('bookings').where({ id }).update({ expires_at: new Date(Date.now() - 1000) })
    const res = await api.call('PUT', `/api/bookings/${id}/confirm-payment`, { token })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('HOLD_EXPIRED')
    expect(await statusOf(id)).toBe('expired')
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 20, consistent: true })
    expect((await api.call('PUT', `/api/bookings/${id}/confirm-payment`, { token })).body.code).toBe('HOLD_EXPIRED')
  })

  it('expires a hold after HOLD_TTL_SECONDS=2 by the sweep, with no job per hold, and gives the tickets back', async () => {
    const { api, book, knex, event, statusOf, worker } = await setup({ HOLD_TTL_SECONDS: '2', EXPIRY_SWEEP_SECONDS: '1' })
    const { token } = await api.register()
    const id = await book(token, 5)
    expect((await stockOf(knex, event.id)).available).toBe(15)
    // Only the schedulers' next runs are delayed: nothing is queued per hold.
    expect((await worker!.expiryQueue.getDelayed()).every((job) => job.id?.startsWith('repeat:'))).toBe(true)
    const deadline = Date.now() + 8_000
    while ((await statusOf(id)) !== 'expired' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    expect(await statusOf(id)).toBe('expired')
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 20, consistent: true })
  })

  it('an expire job queued by an earlier version still expires its hold', async () => {
    const { api, book, knex, event, statusOf, worker } = await setup({ HOLD_TTL_SECONDS: '1', EXPIRY_SWEEP_SECONDS: '3600' })
    const { token } = await api.register()
    const id = await book(token, 3)
    await worker!.expiryQueue.add(JOBS.expire, { booking_id: id }, { jobId: expiryJobId(id), delay: 1_200 })
    const deadline = Date.now() + 8_000
    while ((await statusOf(id)) !== 'expired' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    expect(await statusOf(id)).toBe('expired')
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 20, consistent: true })
  })

  it('lets exactly one of payment and expiry win when they race', async () => {
    const { api, book, knex, event, statusOf } = await setup()
    const { token } = await api.register()
    const ids = await Promise.all(Array.from({ length: 8 }, () => book(token, 2)))
    for (const id of ids) {
      const due = new Date(Date.now() + 20)
      await knex('bookings').where({ id }).update({ expires_at: due })
      await new Promise((r) => setTimeout(r, 20))
      const [paid, expired] = await Promise.all([api.call('PUT', `/api/bookings/${id}/confirm-payment`, { token }), expireIfDue(knex, id)])
      const status = await statusOf(id)
      if (paid.status === 200) expect([status, expired]).toEqual(['confirmed', false])
      else expect([paid.body.code, status]).toEqual(['HOLD_EXPIRED', 'expired'])
    }
    expect((await stockOf(knex, event.id)).consistent).toBe(true)
  })
})

describe('cancel racing cancel', () => {
  it('restores the tickets once', async () => {
    const { api, book, knex, event } = await setup()
    const { token } = await api.register()
    const id = await book(token, 4)
    const results = await Promise.all(Array.from({ length: 10 }, () => api.call('PUT', `/api/bookings/${id}/cancel`, { token })))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(9)
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 20, consistent: true })
  })
})

describe('DELETE /api/bookings/:id', () => {
  it('removes a booking in each status; held tickets go back, others change nothing', async () => {
    const { api, book, knex, event } = await setup()
    const { token } = await api.register()
    const pending = await book(token, 2)
    const confirmed = await book(token, 3)
    await api.call('PUT', `/api/bookings/${confirmed}/confirm-payment`, { token })
    const cancelled = await book(token, 1)
    await api.call('PUT', `/api/bookings/${cancelled}/cancel`, { token })
    const expired = await book(token, 1)
    await knex('bookings').where({ id: expired }).update({ expires_at: new Date(Date.now() - 1) })
    await expireIfDue(knex, expired)
    const rejected = await book(token, 99)
    expect((await stockOf(knex, event.id)).available).toBe(15)

    for (const [id, available] of [[pending, 17], [confirmed, 20], [cancelled, 20], [expired, 20], [rejected, 20]] as const) {
      const res = await api.call('DELETE', `/api/bookings/${id}`, { token })
      expect(res.status).toBe(200)
      expect((await api.call('GET', `/api/bookings/${id}`, { token })).status).toBe(404)
      expect(await stockOf(knex, event.id)).toMatchObject({ available, consistent: true })
    }
  })
})

describe('a random mix of book, confirm, cancel, delete and expire', () => {
  it('keeps available + held == total and available >= 0 throughout (seed 42)', async () => {
    const { knex } = await setup({}, false)
    let seed = 42
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const event = await insertEvent(knex, { total_tickets: 30, max_tickets_per_user: 6 })
    const users = await Promise.all(Array.from({ length: 5 }, () => insertUser(knex)))
    const log = pino({ level: 'silent' })
    const ids: string[] = []

    const step = async () => {
      const roll = random()
      const id = ids[Math.floor(random() * ids.length)]
      try {
        if (roll < 0.4 || !id) {
          const booking_id = randomUUID()
          ids.push(booking_id)
          const user = users[Math.floor(random() * users.length)]!
          await processBooking(
            { booking_id, user_id: user.id, event_id: event.id, quantity: 1 + Math.floor(random() * 4), requested_at: new Date().toISOString(), idempotency_key: null, request_fingerprint: null },
            { knex, holdTtlSeconds: 900, log },
          )
        } else if (roll < 0.55) await changeStatus(knex, id, 'confirmed', 'owner')
        else if (roll < 0.7) await changeStatus(knex, id, 'cancelled', 'owner')
        else if (roll < 0.8) await deleteBooking(knex, id)
        else {
          await knex('bookings').where({ id, status: 'pending' }).update({ expires_at: new Date(Date.now() - 1) })
          await expireIfDue(knex, id)
        }
      } catch (error) {
        if (!(error instanceof BookingError)) throw error
      }
    }

    for (let round = 0; round < 30; round++) {
      // Ten operations at once per round, then the invariant.
      await Promise.all(Array.from({ length: 10 }, step))
      const stock = await stockOf(knex, event.id)
      expect(stock.consistent, `round ${round}`).toBe(true)
    }
    const statuses = await knex('bookings').where({ event_id: event.id }).distinct('status').pluck('status')
    expect(statuses.length).toBeGreaterThanOrEqual(3)
  })
})

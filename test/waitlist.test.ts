import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stockOf } from '@tickets/testing'
import { createApi } from './support/api.js'
import { startPlatform, type Platform } from './support/platform.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

// One platform (with a worker sweeping expired holds every second) for the file.
let platform: Platform
let api: ReturnType<typeof createApi>
let adminToken: string
beforeAll(async () => {
  platform = await startPlatform({ EXPIRY_SWEEP_SECONDS: '1', WAITLIST_MAX_ENTRIES_PER_USER: '3', SOLD_OUT_CHECK_CACHE_MS: '0' }, { worker: true, shared: true })
  api = createApi(platform.gateway)
  adminToken = await api.login(platform.admin.email, platform.admin.password)
}, 60_000)
afterAll(() => platform?.close())

const knex = () => platform.users.knex

interface Entry {
  id: string
  category_id: string
  quantity: number
  status: string
  position: number | null
  booking_id: string | null
  offer_expires_at: string | null
  reason: string | null
}

/** A paid event of one category with `capacity` tickets (limit per user: `limit`). */
async function event(capacity: number, extra: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/api/events', { token: adminToken, body: { name: 'Gig', location: 'Club', event_date: future(10), ticket_price: 20, total_tickets: capacity, ...extra } })
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.raw}`)
  return res.body.data as { id: string; categories: Array<{ id: string }> }
}

/** A decided booking through Prefer: wait (201 held, 409 rejected). */
const book = (token: string, eventId: string, quantity: number) => api.call('POST', '/api/bookings', { token, body: { event_id: eventId, quantity }, headers: { prefer: 'wait=10' } })

/** An event sold out to one holder, whose bookings (of `sizes` tickets each) can be given back. */
async function soldOut(sizes: number[], extra: Record<string, unknown> = {}) {
  const created = await event(sizes.reduce((sum, n) => sum + n, 0), extra)
  const holder = await api.register()
  const held: string[] = []
  for (const size of sizes) {
    const res = await book(holder.token, created.id, size)
    expect(res.status).toBe(201)
    held.push(res.body.data.id)
  }
  return { ...created, holder, held }
}

const join = (token: string, eventId: string, body: Record<string, unknown>) => api.call('POST', `/api/events/${eventId}/waitlist`, { token, body })
const mine = async (token: string, eventId: string) => (await api.call('GET', `/api/events/${eventId}/waitlist/me`, { token })).body.data as Entry[]

describe('the waiting list', () => {
  it('lets users join a sold-out category in order, shows each its position, and lets them leave', async () => {
    const sale = await soldOut([2], { max_tickets_per_user: 4 })
    const [a, b, c] = await Promise.all([api.register(), api.register(), api.register()])
    const first = await join(a.token, sale.id, { quantity: 1 })
    expect(first.status).toBe(201)
    expect(first.headers.location).toBe(`/api/events/${sale.id}/waitlist/me`)
    expect(first.body.data).toMatchObject({ event_id: sale.id, category_id: sale.categories[0]!.id, quantity: 1, status: 'waiting', position: 1, booking_id: null })
    expect((await join(b.token, sale.id, { quantity: 2 })).body.data.position).toBe(2)
    expect((await join(c.token, sale.id, { category_id: sale.categories[0]!.id, quantity: 1 })).body.data.position).toBe(3)

    // Once per user and category; within the per-user limit; never for tickets that are there.
    expect((await join(a.token, sale.id, { quantity: 1 })).body.code).toBe('ALREADY_WAITING')
    const greedy = await api.register()
    expect((await join(greedy.token, sale.id, { quantity: 5 })).body).toMatchObject({ code: 'VALIDATION_ERROR', errors: { quantity: 'must be at most 4, the per-user limit' } })
    expect((await join(a.token, randomUUID(), { quantity: 1 })).status).toBe(404)
    const open = await event(5)
    const available = await join(a.token, open.id, { quantity: 2 })
    expect(available.status).toBe(409)
    expect(available.body).toMatchObject({ code: 'TICKETS_AVAILABLE', errors: { available: 5 } })

    // The admin sees the list in order with counts; the event shows how many wait.
    const list = await api.call('GET', `/api/events/${sale.id}/waitlist`, { token: adminToken })
    expect(list.body.data.map((entry: Entry) => entry.position)).toEqual([1, 2, 3])
    expect(list.body.meta).toMatchObject({ total: 3, counts: { waiting: 3, offered: 0, booked: 0, expired: 0, left: 0 } })
    expect((await api.call('GET', `/api/events/${sale.id}/waitlist`, { token: a.token })).status).toBe(403)
    expect((await api.call('GET', `/api/events/${sale.id}`)).body.data.categories[0].waiting).toEqual({ entries: 3, tickets: 4 })

    const left = await api.call('DELETE', `/api/events/${sale.id}/waitlist/me/${first.body.data.id}`, { token: a.token })
    expect(left.body.data).toMatchObject({ status: 'left', position: null })
    expect((await mine(b.token, sale.id))[0]!.position).toBe(1)
    expect((await api.call('DELETE', `/api/events/${sale.id}/waitlist/me/${first.body.data.id}`, { token: a.token })).body.code).toBe('INVALID_TRANSITION')
    // Someone else's entry is not found for them.
    expect((await api.call('DELETE', `/api/events/${sale.id}/waitlist/me/${first.body.data.id}`, { token: b.token })).body.code).toBe('WAITLIST_ENTRY_NOT_FOUND')
  })

  it('names the category on an event with several (CATEGORY_REQUIRED), and caps active entries per user', async () => {
    const res = await api.call('POST', '/api/events', {
      token: adminToken,
      body: { name: 'Two', location: 'Hall', event_date: future(10), categories: [{ name: 'A', price: 5, capacity: 1 }, { name: 'B', price: 5, capacity: 1 }] },
    })
    const { token } = await api.register()
    expect((await join(token, res.body.data.id, { quantity: 2 })).body.code).toBe('CATEGORY_REQUIRED')
    const user = await api.register()
    const sales = await Promise.all([soldOut([1]), soldOut([1]), soldOut([1]), soldOut([1])])
    for (const sale of sales.slice(0, 3)) expect((await join(user.token, sale.id, { quantity: 1 })).status).toBe(201)
    expect((await join(user.token, sales[3]!.id, { quantity: 1 })).body).toMatchObject({ code: 'WAITLIST_LIMIT_REACHED', errors: { limit: 3 } })
  })

  it('offers freed tickets in the cancelling transaction, in order, skipping an entry that does not fit', async () => {
    const sale = await soldOut([1, 1, 1])
    const [a, b, c] = await Promise.all([api.register(), api.register(), api.register()])
    await join(a.token, sale.id, { quantity: 2 })
    await join(b.token, sale.id, { quantity: 1 })
    await join(c.token, sale.id, { quantity: 1 })

    // One ticket back: A (2) does not fit and keeps its place; B gets the offer at once.
    expect((await api.call('PUT', `/api/bookings/${sale.held[0]}/cancel`, { token: sale.holder.token })).status).toBe(200)
    const [offer] = await mine(b.token, sale.id)
    expect(offer).toMatchObject({ status: 'offered', booking_id: expect.any(String), offer_expires_at: expect.any(String), position: null })
    expect((await mine(a.token, sale.id))[0]).toMatchObject({ status: 'waiting', position: 1 })
    const booking = (await api.call('GET', `/api/bookings/${offer!.booking_id}`, { token: b.token })).body.data
    expect(booking).toMatchObject({ status: 'pending', source: 'waitlist', quantity: 1, total_price: '20.00', items: [{ category_id: sale.categories[0]!.id, quantity: 1 }] })

    // Nothing is open to a new booking meanwhile: the category stays sold out to the public.
    const { token: walkIn } = await api.register()
    expect((await book(walkIn, sale.id, 1)).body.code).toBe('SOLD_OUT')

    // One more back: A still does not fit, so C, behind it, is served.
    await api.call('PUT', `/api/bookings/${sale.held[1]}/cancel`, { token: sale.holder.token })
    expect((await mine(c.token, sale.id))[0]).toMatchObject({ status: 'offered' })
    expect((await mine(a.token, sale.id))[0]).toMatchObject({ status: 'waiting', position: 1 })
    // Another: no entry still waiting fits it (A asks for 2), so it is open to everyone.
    await api.call('DELETE', `/api/bookings/${sale.held[2]}`, { token: sale.holder.token })
    expect((await mine(a.token, sale.id))[0]).toMatchObject({ status: 'waiting', position: 1 })
    expect((await book(walkIn, sale.id, 1)).status).toBe(201)

    // Paying the offer books it.
    expect((await api.call('PUT', `/api/bookings/${offer!.booking_id}/confirm-payment`, { token: b.token })).body.data.status).toBe('confirmed')
    expect((await mine(b.token, sale.id))[0]!.status).toBe('booked')
    expect(await stockOf(knex(), sale.id)).toMatchObject({ available: 0, held: 3, consistent: true })
  })

  it('passes an unpaid or given-up offer to the next in line, and offers tickets freed by an expiry', async () => {
    const sale = await soldOut([1])
    const [a, b, c] = await Promise.all([api.register(), api.register(), api.register()])
    for (const user of [a, b, c]) await join(user.token, sale.id, { quantity: 1 })

    // The holder's hold runs out: the worker's sweep expires it and offers the ticket to A.
    await knex()('bookings').where({ id: sale.held[0] }).update({ expires_at: new Date(Date.now() - 1_000) })
    await expect.poll(async () => (await mine(a.token, sale.id))[0]!.status, { timeout: 10_000, interval: 200 }).toBe('offered')

    // A does not pay: the offer expires and passes to B.
    const offerA = (await mine(a.token, sale.id))[0]!
    await knex()('bookings').where({ id: offerA.booking_id! }).update({ expires_at: new Date(Date.now() - 1_000) })
    await expect.poll(async () => (await mine(b.token, sale.id))[0]!.status, { timeout: 10_000, interval: 200 }).toBe('offered')
    expect((await mine(a.token, sale.id))[0]).toMatchObject({ status: 'expired', reason: 'OFFER_EXPIRED' })
    expect((await api.call('GET', `/api/bookings/${offerA.booking_id}`, { token: a.token })).body.data.status).toBe('expired')

    // B leaves instead of paying: the offer is cancelled and passes to C in the same transaction.
    const offerB = (await mine(b.token, sale.id))[0]!
    expect((await api.call('DELETE', `/api/events/${sale.id}/waitlist/me/${offerB.id}`, { token: b.token })).body.data.status).toBe('left')
    expect((await api.call('GET', `/api/bookings/${offerB.booking_id}`, { token: b.token })).body.data.status).toBe('cancelled')
    expect((await mine(c.token, sale.id))[0]!.status).toBe('offered')
    expect(await stockOf(knex(), sale.id)).toMatchObject({ available: 0, held: 1, consistent: true })
  })

  it('offers a raised capacity to the list first, and opens only what the list does not take', async () => {
    const sale = await soldOut([2])
    const [a, b] = await Promise.all([api.register(), api.register()])
    await join(a.token, sale.id, { quantity: 2 })
    await join(b.token, sale.id, { quantity: 1 })
    const raised = await api.call('PUT', `/api/events/${sale.id}/categories/${sale.categories[0]!.id}`, { token: adminToken, body: { capacity: 6 } })
    expect(raised.body.data).toMatchObject({ capacity: 6, available: 1, waiting: { entries: 0, tickets: 0 } })
    expect((await mine(a.token, sale.id))[0]!.status).toBe('offered')
    expect((await mine(b.token, sale.id))[0]!.status).toBe('offered')
    // The one ticket left is everyone's.
    const { token } = await api.register()
    expect((await book(token, sale.id, 1)).status).toBe(201)
    expect(await stockOf(knex(), sale.id)).toMatchObject({ total: 6, available: 0, held: 6, consistent: true })
  })

  it('ends an entry whose offer would break the per-user limit, and serves the next', async () => {
    const sale = await event(3, { max_tickets_per_user: 2 })
    const [a, b, holder] = await Promise.all([api.register(), api.register(), api.register()])
    // A holds one ticket and waits for two more: 1 + 2 > 2, so an offer would break its limit.
    expect((await book(a.token, sale.id, 1)).status).toBe(201)
    const held = (await book(holder.token, sale.id, 2)).body.data.id as string
    await join(a.token, sale.id, { quantity: 2 })
    await join(b.token, sale.id, { quantity: 1 })
    // Two back: A's turn comes first but ends it; B is served, and the last ticket is everyone's.
    await api.call('PUT', `/api/bookings/${held}/cancel`, { token: holder.token })
    expect((await mine(a.token, sale.id)).find((entry) => entry.quantity === 2)).toMatchObject({ status: 'expired', reason: 'LIMIT_EXCEEDED' })
    expect((await mine(b.token, sale.id))[0]!.status).toBe('offered')
    expect(await stockOf(knex(), sale.id)).toMatchObject({ available: 1, held: 2, consistent: true })
  })

  it('serves the list strictly in order while cancels race a burst of new bookings, keeping every category whole', async () => {
    const sale = await soldOut([1, 1, 1, 1])
    const waiting = await Promise.all(Array.from({ length: 6 }, () => api.register()))
    for (const user of waiting) await join(user.token, sale.id, { quantity: 1 })
    const walkIns = await Promise.all(Array.from({ length: 8 }, () => api.register()))
    const [cancels, burst] = await Promise.all([
      Promise.all(sale.held.slice(0, 2).map((id) => api.call('PUT', `/api/bookings/${id}/cancel`, { token: sale.holder.token }))),
      Promise.all(walkIns.map(({ token }) => book(token, sale.id, 1))),
    ])
    expect(cancels.every((res) => res.status === 200)).toBe(true)
    // Every freed ticket went to the list: no walk-in got one.
    expect(burst.every((res) => res.body.code === 'SOLD_OUT')).toBe(true)
    const statuses = await Promise.all(waiting.map(async (user) => (await mine(user.token, sale.id))[0]!.status))
    expect(statuses).toEqual(['offered', 'offered', 'waiting', 'waiting', 'waiting', 'waiting'])
    expect(await stockOf(knex(), sale.id)).toMatchObject({ available: 0, held: 4, consistent: true })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from './support/api.js'
import { startPlatform, type Platform } from './support/platform.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

let platform: Platform
let api: ReturnType<typeof createApi>
let adminToken: string
beforeAll(async () => {
  platform = await startPlatform({ SOLD_OUT_CHECK_CACHE_MS: '0' }, { worker: true, shared: true })
  api = createApi(platform.gateway)
  adminToken = await api.login(platform.admin.email, platform.admin.password)
}, 60_000)
afterAll(() => platform?.close())

const cents = (amount: string) => Math.round(Number(amount) * 100)

describe('GET /api/events/:id/stats', { timeout: 90_000 }, () => {
  it('matches the rows after a burst: per category and in total', async () => {
    const created = await api.call('POST', '/api/events', {
      token: adminToken,
      body: { name: 'Counted gig', location: 'Hall', event_date: future(10), max_tickets_per_user: 4, categories: [{ name: 'Seated', price: 12.5, capacity: 6 }, { name: 'Standing', price: 0, capacity: 4 }] },
    })
    expect(created.status).toBe(201)
    const eventId = created.body.data.id as string
    const [seated, standing] = created.body.data.categories as Array<{ id: string }>
    const users = await Promise.all(Array.from({ length: 8 }, () => api.register()))

    // A burst of one- and two-line requests, some over the per-user limit, more than there is.
    const answers = await Promise.all(
      users.flatMap((user, i) => [
        api.call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, items: [{ category_id: seated!.id, quantity: 1 + (i % 2) }] }, headers: { prefer: 'wait=20' } }),
        api.call('POST', '/api/bookings', {
          token: user.token,
          body: { event_id: eventId, items: [{ category_id: standing!.id, quantity: 1 }, ...(i % 3 === 0 ? [{ category_id: seated!.id, quantity: 3 }] : [])] },
          headers: { prefer: 'wait=20' },
        }),
      ]),
    )
    const held = answers.filter((res) => res.status === 201).map((res) => res.body.data as { id: string; status: string; user_id: string })
    // Some paid, one cancelled; a waiting list for the sold-out seats.
    const pending = held.filter((booking) => booking.status === 'pending')
    const tokenOf = (userId: string) => users.find((user) => user.user.id === userId)!.token
    expect(pending.length).toBeGreaterThanOrEqual(2)
    expect((await api.call('PUT', `/api/bookings/${pending[0]!.id}/confirm-payment`, { token: tokenOf(pending[0]!.user_id) })).status).toBe(200)
    expect((await api.call('PUT', `/api/bookings/${pending[1]!.id}/cancel`, { token: tokenOf(pending[1]!.user_id) })).status).toBe(200)

    const stats = await api.call('GET', `/api/events/${eventId}/stats`, { token: adminToken })
    expect(stats.status, stats.raw).toBe(200)
    const figures = stats.body.data

    // The same figures, counted here from the rows.
    const knex = platform.users.knex
    const rows = await knex('bookings').where({ event_id: eventId }).select('id', 'status', 'reason')
    const lines = await knex('booking_items as i').join('bookings as b', 'b.id', 'i.booking_id').where('b.event_id', eventId).select('i.category_id', 'i.quantity', 'i.unit_price', 'b.status', 'b.reason')
    const byStatus = (status: string) => rows.filter((row) => row.status === status).length
    const sum = (category: string | null, status: string, of: (line: (typeof lines)[number]) => number) =>
      lines.filter((line) => (category === null || line.category_id === category) && line.status === status).reduce((total, line) => total + of(line), 0)
    const money = (n: number) => (n / 100).toFixed(2)
    for (const [figure, category] of [[figures, null], [figures.categories[0], seated!.id], [figures.categories[1], standing!.id]] as const) {
      expect(figure.held).toBe(sum(category, 'pending', (line) => line.quantity))
      expect(figure.sold).toBe(sum(category, 'confirmed', (line) => line.quantity))
      expect(figure.revenue).toEqual({
        confirmed: money(sum(category, 'confirmed', (line) => line.quantity * cents(line.unit_price))),
        pending: money(sum(category, 'pending', (line) => line.quantity * cents(line.unit_price))),
      })
      expect(figure.capacity - figure.available).toBe(figure.held + figure.sold)
    }
    expect(figures.capacity).toBe(10)
    expect(figures.bookings).toEqual({ pending: byStatus('pending'), confirmed: byStatus('confirmed'), rejected: byStatus('rejected'), cancelled: byStatus('cancelled'), expired: 0 })
    const reasons: Record<string, number> = {}
    for (const row of rows.filter((row) => row.status === 'rejected')) reasons[row.reason!] = (reasons[row.reason!] ?? 0) + 1
    expect(figures.rejections).toEqual(reasons)
    expect(Object.keys(reasons).length).toBeGreaterThan(0)
    expect(figures.decisions_last_minute).toBe(rows.length)
    expect(figures.queued).toBe(0)
    expect(figures.categories.map((category: { name: string }) => category.name)).toEqual(['Seated', 'Standing'])
    // The standing category sold out during the burst and stays recorded so.
    expect(figures.categories[1].sold_out_at).toEqual(expect.any(String))
    expect(Date.parse(figures.generated_at)).toBeGreaterThan(Date.now() - 60_000)
  })

  it('is for administrators only, and 404 for an unknown event', async () => {
    const user = await api.register()
    const created = await api.call('POST', '/api/events', { token: adminToken, body: { name: 'Private figures', location: 'Hall', event_date: future(10), ticket_price: 5, total_tickets: 5 } })
    expect((await api.call('GET', `/api/events/${created.body.data.id}/stats`, { token: user.token })).status).toBe(403)
    expect((await api.call('GET', `/api/events/${created.body.data.id}/stats`)).status).toBe(401)
    const missing = await api.call('GET', '/api/events/00000000-0000-4000-8000-000000000000/stats', { token: adminToken })
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('EVENT_NOT_FOUND')
  })
})

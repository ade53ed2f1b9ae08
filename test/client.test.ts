import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bearer } from '@tickets/client'
import { startPlatform } from './support/platform.js'
import { typedClientFor } from './support/typed-client.js'

/**
 * The booking flow end to end through the client generated from docs/openapi.json: if a path, a
 * parameter, a body or an answer drifted from the document, this fails to compile or to run.
 */
describe('the typed client (packages/client)', () => {
  it('registers, books, polls to a decision, pays and cancels, with every answer typed', async () => {
    const platform = await startPlatform({}, { worker: true })
    const api = typedClientFor(platform.gateway)

    const admin = await api.POST('/api/auth/login', { body: { email: platform.admin.email, password: platform.admin.password } })
    const adminToken = admin.data!.data.token
    const event = await api.POST('/api/events', {
      headers: bearer(adminToken),
      body: { name: 'Typed', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 12.5, total_tickets: 10, max_tickets_per_user: 4 },
    })
    expect(event.response.status).toBe(201)
    expect(event.response.headers.get('location')).toBe(`/api/events/${event.data!.data.id}`)

    const email = `typed-${randomUUID()}@example.com`
    const registered = await api.POST('/api/auth/register', { body: { name: 'Typed User', email, password: 'correct-horse-battery' } })
    expect(registered.data!.data.user).toMatchObject({ email, role: 'user' })
    const headers = bearer(registered.data!.data.token)

    const accepted = await api.POST('/api/bookings', { headers: { ...headers, 'idempotency-key': 'typed-1' }, body: { event_id: event.data!.data.id, quantity: 2 } })
    expect(accepted.response.status).toBe(202)
    expect(accepted.data!.data).toMatchObject({ status: 'queued', quantity: 2 })
    const id = accepted.data!.data.id

    let booking = (await api.GET('/api/bookings/{id}', { params: { path: { id } }, headers })).data!.data
    for (let i = 0; booking.status === 'queued' && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      booking = (await api.GET('/api/bookings/{id}', { params: { path: { id } }, headers })).data!.data
    }
    expect(booking).toMatchObject({ status: 'pending', total_price: '25.00', reason: null })

    const paid = await api.PUT('/api/bookings/{id}/confirm-payment', { params: { path: { id } }, headers })
    expect(paid.data!.data.status).toBe('confirmed')
    const mine = await api.GET('/api/bookings', { params: { query: { status: 'confirmed' } }, headers })
    expect(mine.data!.data.map((b) => b.id)).toEqual([id])
    expect(mine.data!.meta).toMatchObject({ page: 1, limit: 20, total: 1 })
    const cancelled = await api.PUT('/api/bookings/{id}/cancel', { params: { path: { id } }, headers })
    expect(cancelled.data!.data.status).toBe('cancelled')
    expect((await api.GET('/api/events/{id}', { params: { path: { id: event.data!.data.id } } })).data!.data.available_tickets).toBe(10)
  })

  it('types errors as the envelope: a sold-out and a validation error', async () => {
    const platform = await startPlatform({}, { worker: true })
    const api = typedClientFor(platform.gateway)
    const registered = await api.POST('/api/auth/register', { body: { name: 'E', email: `typed-${randomUUID()}@example.com`, password: 'correct-horse-battery' } })
    const headers = bearer(registered.data!.data.token)
    const bad = await api.POST('/api/bookings', { headers, body: { event_id: 'not-a-uuid', quantity: 1 } })
    expect(bad.response.status).toBe(400)
    expect(bad.error).toMatchObject({ success: false, code: 'VALIDATION_ERROR' })
    const missing = await api.GET('/api/bookings/{id}', { params: { path: { id: randomUUID() } }, headers })
    expect(missing.error?.code).toBe('BOOKING_NOT_FOUND')
  })
})

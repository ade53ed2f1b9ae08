import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { pino } from 'pino'
import { bookingStatusEvents, StatusStreamRefused } from '@tickets/client'
import { createIsolatedDatabase } from '@tickets/testing'
import { startWorker } from '@tickets/worker/worker'
import { loadWorkerConfig } from '@tickets/worker/config'
import { createApi } from './support/api.js'
import { startPlatform, type Platform } from './support/platform.js'
import { openStream } from './support/sse.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

// A database of its own (no other test file's outbox relay may hear its changes first), the
// gateway listening for real streams, and the worker started by the tests when they need it. The
// outbox relay runs once a minute here: decisions (told by the worker) and the gateway's own
// changes (told by the gateway) must reach the streams without it.
let platform: Platform
let api: ReturnType<typeof createApi>
let adminToken: string
let base: string
let drop: () => Promise<void>
let worker: Awaited<ReturnType<typeof startWorker>> | undefined
beforeAll(async () => {
  const db = await createIsolatedDatabase({ migrate: true })
  drop = db.drop
  platform = await startPlatform({ MYSQL_URL: db.url, OUTBOX_RELAY_MS: '60000', MAX_STREAMS_PER_USER: '2' }, { shared: true })
  api = createApi(platform.gateway)
  adminToken = await api.login(platform.admin.email, platform.admin.password)
  base = await platform.gateway.listen({ host: '127.0.0.1', port: 0 })
}, 60_000)
afterAll(async () => {
  await worker?.close()
  await platform?.close()
  await drop?.()
})

const runWorker = async () => {
  worker ??= await startWorker(loadWorkerConfig(platform.env), pino({ level: 'silent' }))
}

async function paidEvent(capacity = 10) {
  const res = await api.call('POST', '/api/events', { token: adminToken, body: { name: 'Live gig', location: 'Club', event_date: future(10), ticket_price: 25, total_tickets: capacity } })
  expect(res.status).toBe(201)
  return res.body.data.id as string
}

const stream = (bookingId: string, token: string, headers: Record<string, string> = {}) => {
  const opened = openStream(`${base}/api/bookings/${bookingId}/events`, { authorization: `Bearer ${token}`, ...headers })
  onTestFinished(() => void opened.close())
  return opened
}

describe('GET /api/bookings/:id/events (live status)', { timeout: 90_000 }, () => {
  it('streams queued, then pending, then confirmed for a booking its owner pays', async () => {
    const eventId = await paidEvent()
    const user = await api.register()
    const accepted = await api.call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, quantity: 2 } })
    expect(accepted.status).toBe(202)
    const id = accepted.body.data.id as string

    const live = stream(id, user.token)
    const opened = await live.opened
    expect(opened.status).toBe(200)
    expect(opened.headers['content-type']).toMatch(/^text\/event-stream/)
    expect(opened.headers['cache-control']).toBe('no-store')
    await live.until('the queued status', () => live.statuses().length === 1)
    const [queued] = live.events
    expect(queued).toMatchObject({ event: 'status', id: 'queued' })
    expect(JSON.parse(queued!.data)).toMatchObject({ id, status: 'queued', queue: { ahead: expect.any(Number) } })

    // Decided by a worker started only now: the stream hears it without being asked.
    await runWorker()
    // Within 10 s: sooner than the 15 s heartbeat's re-read, so it is the notice that told it.
    await live.until('the pending status', () => live.statuses().includes('pending'), 10_000)
    expect(JSON.parse(live.events[1]!.data)).toMatchObject({ id, status: 'pending', total_price: '50.00', expires_at: expect.any(String) })

    expect((await api.call('PUT', `/api/bookings/${id}/confirm-payment`, { token: user.token })).status).toBe(200)
    await live.until('the confirmed status', () => live.statuses().includes('confirmed'), 10_000)
    expect(live.statuses()).toEqual(['queued', 'pending', 'confirmed'])
    expect(live.events.map((event) => event.id)).toEqual(['queued', 'pending', 'confirmed'])
    // Confirmed can still be cancelled: the stream stays open.
    expect(live.ended).toBe(false)
  })

  it('resumes after a dropped connection from Last-Event-ID, and ends at a final status', async () => {
    await runWorker()
    const eventId = await paidEvent()
    const user = await api.register()
    const held = await api.call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, quantity: 1 }, headers: { prefer: 'wait=10' } })
    expect(held.status).toBe(201)
    const id = held.body.data.id as string

    const first = stream(id, user.token)
    await first.until('the pending status', () => first.statuses().length === 1)
    expect(first.events[0]!.id).toBe('pending')
    first.close()

    // Reconnected where it left off: nothing is repeated, and the next change arrives.
    const again = stream(id, user.token, { 'last-event-id': 'pending' })
    expect((await again.opened).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(again.events).toEqual([])
    expect((await api.call('PUT', `/api/bookings/${id}/cancel`, { token: user.token })).status).toBe(200)
    await again.until('the stream ends after cancelled', () => again.ended)
    expect(again.statuses()).toEqual(['cancelled'])
  })

  it('ends with a deleted event when the booking is deleted', async () => {
    await runWorker()
    const eventId = await paidEvent()
    const user = await api.register()
    const id = (await api.call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, quantity: 1 }, headers: { prefer: 'wait=10' } })).body.data.id as string
    const live = stream(id, user.token)
    await live.until('the pending status', () => live.statuses().length === 1)
    expect((await api.call('DELETE', `/api/bookings/${id}`, { token: user.token })).status).toBe(200)
    await live.until('the stream ends', () => live.ended)
    expect(live.events.at(-1)).toMatchObject({ event: 'deleted', data: JSON.stringify({ id }) })
  })

  it('is what the typed client follows: bookingStatusEvents yields each status, and says why it was refused', async () => {
    await runWorker()
    const eventId = await paidEvent()
    const user = await api.register()
    const id = (await api.call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, quantity: 1 } })).body.data.id as string
    const seen: string[] = []
    for await (const event of bookingStatusEvents(id, { baseUrl: base, token: user.token })) {
      seen.push(event.booking!.status)
      if (event.booking!.status === 'pending') break
    }
    expect(seen.at(-1)).toBe('pending')
    expect(seen.every((status) => status === 'queued' || status === 'pending')).toBe(true)
    const stranger = await api.register()
    const refused = await bookingStatusEvents(id, { baseUrl: base, token: stranger.token }).next().catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(StatusStreamRefused)
    expect(refused).toMatchObject({ status: 404, code: 'BOOKING_NOT_FOUND' })
  })

  it('ends its streams when the gateway shuts down, so a deploy is not held up by them', async () => {
    await runWorker()
    const other = await startPlatform({ MYSQL_URL: platform.env.MYSQL_URL, REDIS_PREFIX: platform.env.REDIS_PREFIX })
    const otherApi = createApi(other.gateway)
    const otherBase = await other.gateway.listen({ host: '127.0.0.1', port: 0 })
    const eventId = await paidEvent()
    const user = await otherApi.register()
    const id = (await otherApi.call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, quantity: 1 }, headers: { prefer: 'wait=10' } })).body.data.id as string
    const live = openStream(`${otherBase}/api/bookings/${id}/events`, { authorization: `Bearer ${user.token}` })
    onTestFinished(() => void live.close())
    await live.until('the pending status', () => live.statuses().length === 1)
    const started = Date.now()
    await other.gateway.close()
    await live.until('the stream ends', () => live.ended, 5_000)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it("answers 404 for another user's booking and 429 past the per-user cap, before opening anything", async () => {
    await runWorker()
    const eventId = await paidEvent()
    const [owner, stranger] = [await api.register(), await api.register()]
    const id = (await api.call('POST', '/api/bookings', { token: owner.token, body: { event_id: eventId, quantity: 1 }, headers: { prefer: 'wait=10' } })).body.data.id as string
    const theirs = await stream(id, stranger.token).opened
    expect(theirs.status).toBe(404)
    expect(JSON.parse(theirs.body!)).toMatchObject({ success: false, code: 'BOOKING_NOT_FOUND' })
    // An administrator may watch anyone's booking.
    expect((await stream(id, adminToken).opened).status).toBe(200)

    const [a, b] = [stream(id, owner.token), stream(id, owner.token)]
    expect([(await a.opened).status, (await b.opened).status]).toEqual([200, 200])
    const third = await stream(id, owner.token).opened
    expect(third.status).toBe(429)
    expect(third.headers['retry-after']).toBe('1')
    // A closed stream frees its place.
    a.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await stream(id, owner.token).opened).status).toBe(200)
  })
})

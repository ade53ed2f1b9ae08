import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { WEBHOOK_EVENT_TYPES } from '@tickets/contracts'
import { createIsolatedDatabase } from '@tickets/testing'
import { verify } from '@tickets/webhooks'
import { createApi } from './support/api.js'
import { startPlatform, type Platform } from './support/platform.js'
import { startReceiver, type Received } from './support/webhook-receiver.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
const ALL_TYPES = [...WEBHOOK_EVENT_TYPES]

// One platform for the file, on a database of its own (the outbox relays of workers in other test
// files must not take its rows): a worker relaying the outbox every 50 ms and sweeping holds every
// second, and webhook targets on this machine allowed (the receivers listen on 127.0.0.1).
let platform: Platform
let api: ReturnType<typeof createApi>
let adminToken: string
let drop: () => Promise<void>
beforeAll(async () => {
  const db = await createIsolatedDatabase({ migrate: true })
  drop = db.drop
  platform = await startPlatform(
    { MYSQL_URL: db.url, WEBHOOK_ALLOW_PRIVATE: 'true', OUTBOX_RELAY_MS: '50', EXPIRY_SWEEP_SECONDS: '1', SOLD_OUT_CHECK_CACHE_MS: '0' },
    { worker: true, shared: true },
  )
  api = createApi(platform.gateway)
  adminToken = await api.login(platform.admin.email, platform.admin.password)
}, 60_000)
afterAll(async () => {
  await platform?.close()
  await drop?.()
})

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(answer)
  onTestFinished(() => started.close())
  return started
}

async function endpoint(url: string, events: string[] = ALL_TYPES) {
  const res = await api.call('POST', '/api/webhooks', { token: adminToken, body: { url, events, description: 'test receiver' } })
  expect(res.status, res.raw).toBe(201)
  onTestFinished(async () => void (await api.call('DELETE', `/api/webhooks/${res.body.data.id}`, { token: adminToken })))
  return res.body.data as { id: string; secret: string; enabled: boolean }
}

async function event(categories: Array<{ name: string; price: number; capacity: number }>, extra: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/api/events', { token: adminToken, body: { name: 'Hooked gig', location: 'Club', event_date: future(10), categories, ...extra } })
  expect(res.status, res.raw).toBe(201)
  return res.body.data as { id: string; categories: Array<{ id: string; name: string }> }
}

const book = (token: string, eventId: string, items: Array<{ category_id: string; quantity: number }>) =>
  api.call('POST', '/api/bookings', { token, body: { event_id: eventId, items }, headers: { prefer: 'wait=10' } })

const ofEvent = (eventId: string) => (r: Received) => r.payload.data.event_id === eventId || (r.payload.data as { id?: string }).id === eventId

describe('webhooks', { timeout: 120_000 }, () => {
  it('delivers every kind of change exactly once, each signed, with the resource as the API shows it', async () => {
    const hooks = await receiver()
    const { secret } = await endpoint(hooks.url)
    const created = await event([{ name: 'Front', price: 10, capacity: 1 }, { name: 'Back', price: 5, capacity: 2 }], { max_tickets_per_user: 3 })
    const [front, back] = created.categories
    const [u0, u1, u2, u4] = await Promise.all([api.register(), api.register(), api.register(), api.register()])

    // Rejected (over the per-user limit), then both categories and the event sold out.
    expect((await book(u0.token, created.id, [{ category_id: back!.id, quantity: 4 }])).body.code).toBe('LIMIT_EXCEEDED')
    const b1 = (await book(u1.token, created.id, [{ category_id: front!.id, quantity: 1 }])).body.data
    const b2 = (await book(u2.token, created.id, [{ category_id: back!.id, quantity: 2 }])).body.data
    expect([b1.status, b2.status]).toEqual(['pending', 'pending'])
    // A waiting list served by a cancel; the offer paid.
    expect((await api.call('POST', `/api/events/${created.id}/waitlist`, { token: u4.token, body: { category_id: front!.id, quantity: 1 } })).status).toBe(201)
    expect((await api.call('PUT', `/api/bookings/${b1.id}/cancel`, { token: u1.token })).status).toBe(200)
    const [offer] = (await api.call('GET', `/api/events/${created.id}/waitlist/me`, { token: u4.token })).body.data
    expect((await api.call('PUT', `/api/bookings/${offer.booking_id}/confirm-payment`, { token: u4.token })).status).toBe(200)
    // A hold whose time is up (moved into the past here) expires at the next sweep: Back and the event restock.
    await platform.users.knex('bookings').where({ id: b2.id }).update({ expires_at: new Date(Date.now() - 1000) })
    await hooks.until('the hold expired', (all) => all.some((r) => r.payload.type === 'booking.expired' && r.payload.data.id === b2.id))
    expect((await api.call('DELETE', `/api/bookings/${b2.id}`, { token: u2.token })).status).toBe(200)

    const expected = [
      ['booking.rejected', 'u0'],
      ['booking.pending', b1.id],
      ['category.sold_out', front!.id],
      ['booking.pending', b2.id],
      ['category.sold_out', back!.id],
      ['event.sold_out', created.id],
      ['booking.cancelled', b1.id],
      ['booking.pending', offer.booking_id],
      ['waitlist.offered', offer.id],
      ['booking.confirmed', offer.booking_id],
      ['booking.expired', b2.id],
      ['category.restocked', back!.id],
      ['event.restocked', created.id],
      ['booking.deleted', b2.id],
    ]
    await hooks.until('every change was delivered', (all) => all.filter(ofEvent(created.id)).length >= expected.length)
    // Late duplicates would show here.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const mine = hooks.received.filter(ofEvent(created.id))
    const subject = (r: Received) => {
      const data = r.payload.data as { id?: string; category_id?: string; event_id?: string; user_id?: string }
      if (r.payload.type === 'booking.rejected') return data.user_id === u0.user.id ? 'u0' : data.id
      if (r.payload.type.startsWith('category.')) return data.category_id
      if (r.payload.type.startsWith('event.')) return data.event_id
      return data.id
    }
    expect(mine.map((r) => [r.payload.type, subject(r)]).sort()).toEqual([...expected].sort())
    expect(new Set(mine.map((r) => r.payload.type))).toEqual(new Set(ALL_TYPES))
    // One webhook-id per message, every signature valid, timestamps fresh.
    expect(new Set(mine.map((r) => r.id)).size).toBe(mine.length)
    for (const r of mine) {
      expect(r.id).toMatch(/^msg_[0-9a-f]{32}$/)
      expect(verify(secret, r, r.body), `${r.payload.type} signature`).toBe(true)
      expect(verify(secret, r, r.body.replace('}', ' }'))).toBe(false)
    }
    // The data is the booking as GET shows it (without the user and event summaries).
    const confirmed = mine.find((r) => r.payload.type === 'booking.confirmed')!
    const shown = (await api.call('GET', `/api/bookings/${offer.booking_id}`, { token: u4.token })).body.data
    const { user: _user, event: _event, ...bare } = shown
    expect(confirmed.payload.data).toEqual(bare)
    expect(confirmed.payload.timestamp).toBe(shown.updated_at)
    // Nothing about the users' credentials travels.
    for (const r of mine) expect(r.body).not.toMatch(/password|token|email/i)
  })

  it('retries a failed delivery with the same webhook-id, and the log shows each attempt', async () => {
    // 500 the first time a message arrives, 200 after.
    const seen = new Set<string>()
    const hooks = await receiver((r) => {
      if (seen.has(r.id)) return { status: 200 }
      seen.add(r.id)
      return { status: 500 }
    })
    const { id } = await endpoint(hooks.url, ['booking.pending'])
    const created = await event([{ name: 'Only', price: 10, capacity: 5 }])
    const user = await api.register()
    const booking = (await book(user.token, created.id, [{ category_id: created.categories[0]!.id, quantity: 1 }])).body.data
    await hooks.until('the retry arrived', (all) => all.filter((r) => r.payload.data.id === booking.id).length === 2)
    const [first, second] = hooks.received.filter((r) => r.payload.data.id === booking.id)
    expect(second!.id).toBe(first!.id)
    expect(second!.body).toBe(first!.body)
    expect(Number(second!.timestamp)).toBeGreaterThanOrEqual(Number(first!.timestamp) + 4)

    const log = await api.call('GET', `/api/webhooks/${id}/deliveries`, { token: adminToken })
    expect(log.status).toBe(200)
    const attempts = log.body.data.filter((d: { message_id: string }) => d.message_id === first!.id)
    expect(attempts.map((d: { attempt: number; status_code: number }) => [d.attempt, d.status_code])).toEqual([
      [2, 200],
      [1, 500],
    ])
    expect(attempts[1].error).toBe('answered 500')
    expect(log.body.meta).toMatchObject({ page: 1, total: 2 })
    // Delivered: the endpoint is not failing any more.
    expect((await api.call('GET', `/api/webhooks/${id}`, { token: adminToken })).body.data).toMatchObject({ enabled: true, failing_since: null })

    // A replay sends the same message again, with the same id.
    const replay = await api.call('POST', `/api/webhooks/${id}/deliveries/${attempts[0].id}/replay`, { token: adminToken })
    expect(replay.status).toBe(202)
    await hooks.until('the replay arrived', (all) => all.filter((r) => r.id === first!.id).length === 3)
  })

  it('disables an endpoint that answers 410 Gone, and says why', async () => {
    const hooks = await receiver(() => ({ status: 410 }))
    const { id } = await endpoint(hooks.url, ['booking.pending'])
    const created = await event([{ name: 'Only', price: 10, capacity: 5 }])
    const user = await api.register()
    await book(user.token, created.id, [{ category_id: created.categories[0]!.id, quantity: 1 }])
    await hooks.until('the first delivery', (all) => all.length === 1)
    const deadline = Date.now() + 10_000
    let shown
    do {
      shown = (await api.call('GET', `/api/webhooks/${id}`, { token: adminToken })).body.data
    } while (shown.enabled && Date.now() < deadline)
    expect(shown).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/410 Gone/) })
    // Nothing more is sent to it.
    await book(user.token, created.id, [{ category_id: created.categories[0]!.id, quantity: 1 }])
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(hooks.received).toHaveLength(1)
    // Turned on again by hand, it forgets why it was off.
    const on = await api.call('PUT', `/api/webhooks/${id}`, { token: adminToken, body: { enabled: true } })
    expect(on.body.data).toMatchObject({ enabled: true, disabled_reason: null })
  })

  it('keeps deliveries verifiable through a secret rotation: both secrets sign during the overlap', async () => {
    const hooks = await receiver()
    const { id, secret: old } = await endpoint(hooks.url, ['booking.pending'])
    const rotated = await api.call('POST', `/api/webhooks/${id}/rotate-secret`, { token: adminToken })
    expect(rotated.status).toBe(200)
    const fresh = rotated.body.data.secret as string
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(fresh).not.toBe(old)
    expect(Date.parse(rotated.body.data.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3600 * 1000)

    const created = await event([{ name: 'Only', price: 10, capacity: 5 }])
    const user = await api.register()
    await book(user.token, created.id, [{ category_id: created.categories[0]!.id, quantity: 1 }])
    await hooks.until('a delivery after the rotation', (all) => all.length === 1)
    const [r] = hooks.received
    expect(r!.signature.split(' ')).toHaveLength(2)
    expect(verify(fresh, r!, r!.body)).toBe(true)
    expect(verify(old, r!, r!.body)).toBe(true)
    // Secrets are never shown again, nor sent anywhere.
    const listed = await api.call('GET', '/api/webhooks', { token: adminToken })
    expect(listed.raw).not.toContain(fresh.slice(6))
    expect(r!.body).not.toContain(fresh.slice(6))
  })

  it('is for administrators only, checks the body, and refuses unknown endpoints', async () => {
    const user = await api.register()
    expect((await api.call('GET', '/api/webhooks', { token: user.token })).status).toBe(403)
    expect((await api.call('POST', '/api/webhooks', { token: user.token, body: { url: 'https://example.com/x', events: ['booking.pending'] } })).status).toBe(403)
    const bad = await api.call('POST', '/api/webhooks', { token: adminToken, body: { url: 'https://example.com/x', events: ['booking.unknown'] } })
    expect(bad.status).toBe(400)
    expect((await api.call('POST', '/api/webhooks', { token: adminToken, body: { url: 'ftp://example.com/x', events: ['booking.pending'] } })).status).toBe(400)
    const missing = await api.call('GET', '/api/webhooks/00000000-0000-4000-8000-000000000000', { token: adminToken })
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('WEBHOOK_NOT_FOUND')
  })
})

describe('webhook targets without WEBHOOK_ALLOW_PRIVATE', () => {
  it('refuses plain http and private, loopback and link-local addresses at registration', async () => {
    const strict = await startPlatform({ MYSQL_URL: platform.env.MYSQL_URL })
    const strictApi = createApi(strict.gateway)
    const token = await strictApi.login(strict.admin.email, strict.admin.password)
    for (const url of ['http://example.com/hook', 'https://127.0.0.1/hook', 'https://localhost/hook', 'https://10.1.2.3/hook', 'https://[::1]/hook', 'https://169.254.169.254/latest', 'https://192.168.1.1/', 'https://[::ffff:127.0.0.1]/x', 'https://user:pw@example.com/']) {
      const res = await strictApi.call('POST', '/api/webhooks', { token, body: { url, events: ['booking.pending'] } })
      expect(res.status, url).toBe(400)
      expect(res.body.code, url).toBe('WEBHOOK_URL_REFUSED')
    }
    expect(await strict.users.knex('webhook_endpoints').where('url', 'like', '%127.0.0.1%').where({ created_by: (await strictApi.call('GET', '/api/auth/me', { token })).body.data.id })).toHaveLength(0)
  })
})

import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { MAX_QUANTITY_PER_REQUEST } from '@tickets/contracts'
import { insertEvent } from '@tickets/testing'
import { loadWorkerConfig } from '@tickets/worker/config'
import { startWorker } from '@tickets/worker/worker'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'
import { eventBody } from './support/fixtures.js'

/** Written as the attacks and strict clients they answer. ACCOUNT_CACHE_MS=0 where a test changes an account and expects the next request to see it. */

describe('look-alike emails', () => {
  it('do not log in as the account they imitate, and case variants share its login budget', async () => {
    const { gateway } = await startPlatform({ LOGIN_RATE_LIMIT_MAX: '3' })
    const api = createApi(gateway)
    const local = `alice-${randomUUID().slice(0, 8)}`
    const alice = await api.register({ email: `${local}@example.com` })
    for (const variant of [`ä${local.slice(1)}`, `à${local.slice(1)}`, `á${local.slice(1)}`, `al${'í'}${local.slice(3)}`]) {
      const res = await api.call('POST', '/api/auth/login', { body: { email: `${variant}@example.com`, password: alice.password } })
      expect(res.status, variant).toBeGreaterThanOrEqual(400)
      expect(res.status, variant).toBeLessThan(500)
      expect(res.raw).not.toContain(alice.user.id)
    }
    // The same account in other letters' case is the same account: it logs in, and spends the same budget.
    expect((await api.call('POST', '/api/auth/login', { body: { email: `${local.toUpperCase()}@Example.COM`, password: alice.password } })).status).toBe(200)
    for (const email of [`${local}@example.com`, `${local.toUpperCase()}@example.com`]) {
      expect((await api.call('POST', '/api/auth/login', { body: { email, password: 'wrong-password' } })).status).toBe(401)
    }
    const locked = await api.call('POST', '/api/auth/login', { body: { email: `${local[0]!.toUpperCase()}${local.slice(1)}@example.com`, password: alice.password } })
    expect(locked.status).toBe(429)
  })
})

describe('privileges that end when revoked', () => {
  it("a demoted admin's token stops working for every admin action, Bull Board included", async () => {
    const { gateway, admin } = await startPlatform({ ACCOUNT_CACHE_MS: '0' })
    const api = createApi(gateway)
    const adminToken = await api.login(admin.email, admin.password)
    const email = `second-admin-${randomUUID()}@example.com`
    const second = (await api.call('POST', '/api/users', { token: adminToken, body: { name: 'Second', email, password: 'second-admin-pw', role: 'admin' } })).body.data
    const token = await api.login(email, 'second-admin-pw')
    const victim = await api.register()
    const event = (await api.call('POST', '/api/events', { token, body: eventBody() })).body.data
    expect(event.id).toBeDefined()

    expect((await api.call('PUT', `/api/users/${second.id}`, { token: adminToken, body: { role: 'user' } })).status).toBe(200)
    const attempts = [
      await api.call('POST', '/api/events', { token, body: eventBody() }),
      await api.call('DELETE', `/api/events/${event.id}`, { token }),
      await api.call('GET', '/api/users', { token }),
      await api.call('GET', `/api/users/${victim.user.id}`, { token }),
      await api.call('PATCH', `/api/bookings/${randomUUID()}/status`, { token, body: { status: 'confirmed' } }),
      await api.call('GET', '/admin/queues/api/queues', { token }),
    ]
    for (const res of attempts) {
      expect(res.status).toBe(401)
      expect(res.body).toMatchObject({ success: false, code: 'TOKEN_REVOKED' })
    }
    // Signed in again, as what the account is now: a user.
    const fresh = await api.login(email, 'second-admin-pw')
    expect((await api.call('POST', '/api/events', { token: fresh, body: eventBody() })).status).toBe(403)
    expect((await api.call('GET', '/api/bookings', { token: fresh })).body.data).toEqual([])
  })

  it('a password change ends every token issued before it', async () => {
    const { gateway } = await startPlatform({ ACCOUNT_CACHE_MS: '0' })
    const api = createApi(gateway)
    const { user, token } = await api.register()
    const other = await api.login(user.email, 'correct-horse-battery')
    expect((await api.call('PUT', `/api/users/${user.id}`, { token, body: { password: 'a-brand-new-password' } })).status).toBe(200)
    for (const old of [token, other]) {
      const res = await api.call('GET', '/api/auth/me', { token: old })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('TOKEN_REVOKED')
      expect((await api.call('GET', '/api/bookings', { token: old })).status).toBe(401)
    }
    const renewed = await api.login(user.email, 'a-brand-new-password')
    expect((await api.call('GET', '/api/auth/me', { token: renewed })).status).toBe(200)
  })

  it('with the default cache, a demotion takes effect within ACCOUNT_CACHE_MS (2 s)', async () => {
    const { gateway, admin } = await startPlatform()
    const api = createApi(gateway)
    const adminToken = await api.login(admin.email, admin.password)
    const email = `brief-admin-${randomUUID()}@example.com`
    const second = (await api.call('POST', '/api/users', { token: adminToken, body: { name: 'Brief', email, password: 'brief-admin-pw', role: 'admin' } })).body.data
    const token = await api.login(email, 'brief-admin-pw')
    expect((await api.call('GET', '/api/bookings?status=pending', { token })).status).toBe(200)
    await api.call('PUT', `/api/users/${second.id}`, { token: adminToken, body: { role: 'user' } })
    const demotedAt = Date.now()
    await expect.poll(async () => (await api.call('POST', '/api/events', { token, body: eventBody() })).status, { timeout: 10_000, interval: 100 }).toBe(401)
    // The bound plus a generous allowance for a busy machine.
    expect(Date.now() - demotedAt).toBeLessThan(2_000 + 3_000)
  })
})

/**
 * A platform without a worker, an event, and a booking of 2 accepted (202) whose user an
 * administrator then deleted while the request waited in the queue.
 */
async function bookingOfDeletedUser() {
  const platform = await startPlatform({ ACCOUNT_CACHE_MS: '0' })
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  const event = (await api.call('POST', '/api/events', { token: adminToken, body: eventBody() })).body.data
  const { user, token } = await api.register()
  const accepted = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 2 } })
  expect(accepted.status).toBe(202)
  expect((await api.call('DELETE', `/api/users/${user.id}`, { token: adminToken })).status).toBe(200)
  return { platform, api, adminToken, event, user, accepted }
}

describe('no booking stuck', () => {
  it("a deleted user's token is refused at intake", async () => {
    const { gateway, admin } = await startPlatform({ ACCOUNT_CACHE_MS: '0' })
    const api = createApi(gateway)
    const adminToken = await api.login(admin.email, admin.password)
    const event = (await api.call('POST', '/api/events', { token: adminToken, body: eventBody() })).body.data
    const { user, token } = await api.register()
    expect((await api.call('DELETE', `/api/users/${user.id}`, { token: adminToken })).status).toBe(200)
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('INVALID_TOKEN')
  })

  it('a booking accepted before its user was deleted ends (USER_NOT_FOUND), never retried for ever', async () => {
    const { platform, api, event, accepted } = await bookingOfDeletedUser()

    const worker = await startWorker(loadWorkerConfig(platform.env), pino({ level: 'silent' }))
    try {
      const job = (await platform.gateway.bookingShards.findJob(accepted.body.data.id))!.job
      await expect.poll(async () => job.getState().then(() => platform.gateway.bookingShards.all[0]!.getJob(job.id!)).then((j) => j?.finishedOn), { timeout: 20_000 }).toBeDefined()
      const done = (await platform.gateway.bookingShards.all[0]!.getJob(job.id!))!
      expect(await done.getState()).toBe('completed')
      expect(done.returnvalue).toMatchObject([{ booking_id: accepted.body.data.id, status: 'rejected', reason: 'USER_NOT_FOUND' }])
      expect(done.attemptsMade).toBeLessThanOrEqual(1)
      // Nothing held: the event's tickets are all there.
      expect((await api.call('GET', `/api/events/${event.id}`)).body.data.available_tickets).toBe(10)
    } finally {
      await worker.close()
    }
  })

  it('ends a booking whose total cannot be stored (an event priced before the cap) as rejected INVALID_REQUEST, never retried for ever', async () => {
    const platform = await startPlatform({ MAX_HELD_TICKETS_PER_USER: '0' }, { worker: true })
    const api = createApi(platform.gateway)
    // Written past the API's validation, as data from before the cap would be.
    const event = await insertEvent(platform.gateway.knex, { ticket_price: '9999999999.99', total_tickets: 10, available_tickets: 10, max_tickets_per_user: null })
    const { token } = await api.register()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 2 } })
    expect(res.status).toBe(202)
    expect(await pollUntilDecided(api, token, res.body.data.id)).toMatchObject({ status: 'rejected', reason: 'INVALID_REQUEST', total_price: '0.00' })
    expect((await api.call('GET', `/api/events/${event.id}`)).body.data.available_tickets).toBe(10)
  })

  it('refuses an event whose price would overflow a booking total, and decides the dearest allowed booking', async () => {
    // The cap on unpaid holds (20 by default) would refuse 100 tickets first; this is about money.
    const platform = await startPlatform({ MAX_HELD_TICKETS_PER_USER: '0' }, { worker: true })
    const api = createApi(platform.gateway)
    const adminToken = await api.login(platform.admin.email, platform.admin.password)
    const overflow = await api.call('POST', '/api/events', { token: adminToken, body: eventBody({ ticket_price: 9_999_999_999.99 }) })
    expect(overflow.status).toBe(400)
    expect(overflow.body).toMatchObject({ code: 'VALIDATION_ERROR' })
    const dearest = (await api.call('POST', '/api/events', { token: adminToken, body: eventBody({ ticket_price: 99_999_999.99, total_tickets: 200 }) })).body.data
    const { token } = await api.register()
    const res = await api.call('POST', '/api/bookings', { token, body: { event_id: dearest.id, quantity: MAX_QUANTITY_PER_REQUEST } })
    expect(res.status).toBe(202)
    const booking = await pollUntilDecided(api, token, res.body.data.id)
    expect(booking).toMatchObject({ status: 'pending', total_price: '9999999999.00' })
    const raise = await api.call('PUT', `/api/events/${dearest.id}`, { token: adminToken, body: { ticket_price: 100_000_000 } })
    expect(raise.status).toBe(400)
  })
})

describe('bad input is a 4xx in the envelope', () => {
  it('refuses numbers past their column', async () => {
    const { gateway, admin } = await startPlatform()
    const api = createApi(gateway)
    const adminToken = await api.login(admin.email, admin.password)
    for (const body of [eventBody({ max_tickets_per_user: 2 ** 31 }), eventBody({ total_tickets: 2 ** 31 }), eventBody({ ticket_price: 1e12 })]) {
      const res = await api.call('POST', '/api/events', { token: adminToken, body })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('VALIDATION_ERROR')
    }
    expect((await api.call('GET', '/api/events?page=9007199254740993')).status).toBe(400)
  })

  it('answers an over-long path segment (414) and over-large headers (431) in the envelope', async () => {
    const { gateway } = await startPlatform()
    const base = await gateway.listen({ host: '127.0.0.1', port: 0 })
    const long = await fetch(`${base}/api/events/${'a'.repeat(150)}`)
    expect(long.status).toBe(414)
    expect(await long.json()).toEqual({ success: false, code: 'URI_TOO_LONG', message: expect.any(String) })
    const big = await fetch(`${base}/api/events`, { headers: { 'x-padding': 'a'.repeat(20_000) } })
    expect(big.status).toBe(431)
    expect(big.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await big.json()).toEqual({ success: false, code: 'HEADERS_TOO_LARGE', message: expect.any(String) })
  })
})

describe('limits on unrestricted flows', () => {
  it('registrations per address: 429 with Retry-After past REGISTRATION_RATE_LIMIT_MAX, and again after the window', async () => {
    const { gateway } = await startPlatform({ REGISTRATION_RATE_LIMIT_MAX: '2', REGISTRATION_RATE_LIMIT_WINDOW_SECONDS: '2' })
    const api = createApi(gateway)
    await api.register()
    await api.register()
    const refused = await api.call('POST', '/api/auth/register', { body: { name: 'Third', email: `third-${randomUUID()}@example.com`, password: 'correct-horse-battery' } })
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    expect(refused.body).toMatchObject({ success: false, code: 'RATE_LIMITED' })
    await expect.poll(async () => (await api.call('POST', '/api/auth/register', { body: { name: 'Later', email: `later-${randomUUID()}@example.com`, password: 'correct-horse-battery' } })).status, { timeout: 10_000, interval: 500 }).toBe(201)
  })

  it('open Prefer: wait requests per user and in all: 429 with Retry-After, nothing queued, and free again once one ends', async () => {
    const { gateway, admin } = await startPlatform({ MAX_WAITS_PER_USER: '1', MAX_WAITS_TOTAL: '2' })
    const api = createApi(gateway)
    const adminToken = await api.login(admin.email, admin.password)
    const event = (await api.call('POST', '/api/events', { token: adminToken, body: eventBody({ total_tickets: 100 }) })).body.data
    const [ada, bob, cy] = [await api.register(), await api.register(), await api.register()]
    // No worker: each waiting request holds its slot for the whole wait.
    const book = (token: string, wait = 2) => api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 }, headers: { prefer: `wait=${wait}` } })
    const queued = () => gateway.bookingShards.all[0]!.getWaitingCount()
    const adaWaiting = book(ada.token)
    // Its job is in the queue: its place was taken before (and is held until it answers).
    await expect.poll(queued).toBe(1)
    const second = await book(ada.token)
    expect(second.status).toBe(429)
    expect(second.headers['retry-after']).toBe('1')
    const bobWaiting = book(bob.token)
    await expect.poll(queued).toBe(2)
    expect((await book(cy.token)).status).toBe(429) // two open in all
    expect((await adaWaiting).status).toBe(202)
    expect((await bobWaiting).status).toBe(202)
    // Only the two that waited were queued.
    expect(await gateway.bookingShards.all[0]!.getWaitingCount()).toBe(2)
    expect((await book(ada.token, 1)).status).toBe(202)
  })

  it('unpaid held tickets per account across events: HOLD_LIMIT_EXCEEDED past MAX_HELD_TICKETS_PER_USER, bookable again once paid', async () => {
    const platform = await startPlatform({ MAX_HELD_TICKETS_PER_USER: '5' }, { worker: true })
    const api = createApi(platform.gateway)
    const adminToken = await api.login(platform.admin.email, platform.admin.password)
    const [first, second] = [
      (await api.call('POST', '/api/events', { token: adminToken, body: eventBody({ total_tickets: 500 }) })).body.data,
      (await api.call('POST', '/api/events', { token: adminToken, body: eventBody({ total_tickets: 500 }) })).body.data,
    ]
    const { token } = await api.register()
    const book = async (eventId: string, quantity: number) => {
      const res = await api.call('POST', '/api/bookings', { token, body: { event_id: eventId, quantity } })
      return pollUntilDecided(api, token, res.body.data.id)
    }
    const held = await book(first.id, 4)
    expect(held.status).toBe('pending')
    const refused = await book(second.id, 2)
    expect(refused).toMatchObject({ status: 'rejected', reason: 'HOLD_LIMIT_EXCEEDED', reason_detail: { limit: 5, held: 4, requested: 2 } })
    expect((await book(second.id, 1)).status).toBe('pending')
    expect((await api.call('PUT', `/api/bookings/${held.id}/confirm-payment`, { token })).status).toBe(200)
    expect((await book(second.id, 4)).status).toBe('pending')
  })
})

describe('user-service on its own', () => {
  it('limits failed logins per account even when called directly, past the gateway', async () => {
    const { gateway, usersUrl } = await startPlatform({ ACCOUNT_LOGIN_FAILURES_MAX: '3' })
    const { user, password } = await createApi(gateway).register()
    const login = (pw: string, email = user.email) =>
      fetch(`${usersUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pw }) })
    for (let i = 0; i < 3; i++) expect((await login('wrong-password')).status).toBe(401)
    const locked = await login(password, user.email.toUpperCase())
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await locked.json()).toMatchObject({ success: false, code: 'RATE_LIMITED' })
  })
})

/** A platform, the administrator's API, and one event made with `overrides`. */
async function platformWithEvent(options: { worker: boolean }, overrides: Record<string, unknown> = {}) {
  const platform = await startPlatform({}, options)
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  const event = (await api.call('POST', '/api/events', { token: adminToken, body: eventBody(overrides) })).body.data as { id: string; event_date: string }
  return { ...platform, api, adminToken, event }
}

describe('one spelling of an id, and instants only', () => {
  it('refuses an event id in upper case or as urn:uuid at intake (400, nothing queued), and in a path', async () => {
    const { api, event } = await platformWithEvent({ worker: false })
    const { token } = await api.register()
    for (const spelling of [`urn:uuid:${event.id}`, event.id.toUpperCase(), `{${event.id}}`]) {
      const res = await api.call('POST', '/api/bookings', { token, body: { event_id: spelling, quantity: 1 } })
      expect(res.status, spelling).toBe(400)
      expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_ERROR' })
    }
    expect((await api.call('GET', `/api/events/${event.id.toUpperCase()}`)).status).toBe(400)
    expect((await api.call('GET', `/api/bookings/${randomUUID().toUpperCase()}`, { token })).status).toBe(400)
    // The canonical spelling still books.
    expect((await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })).status).toBe(202)
  })

  it('answers 400, not 500, to a leap second (valid RFC 3339, not an instant JavaScript can hold), and changes nothing', async () => {
    const { api, adminToken, event } = await platformWithEvent({ worker: false })
    const created = await api.call('POST', '/api/events', { token: adminToken, body: eventBody({ event_date: '2030-06-30T23:59:60Z' }) })
    expect(created.status).toBe(400)
    expect(created.body).toMatchObject({ success: false, code: 'VALIDATION_ERROR' })
    const updated = await api.call('PUT', `/api/events/${event.id}`, { token: adminToken, body: { event_date: '2030-12-31T23:59:60.000Z' } })
    expect(updated.status).toBe(400)
    expect((await api.call('GET', `/api/events/${event.id}`)).body.data.event_date).toBe(event.event_date)
  })
})

describe('idempotency keys, byte for byte', () => {
  it('keys that differ only in case or accent name different bookings, and every one is decided', async () => {
    const { api, event } = await platformWithEvent({ worker: true }, { total_tickets: 50, max_tickets_per_user: null })
    const { token } = await api.register()
    // (A header value loses surrounding spaces in HTTP itself, so `k ` arrives as `k`; the
    // database's part, where `k` and `k ` once collided, is tested in packages/booking.)
    const keys = ['Order-AbC', 'order-abc', 'résa-1', 'resa-1', 'ORDER-ABC']
    const ids: string[] = []
    for (const key of keys) {
      const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 }, headers: { 'idempotency-key': key } })
      expect(res.status, key).toBe(202)
      ids.push(res.body.data.id)
    }
    expect(new Set(ids).size).toBe(keys.length)
    for (const id of ids) expect(await pollUntilDecided(api, token, id)).toMatchObject({ id, status: 'pending' })
    // A retry under each exact key is a replay of its own booking.
    for (const [i, key] of keys.entries()) {
      const again = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 }, headers: { 'idempotency-key': key } })
      expect(again.body.data.id, key).toBe(ids[i])
    }
  })
})

describe('every accepted request visible to its end', () => {
  it('shows a booking whose job failed for good as rejected INVALID_REQUEST, and refuses changes with a clear 409', async () => {
    const { gateway, api, event } = await platformWithEvent({ worker: true })
    const { token, user } = await api.register()
    const other = await api.register()
    const id = randomUUID()
    const data = { booking_id: id, user_id: user.id, event_id: event.id, quantity: 1, requested_at: new Date().toISOString(), idempotency_key: null, request_fingerprint: null }
    // A job the worker cannot run (its name is unknown): it fails for good, with no row.
    const queue = gateway.bookingShards.forEvent(event.id) as unknown as { add: (name: string, data: unknown, opts: { jobId: string }) => Promise<{ getState: () => Promise<string> }> }
    const job = await queue.add('not-a-booking', data, { jobId: id })
    await expect.poll(() => job.getState(), { timeout: 15_000 }).toBe('failed')

    const res = await api.call('GET', `/api/bookings/${id}`, { token })
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ id, status: 'rejected', reason: 'INVALID_REQUEST', event_id: event.id, quantity: 1 })
    expect((await api.call('GET', `/api/bookings/${id}`, { token: other.token })).status).toBe(404)
    for (const [method, path] of [['PUT', `/api/bookings/${id}/cancel`], ['PUT', `/api/bookings/${id}/confirm-payment`]] as const) {
      const change = await api.call(method, path, { token })
      expect(change.status, path).toBe(409)
      expect(change.body.code, path).toBe('INVALID_TRANSITION')
    }

    // The worker stores that end: once BullMQ forgets the failed job (24 h later), the id still answers.
    await expect.poll(async () => (await gateway.knex('bookings').where({ id }).first('status', 'reason', 'quantity')) ?? null, { timeout: 10_000 }).toEqual({ status: 'rejected', reason: 'INVALID_REQUEST', quantity: 1 })
    const failed = (await gateway.bookingShards.findJob(id))!.job
    await failed.remove()
    const later = await api.call('GET', `/api/bookings/${id}`, { token })
    expect(later.status).toBe(200)
    expect(later.body.data).toMatchObject({ id, status: 'rejected', reason: 'INVALID_REQUEST', total_price: '0.00' })
    expect((await api.call("GET", `/api/events/${event.id}`)).body.data.available_tickets).toBe(10)
  })

  it('shows an administrator a booking whose user was deleted before it was decided (rejected USER_NOT_FOUND)', async () => {
    const { platform, api, adminToken, event, user, accepted } = await bookingOfDeletedUser()
    const id = accepted.body.data.id
    const worker = await startWorker(loadWorkerConfig(platform.env), pino({ level: 'silent' }))
    try {
      await expect.poll(async () => (await api.call('GET', `/api/bookings/${id}`, { token: adminToken })).body.data?.status, { timeout: 20_000 }).toBe('rejected')
      const seen = await api.call('GET', `/api/bookings/${id}`, { token: adminToken })
      expect(seen.body.data).toMatchObject({ id, user_id: user.id, event_id: event.id, quantity: 2, status: 'rejected', reason: 'USER_NOT_FOUND', total_price: '0.00' })
      // Another user still sees nothing of it.
      const stranger = await api.register()
      expect((await api.call('GET', `/api/bookings/${id}`, { token: stranger.token })).status).toBe(404)
    } finally {
      await worker.close()
    }
  })
})

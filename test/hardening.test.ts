import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { MAX_QUANTITY_PER_REQUEST } from '@tickets/contracts'
import { loadWorkerConfig } from '@tickets/worker/config'
import { startWorker } from '@tickets/worker/worker'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'

/** Written as the attacks and strict clients they answer. ACCOUNT_CACHE_MS=0 where a test changes an account and expects the next request to see it. */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString()
const eventBody = (overrides: Record<string, unknown> = {}) => ({ name: 'Show', location: 'Hall', event_date: tomorrow(), ticket_price: 10, total_tickets: 10, ...overrides })

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
    const platform = await startPlatform({ ACCOUNT_CACHE_MS: '0' })
    const api = createApi(platform.gateway)
    const adminToken = await api.login(platform.admin.email, platform.admin.password)
    const event = (await api.call('POST', '/api/events', { token: adminToken, body: eventBody() })).body.data
    const { user, token } = await api.register()
    // No worker yet: accepted, then the account goes while the request waits in the queue.
    const accepted = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 2 } })
    expect(accepted.status).toBe(202)
    expect((await api.call('DELETE', `/api/users/${user.id}`, { token: adminToken })).status).toBe(200)

    const worker = await startWorker(loadWorkerConfig(platform.env), pino({ level: 'silent' }))
    try {
      const job = (await platform.gateway.bookingQueue.getJob(accepted.body.data.id))!
      await expect.poll(async () => job.getState().then(() => platform.gateway.bookingQueue.getJob(job.id!)).then((j) => j?.finishedOn), { timeout: 20_000 }).toBeDefined()
      const done = (await platform.gateway.bookingQueue.getJob(job.id!))!
      expect(await done.getState()).toBe('completed')
      expect(done.returnvalue).toMatchObject({ status: 'rejected', reason: 'USER_NOT_FOUND' })
      expect(done.attemptsMade).toBeLessThanOrEqual(1)
      // Nothing held: the event's tickets are all there.
      expect((await api.call('GET', `/api/events/${event.id}`)).body.data.available_tickets).toBe(10)
    } finally {
      await worker.close()
    }
  })

  it('refuses an event whose price would overflow a booking total, and decides the dearest allowed booking', async () => {
    const platform = await startPlatform({}, { worker: true })
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

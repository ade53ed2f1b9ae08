import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTicketsClient, type TicketsClient } from '@tickets/client'
import { spawnTracked } from '@tickets/testing/processes'
import { runLoadtest } from '@tickets/loadtest'
import { freePort, startStack, type Stack } from './support/stack.js'

/**
 * The platform's answers checked by a third-party OpenAPI validator: Stoplight Prism in proxy mode
 * sits between the client and the gateway and validates every response against docs/openapi.json
 * (requests are not validated: some of these are wrong on purpose, to get the errors). Every
 * operation is called, successes and the errors clients meet, plus a small `pnpm loadtest` burst;
 * any violation Prism logs fails the test.
 */
const PRISM = '@stoplight/prism-cli@5.14.2'
const ADMIN = { ADMIN_EMAIL: 'contract-admin@example.com', ADMIN_PASSWORD: 'contract-admin-password' }

describe('answers against docs/openapi.json, through a validating proxy (Prism)', { timeout: 300_000 }, () => {
  let stack: Stack
  let proxyUrl: string
  let proxyLog = ''
  let api: TicketsClient

  beforeAll(async () => {
    stack = await startStack({ ...ADMIN, BCRYPT_COST: '4', BOOKING_RATE_LIMIT_MAX: '10000' }, { workers: 1 })
    const port = await freePort()
    const prism = spawnTracked('npx', ['--yes', PRISM, 'proxy', 'docs/openapi.json', stack.gatewayUrl, '--host', '127.0.0.1', '--port', String(port), '--validate-request', 'false'], {
      cwd: new URL('..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    prism.stdout!.on('data', (chunk: Buffer) => (proxyLog += chunk))
    prism.stderr!.on('data', (chunk: Buffer) => (proxyLog += chunk))
    // The first run downloads Prism through npx.
    const deadline = Date.now() + 180_000
    while (!proxyLog.includes('Prism is listening')) {
      if (prism.exitCode !== null || Date.now() > deadline) throw new Error(`Prism did not start:\n${proxyLog}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    proxyUrl = `http://127.0.0.1:${port}`
    api = createTicketsClient({ baseUrl: proxyUrl })
  }, 300_000)
  afterAll(async () => {
    await stack?.stop()
  })

  /**
   * What Prism flagged, each with the request it was found on. Left out: the health probes the
   * load generator opens its connections with (operational endpoints, not in the API document),
   * and the one request this test sends without a token on purpose (Prism reports the missing
   * security scheme; the 401 it gets back is still checked). Requests are otherwise not validated,
   * so every other entry is an answer that does not match the document.
   */
  const violations = () => {
    const lines = proxyLog.split('\n')
    const flagged = lines.filter((line) => /violation/i.test(line))
    // Concurrent requests interleave in Prism's log, so undocumented routes are matched by count:
    // there must be exactly as many as operational probes (/health/*, /metrics: not API routes).
    const probes = lines.filter((line) => /\[HTTP SERVER\] get \/(health\/|metrics)/.test(line)).length
    const unrouted = flagged.filter((line) => /Selected route not found/.test(line))
    const unauthenticated = flagged.filter((line) => /Invalid security scheme used/.test(line))
    const rest = flagged.filter((line) => !unrouted.includes(line) && !unauthenticated.includes(line))
    return [
      ...(unrouted.length === probes ? [] : [`${unrouted.length} requests to undocumented routes, ${probes} of them health or metrics probes`]),
      ...(unauthenticated.length <= 1 ? [] : [`${unauthenticated.length} requests without a token, 1 on purpose`]),
      ...rest.map((line) => line.trim()),
    ]
  }

  it('every operation, with its successes and its usual errors', async () => {
    const admin = await api.POST('/api/auth/login', { body: { email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD } })
    const root = bearer(admin.data!.data.token)
    expect((await api.POST('/api/auth/login', { body: { email: ADMIN.ADMIN_EMAIL, password: 'wrong-password' } })).response.status).toBe(401)

    const email = `contract-${randomUUID()}@example.com`
    const registered = await api.POST('/api/auth/register', { body: { name: 'Contract', email, password: 'correct-horse-battery' } })
    expect(registered.response.status).toBe(201)
    expect((await api.POST('/api/auth/register', { body: { name: 'Again', email, password: 'correct-horse-battery' } })).response.status).toBe(409)
    const me = bearer(registered.data!.data.token)
    const userId = registered.data!.data.user.id
    expect((await api.GET('/api/auth/me', { headers: me })).response.status).toBe(200)
    expect((await api.GET('/api/auth/me', {})).response.status).toBe(401)

    expect((await api.GET('/api/users', { headers: root, params: { query: { limit: 5 } } })).response.status).toBe(200)
    expect((await api.GET('/api/users', { headers: me })).response.status).toBe(403)
    const other = await api.POST('/api/users', { headers: root, body: { name: 'Other', email: `other-${randomUUID()}@example.com`, password: 'correct-horse-battery' } })
    expect(other.response.status).toBe(201)
    expect((await api.GET('/api/users/{id}', { headers: root, params: { path: { id: other.data!.data.id } } })).response.status).toBe(200)
    expect((await api.GET('/api/users/{id}', { headers: root, params: { path: { id: randomUUID() } } })).response.status).toBe(404)
    expect((await api.PUT('/api/users/{id}', { headers: root, params: { path: { id: other.data!.data.id } }, body: { name: 'Renamed' } })).response.status).toBe(200)
    expect((await api.DELETE('/api/users/{id}', { headers: root, params: { path: { id: other.data!.data.id } } })).response.status).toBe(200)

    const created = await api.POST('/api/events', {
      headers: root,
      body: { name: 'Contract', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 10, total_tickets: 5, max_tickets_per_user: 4 },
    })
    expect(created.response.status).toBe(201)
    const eventId = created.data!.data.id
    expect((await api.POST('/api/events', { headers: root, body: { name: '', location: 'x', event_date: 'soon', ticket_price: -1, total_tickets: 0 } })).response.status).toBe(400)
    expect((await api.GET('/api/events', { params: { query: { q: 'Contract' } } })).response.status).toBe(200)
    expect((await api.GET('/api/events/{id}', { params: { path: { id: eventId } } })).response.status).toBe(200)
    expect((await api.GET('/api/events/{id}', { params: { path: { id: randomUUID() } } })).response.status).toBe(404)
    expect((await api.PUT('/api/events/{id}', { headers: root, params: { path: { id: eventId } }, body: { total_tickets: 6 } })).response.status).toBe(200)

    const booked = await api.POST('/api/bookings', { headers: { ...me, 'idempotency-key': 'contract-1' }, body: { event_id: eventId, quantity: 2 } })
    expect(booked.response.status).toBe(202)
    const replay = await api.POST('/api/bookings', { headers: { ...me, 'idempotency-key': 'contract-1' }, body: { event_id: eventId, quantity: 3 } })
    expect(replay.response.status).toBe(422)
    const waited = await api.POST('/api/bookings', { headers: { ...me, prefer: 'wait=10' }, body: { event_id: eventId, quantity: 1 } })
    expect(waited.response.status).toBe(201)
    const refused = await api.POST('/api/bookings', { headers: { ...me, prefer: 'wait=10' }, body: { event_id: eventId, quantity: 4 } })
    expect(refused.response.status).toBe(409)
    const id = booked.data!.data.id
    const path = { path: { id } }
    await expect.poll(async () => (await api.GET('/api/bookings/{id}', { headers: me, params: path })).data!.data.status, { timeout: 20_000 }).toBe('pending')
    expect((await api.GET('/api/bookings', { headers: me, params: { query: { status: 'pending' } } })).response.status).toBe(200)
    expect((await api.PUT('/api/bookings/{id}/confirm-payment', { headers: me, params: path })).response.status).toBe(200)
    expect((await api.PUT('/api/bookings/{id}/confirm-payment', { headers: me, params: path })).response.status).toBe(409)
    expect((await api.PATCH('/api/bookings/{id}/status', { headers: me, params: path, body: { status: 'cancelled' } })).response.status).toBe(200)
    expect((await api.PUT('/api/bookings/{id}/cancel', { headers: me, params: path })).response.status).toBe(409)
    expect((await api.DELETE('/api/bookings/{id}', { headers: me, params: path })).response.status).toBe(200)
    expect((await api.GET('/api/bookings/{id}', { headers: me, params: path })).response.status).toBe(404)
    expect((await api.DELETE('/api/events/{id}', { headers: root, params: { path: { id: eventId } } })).response.status).toBe(409)
    expect(userId).toBeDefined()

    expect(violations()).toEqual([])
  })

  it('a pnpm loadtest burst through the proxy: every 202, 409 and decision as documented', async () => {
    const summary = await runLoadtest({
      base: proxyUrl,
      adminEmail: ADMIN.ADMIN_EMAIL,
      adminPassword: ADMIN.ADMIN_PASSWORD,
      events: 1,
      tickets: 20,
      categories: 1,
      price: 5,
      limit: 4,
      users: 10,
      userPrefix: `contract-${randomUUID().slice(0, 8)}`,
      requests: 60,
      quantity: { min: 1, max: 3 },
      concurrency: 5,
      seed: 1,
      drainTimeout: 60,
      json: false,
      progress: false,
    })
    expect(summary.passed).toBe(true)
    expect(violations()).toEqual([])
  })
})

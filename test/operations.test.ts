import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildOpsApp } from '@tickets/worker/ops-app'
import { loadWorkerConfig } from '@tickets/worker/config'
import { openapiDocument } from '@tickets/gateway/openapi-document'
import { createApi } from './support/api.js'
import { withWaitingBooking } from './support/fixtures.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'
import { sampleValue } from './support/prometheus.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`

/** Every operation of ../shared/api-contract.md and of its extensions (docs/api-contract.md), as OpenAPI paths. */
const CONTRACT_OPERATIONS = [
  'POST /api/auth/register',
  'POST /api/auth/login',
  'GET /api/auth/me',
  'GET /api/users',
  'POST /api/users',
  'GET /api/users/{id}',
  'PUT /api/users/{id}',
  'DELETE /api/users/{id}',
  'GET /api/events',
  'POST /api/events',
  'GET /api/events/{id}',
  'PUT /api/events/{id}',
  'DELETE /api/events/{id}',
  'POST /api/events/{id}/categories',
  'PUT /api/events/{id}/categories/{categoryId}',
  'DELETE /api/events/{id}/categories/{categoryId}',
  'POST /api/events/{id}/waitlist',
  'GET /api/events/{id}/waitlist/me',
  'DELETE /api/events/{id}/waitlist/me/{entryId}',
  'GET /api/events/{id}/waitlist',
  'POST /api/bookings',
  'GET /api/bookings',
  'GET /api/bookings/{id}',
  'DELETE /api/bookings/{id}',
  'PATCH /api/bookings/{id}/status',
  'PUT /api/bookings/{id}/cancel',
  'PUT /api/bookings/{id}/confirm-payment',
  'GET /api/bookings/{id}/events',
  'GET /api/events/{id}/stats',
  'POST /api/webhooks',
  'GET /api/webhooks',
  'GET /api/webhooks/{id}',
  'PUT /api/webhooks/{id}',
  'DELETE /api/webhooks/{id}',
  'POST /api/webhooks/{id}/rotate-secret',
  'GET /api/webhooks/{id}/deliveries',
  'POST /api/webhooks/{id}/deliveries/{deliveryId}/replay',
].sort()

const PUBLIC_OPERATIONS = new Set(['POST /api/auth/register', 'POST /api/auth/login', 'GET /api/events', 'GET /api/events/{id}'])

describe('health', () => {
  it('reports the gateway ready only with MySQL, Redis and both upstream services answering', async () => {
    const { gateway } = await startPlatform()
    const res = await gateway.inject({ method: 'GET', url: '/health/ready' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      status: 'ok',
      checks: { mysql: 'ok', redis: 'ok', 'user-service': 'ok', 'event-service': 'ok' },
    })
  })

  it('turns the gateway unready when an upstream service goes away', async () => {
    const { gateway, events } = await startPlatform()
    await events.close()
    const res = await gateway.inject({ method: 'GET', url: '/health/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.json().checks).toMatchObject({ 'user-service': 'ok', 'event-service': 'unavailable' })
  })

  it('serves live, ready and metrics on the worker too', async () => {
    const { worker, env } = await startPlatform({}, { worker: true })
    const ops = await buildOpsApp(loadWorkerConfig(env), worker!)
    try {
      expect((await ops.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
      const ready = await ops.inject({ method: 'GET', url: '/health/ready' })
      expect(ready.json()).toEqual({ status: 'ok', checks: { mysql: 'ok', redis: 'ok', worker: 'ok' } })
    } finally {
      await ops.close()
    }
  })
})

describe('GET /docs/json', () => {
  it('documents exactly the contract routes, each with an operationId, its error statuses, auth and named schemas', async () => {
    const { gateway } = await startPlatform()
    const res = await gateway.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })])
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Booking', 'Category', 'Event', 'User', 'Error', 'AuthResult', 'BookingAccepted', 'WaitlistEntry']))

    const operations: string[] = []
    const ids = new Set<string>()
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`
        operations.push(name)
        expect(operation.summary, name).toBeTruthy()
        expect(operation.operationId, name).toMatch(/^[a-z][A-Za-z]+$/)
        ids.add(operation.operationId)
        const statuses = Object.keys(operation.responses)
        expect(statuses, name).toEqual(expect.arrayContaining(['500', '503', '431']))
        // What the edge answers before a route runs, where a client can meet it.
        if (path.includes('{')) expect(statuses, name).toContain('414')
        if (['post', 'put', 'patch', 'delete'].includes(method)) expect(statuses, name).toContain('415')
        expect(statuses.some((code) => /^2\d\d$/.test(code)), name).toBe(true)
        expect(operation.responses['503'].headers['Retry-After'], name).toBeDefined()
        const unavailable = operation.responses['503'].content['application/json'].schema
        expect(unavailable.allOf[0]).toEqual({ $ref: '#/components/schemas/Error' })
        expect(unavailable.allOf[1].properties.code.enum).toContain('SERVICE_UNAVAILABLE')
        if (PUBLIC_OPERATIONS.has(name)) expect(operation.security, name).toEqual([])
        else {
          expect(operation.security, name).toEqual([{ bearer: [] }])
          expect(statuses, name).toContain('401')
        }
        for (const parameter of operation.parameters ?? []) {
          if (parameter.schema?.default !== undefined) expect(parameter.required, `${name} ${parameter.name}`).toBe(false)
        }
      }
    }
    expect(ids.size).toBe(operations.length)
    expect(operations.sort()).toEqual(CONTRACT_OPERATIONS)
    const accepted = doc.paths['/api/bookings'].post.responses['202']
    expect(Object.keys(accepted.headers)).toEqual(expect.arrayContaining(['Location', 'Retry-After']))
    expect(accepted.content['application/json'].schema.properties.data).toEqual({ $ref: '#/components/schemas/BookingAccepted' })
    // Each error status names the codes it carries for that operation.
    const conflict = doc.paths['/api/bookings/{id}/confirm-payment'].put.responses['409'].content['application/json'].schema
    expect(conflict.allOf[1].properties.code.enum).toEqual(['INVALID_TRANSITION', 'BOOKING_IN_PROGRESS', 'HOLD_EXPIRED'])
    expect(doc.paths['/api/events/{id}'].get.responses['404'].content['application/json'].schema.allOf[1].properties.code.enum).toEqual(['EVENT_NOT_FOUND'])
  })

  it('declares the 414 and 415 the gateway answers, in the envelope with the declared codes', async () => {
    const { gateway } = await startPlatform()
    const doc = (await gateway.inject({ method: 'GET', url: '/docs/json' })).json()
    const codeOf = (path: string, method: string, status: string) => doc.paths[path][method].responses[status].content['application/json'].schema.allOf[1].properties.code.enum
    const long = await gateway.inject({ method: 'GET', url: `/api/events/${'a'.repeat(101)}` })
    expect(long.statusCode).toBe(414)
    expect(codeOf('/api/events/{id}', 'get', '414')).toContain(long.json().code)
    // A body on an operation that takes none is still parsed, and refused unless it is JSON.
    const notJson = await gateway.inject({ method: 'DELETE', url: `/api/bookings/${randomUUID()}`, headers: { 'content-type': 'text/plain' }, payload: 'x' })
    expect(notJson.statusCode).toBe(415)
    expect(codeOf('/api/bookings/{id}', 'delete', '415')).toContain(notJson.json().code)
  })

  it('is the document committed in docs/openapi.json (run `pnpm openapi` after changing a route)', async () => {
    const committed = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'))
    expect(await openapiDocument()).toEqual(committed)
  })

  it('serves Swagger UI at /docs', async () => {
    const { gateway } = await startPlatform()
    const res = await gateway.inject({ method: 'GET', url: '/docs/' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('swagger')
  })
})

describe('GET /metrics', () => {
  it('tells how long the oldest booking has waited for a worker, and the state of the MySQL pool and Redis', async () => {
    const { gateway, admin } = await startPlatform()
    const api = createApi(gateway)
    const adminToken = await api.login(admin.email, admin.password)
    const event = await api.call('POST', '/api/events', { token: adminToken, body: { name: 'Wait', location: 'Hall', event_date: future(5), ticket_price: 1, total_tickets: 5 } })
    const { token } = await api.register()
    // No worker: the booking waits.
    expect((await api.call('POST', '/api/bookings', { token, body: { event_id: event.body.data.id, quantity: 1 } })).status).toBe(202)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const text = (await gateway.inject({ method: 'GET', url: '/metrics' })).body
    const age = Number(/^tickets_queue_oldest_waiting_seconds\{queue="bookings"[^}]*\} (\S+)/m.exec(text)?.[1])
    expect(age).toBeGreaterThanOrEqual(1)
    expect(age).toBeLessThan(60)
    expect(text).toMatch(/^tickets_queue_oldest_waiting_seconds\{queue="booking-expiry"[^}]*\} 0$/m)
    expect(text).toMatch(/^tickets_db_pool_connections\{state="pending"[^}]*\} 0$/m)
    expect(text).toMatch(/^tickets_db_pool_connections\{state="free"[^}]*\} \d+$/m)
    expect(text).toMatch(/^tickets_redis_up\{connection="gateway"[^}]*\} 1$/m)
  })

  it('is served by user-service and event-service too, each series labelled with its service', async () => {
    const { usersUrl, eventsUrl, gateway } = await startPlatform()
    const api = createApi(gateway)
    await api.register()
    await api.call('GET', '/api/events')
    for (const [url, service] of [[usersUrl, 'user-service'], [eventsUrl, 'event-service']] as const) {
      const res = await fetch(`${url}/metrics`)
      expect(res.status, service).toBe(200)
      const text = await res.text()
      expect(text, service).toContain(`service="${service}"`)
      expect(text, service).toMatch(/^http_request_duration_seconds_bucket\{/m)
      expect(text, service).toMatch(/^nodejs_eventloop_lag_seconds/m)
    }
  })

  it('exposes request durations by route, booking outcomes, queue counts and event-loop lag', async () => {
    const { gateway, worker, env, admin } = await startPlatform({}, { worker: true })
    const api = createApi(gateway)
    const adminToken = await api.login(admin.email, admin.password)
    const event = await api.call('POST', '/api/events', {
      token: adminToken,
      body: { name: 'Metrics', location: 'Hall', event_date: future(5), ticket_price: 10, total_tickets: 2 },
    })
    const { token } = await api.register()
    const book = async (quantity: number) => {
      const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.body.data.id, quantity } })
      if (res.status === 202) await pollUntilDecided(api, token, res.body.data.id)
      return res
    }
    const first = await book(1) // pending
    await book(2) // rejected SOLD_OUT by the worker: one ticket left
    await book(1) // pending: the last ticket, the event is recorded sold out
    expect((await book(1)).status).toBe(409) // answered at intake

    const res = await gateway.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = res.body
    const gatewaySample = (name: string, labels: Record<string, string> = {}) => sampleValue(text, name, { service: 'gateway', ...labels })
    expect(gatewaySample('http_request_duration_seconds_count', { method: 'POST', route: '/api/bookings', status_code: '202' })).toBe(3)
    expect(gatewaySample('http_request_duration_seconds_count', { method: 'GET', route: '/api/bookings/:id', status_code: '200' })).toBeGreaterThan(0)
    expect(gatewaySample('tickets_booking_requests_total', { outcome: 'accepted' })).toBe(3)
    expect(gatewaySample('tickets_booking_requests_total', { outcome: 'sold_out' })).toBe(1)
    expect(gatewaySample('tickets_queue_jobs', { queue: 'bookings', state: 'waiting' })).toBe(0)
    expect(gatewaySample('tickets_queue_jobs', { queue: 'booking-expiry', state: 'delayed' })).toBeGreaterThanOrEqual(1)
    expect(gatewaySample('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
    // Raw URLs never become label values: ids would make a series per booking.
    expect(text).not.toContain(first.body.data.id)

    const ops = await buildOpsApp(loadWorkerConfig(env), worker!)
    try {
      const workerText = (await ops.inject({ method: 'GET', url: '/metrics' })).body
      const workerSample = (name: string, labels: Record<string, string> = {}) => sampleValue(workerText, name, { service: 'worker', ...labels })
      expect(workerSample('tickets_booking_decisions_total', { status: 'pending', reason: '' })).toBe(2)
      expect(workerSample('tickets_booking_decisions_total', { status: 'rejected', reason: 'SOLD_OUT' })).toBe(1)
      expect(workerSample('tickets_booking_transaction_duration_seconds_count', { status: 'pending' })).toBe(2)
      expect(workerSample('tickets_queue_jobs', { queue: 'bookings', state: 'active' })).toBe(0)
      expect(workerSample('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
    } finally {
      await ops.close()
    }
  })
})

describe('security defaults', () => {
  it('sends the security headers (helmet 8 defaults) on every answer: the API, errors, the docs page', async () => {
    const { gateway } = await startPlatform()
    const res = await gateway.inject({ method: 'GET', url: '/api/events' })
    expect(res.headers).toMatchObject({
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    })
    for (const url of ['/api/nothing-here', '/docs']) expect((await gateway.inject({ method: 'GET', url })).headers['x-content-type-options'], url).toBe('nosniff')
    expect(res.headers['x-powered-by']).toBeUndefined()
    // Plain HTTP: no HSTS (browsers ignore it there, and it would say nothing true).
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  it('sends HSTS on answers that came over HTTPS through a trusted proxy, and only then', async () => {
    const { gateway } = await startPlatform({ TRUST_PROXY: '127.0.0.1' })
    const viaTls = await gateway.inject({ method: 'GET', url: '/api/events', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' } })
    expect(viaTls.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    const untrusted = await startPlatform()
    const spoofed = await untrusted.gateway.inject({ method: 'GET', url: '/api/events', headers: { 'x-forwarded-proto': 'https' } })
    expect(spoofed.headers['strict-transport-security']).toBeUndefined()
  })

  it('marks answers to signed-in callers Cache-Control: no-store, and leaves public ones cacheable', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const { token } = await api.register()
    expect((await api.call('GET', '/api/bookings', { token })).headers['cache-control']).toBe('no-store')
    expect((await api.call('GET', '/api/auth/me', { token })).headers['cache-control']).toBe('no-store')
    expect((await api.call('GET', '/api/events')).headers['cache-control']).toBeUndefined()
  })

  it('refuses a body over 1 MiB with 413 in the envelope', async () => {
    const { gateway } = await startPlatform()
    const res = await gateway.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1024 * 1024) }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ success: false, code: 'PAYLOAD_TOO_LARGE' })
  })

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('refuses %s bodies with 415', async (type) => {
    const { gateway } = await startPlatform()
    const res = await gateway.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': type }, payload: 'email=a' })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toMatchObject({ success: false, code: 'UNSUPPORTED_MEDIA_TYPE' })
  })

  it('refuses a __proto__ body with 400 and creates nothing', async () => {
    const { gateway, users } = await startPlatform()
    const email = `proto-${Date.now()}@example.com`
    const res = await gateway.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: `{"name":"P","email":"${email}","password":"correct-horse-battery","__proto__":{"role":"admin"}}`,
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ success: false, code: 'INVALID_BODY' })
    expect(await users.knex('users').where({ email }).first()).toBeUndefined()
  })

  it('keeps CORS closed by default', async () => {
    const { gateway } = await startPlatform()
    const preflight = await gateway.inject({
      method: 'OPTIONS',
      url: '/api/events',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    })
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    const res = await gateway.inject({ method: 'GET', url: '/api/events', headers: { origin: 'https://evil.example' } })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('allows exactly the origins named in CORS_ORIGINS', async () => {
    const { gateway } = await startPlatform({ CORS_ORIGINS: 'https://tickets.example, https://admin.tickets.example' })
    const allowed = await gateway.inject({
      method: 'OPTIONS',
      url: '/api/bookings',
      headers: { origin: 'https://tickets.example', 'access-control-request-method': 'POST' },
    })
    expect(allowed.statusCode).toBe(204)
    expect(allowed.headers['access-control-allow-origin']).toBe('https://tickets.example')
    expect(allowed.headers['access-control-allow-headers']).toContain('idempotency-key')
    const other = await gateway.inject({ method: 'GET', url: '/api/events', headers: { origin: 'https://evil.example' } })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('limits booking requests per user with 429 and Retry-After, without touching other users', async () => {
    const { gateway, admin } = await startPlatform({ BOOKING_RATE_LIMIT_MAX: '3', BOOKING_RATE_LIMIT_WINDOW_SECONDS: '60' })
    const api = createApi(gateway)
    const adminToken = await api.login(admin.email, admin.password)
    const event = await api.call('POST', '/api/events', {
      token: adminToken,
      body: { name: 'Limited', location: 'Hall', event_date: future(5), ticket_price: 10, total_tickets: 100 },
    })
    const body = { event_id: event.body.data.id, quantity: 1 }
    const alice = await api.register()
    const bob = await api.register()
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await api.call('POST', '/api/bookings', { token: alice.token, body })).status)
    expect(statuses).toEqual([202, 202, 202, 429])
    const limited = await api.call('POST', '/api/bookings', { token: alice.token, body })
    expect(limited.body).toMatchObject({ success: false, code: 'RATE_LIMITED' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await api.call('POST', '/api/bookings', { token: bob.token, body })).status).toBe(202)
    // Unauthenticated requests are refused before they can spend anyone's budget.
    expect((await api.call('POST', '/api/bookings', { body })).status).toBe(401)
  })
})

describe('/admin/queues (Bull Board)', () => {
  it('challenges a request without credentials for HTTP Basic', async () => {
    const { gateway } = await startPlatform()
    const res = await gateway.inject({ method: 'GET', url: '/admin/queues' })
    expect(res.statusCode).toBe(401)
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Bull Board"/)
    expect(res.json()).toMatchObject({ success: false, code: 'UNAUTHORIZED' })
  })

  it('refuses a signed-in non-admin with 403, by password or by token', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const user = await api.register()
    const byPassword = await gateway.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: basic(user.user.email, user.password) } })
    expect(byPassword.statusCode).toBe(403)
    const byToken = await gateway.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${user.token}` } })
    expect(byToken.statusCode).toBe(403)
  })

  it('shows an administrator the board and every queue, and never logs the credentials', async () => {
    const { gateway, admin, logs } = await startPlatform()
    const page = await gateway.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: basic(admin.email, admin.password) } })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(logs.text()).toContain('/admin/queues')
    expect(logs.text()).not.toContain(admin.password)
    expect(logs.text()).not.toContain(basic(admin.email, admin.password).slice(6))
    const token = await createApi(gateway).login(admin.email, admin.password)
    const queues = await gateway.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${token}` } })
    expect(queues.statusCode).toBe(200)
    expect(queues.json().queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['booking-expiry', 'bookings', 'webhook-deliveries'])
  })

  it('counts wrong passwords per address and answers 429 past the login limit', async () => {
    const { gateway, admin } = await startPlatform({ LOGIN_RATE_LIMIT_MAX: '2' })
    const wrong = { authorization: basic(admin.email, 'not-the-password') }
    expect((await gateway.inject({ method: 'GET', url: '/admin/queues', headers: wrong })).statusCode).toBe(401)
    expect((await gateway.inject({ method: 'GET', url: '/admin/queues', headers: wrong })).statusCode).toBe(401)
    const locked = await gateway.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: basic(admin.email, admin.password) } })
    expect(locked.statusCode).toBe(429)
    expect(locked.json()).toMatchObject({ code: 'RATE_LIMITED' })
  })
})

describe('Bull Board, read-only by default', () => {
  /** A waiting booking job, and Bull Board's API as the administrator. */
  async function boardWithWaitingBooking(env: Record<string, string> = {}) {
    const platform = await withWaitingBooking(env)
    const board = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, payload?: object) =>
      platform.gateway.inject({ method, url: `/admin/queues/api${url}`, headers: { authorization: `Bearer ${platform.adminToken}` }, ...(payload ? { payload } : {}) })
    return { ...platform, board }
  }

  it('refuses every action that could drop or reorder an accepted booking, and keeps the job', async () => {
    const { board, jobId, gateway } = await boardWithWaitingBooking()
    const destructive: Array<['PUT' | 'POST' | 'PATCH', string, object?]> = [
      ['PUT', '/queues/bookings/clean/waiting'],
      ['PUT', '/queues/bookings/clean/completed'],
      ['PUT', `/queues/bookings/${jobId}/clean`],
      ['PUT', '/queues/bookings/empty'],
      ['PUT', '/queues/bookings/obliterate'],
      ['PUT', '/queues/bookings/promote'],
      ['PUT', `/queues/bookings/${jobId}/promote`],
      ['PUT', '/queues/bookings/pause'],
      ['PUT', '/queues/pause'],
      ['PUT', '/queues/bookings/retry/completed'],
      ['POST', '/queues/bookings/add', { name: 'book', data: {} }],
      ['PATCH', `/queues/bookings/${jobId}/update-data`, { jobData: {} }],
    ]
    for (const [method, url, payload] of destructive) {
      const res = await board(method, url, payload)
      expect(res.statusCode, `${method} ${url}`).toBe(403)
      expect(res.json()).toMatchObject({ success: false, code: 'FORBIDDEN', message: expect.stringContaining('BULL_BOARD_READ_ONLY=false') })
    }
    // Still there, still waiting for a worker.
    expect(await (await gateway.bookingShards.all[0]!.getJob(jobId))?.getState()).toBe('waiting')
    expect((await board('GET', `/queues/bookings/${jobId}`)).statusCode).toBe(200)
    // Retrying failed jobs puts bookings back on their way: allowed.
    const retry = await board('PUT', '/queues/bookings/retry/failed')
    expect(retry.statusCode).toBe(200)
  })

  it('allows the destructive actions only with BULL_BOARD_READ_ONLY=false', async () => {
    const { board, jobId, gateway } = await boardWithWaitingBooking({ BULL_BOARD_READ_ONLY: 'false' })
    const res = await board('PUT', `/queues/bookings/${jobId}/clean`)
    expect(res.statusCode).toBe(204)
    expect(await gateway.bookingShards.all[0]!.getJob(jobId)).toBeUndefined()
  })
})

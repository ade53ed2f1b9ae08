import { describe, expect, it } from 'vitest'
import { buildTestApp } from './helper.js'

describe('gateway health', () => {
  it('answers /health/live while the process runs', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/health/live' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  // Ready with every dependency up is covered against the real services in test/operations.test.ts.
  it('is not ready while its upstream services do not answer, and names them', async () => {
    const app = await buildTestApp({ USER_SERVICE_URL: 'http://127.0.0.1:1', EVENT_SERVICE_URL: 'http://127.0.0.1:1' })
    const res = await app.inject({ method: 'GET', url: '/health/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({
      status: 'unavailable',
      checks: { mysql: 'ok', redis: 'ok', 'user-service': 'unavailable', 'event-service': 'unavailable' },
    })
  })

  it('answers 503 with Retry-After when Redis does not answer, without leaking its address', async () => {
    const app = await buildTestApp({ REDIS_URL: 'redis://127.0.0.1:1' })
    const res = await app.inject({ method: 'GET', url: '/health/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('5')
    expect(res.json()).toMatchObject({ status: 'unavailable', checks: { mysql: 'ok', redis: 'unavailable' } })
    expect(res.body).not.toContain('127.0.0.1')
  })

  it('answers 503 when MySQL does not answer', async () => {
    const app = await buildTestApp({ MYSQL_URL: 'mysql://root@127.0.0.1:1/tickets' })
    const res = await app.inject({ method: 'GET', url: '/health/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.json().checks.mysql).toBe('unavailable')
  })
})

describe('gateway error envelope', () => {
  it('answers an unknown route with 404 in the envelope', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/api/nothing?x=1' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ success: false, message: 'Route GET /api/nothing not found', code: 'ROUTE_NOT_FOUND' })
  })

  it('echoes a request id so log lines can be correlated', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } })
    expect(res.headers['x-request-id']).toBe('abc-123')
    const generated = await app.inject({ method: 'GET', url: '/health/live' })
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})

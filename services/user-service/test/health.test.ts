import { describe, expect, it } from 'vitest'
import { buildTestApp } from './helper.js'

describe('user-service health', () => {
  it('answers /health/live and is ready when MySQL answers', async () => {
    const app = await buildTestApp()
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
    const ready = await app.inject({ method: 'GET', url: '/health/ready' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ok', checks: { mysql: 'ok' } })
  })

  it('answers 503 on /health/ready when MySQL does not answer', async () => {
    const app = await buildTestApp({ MYSQL_URL: 'mysql://root@127.0.0.1:1/tickets' })
    const ready = await app.inject({ method: 'GET', url: '/health/ready' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json()).toEqual({ status: 'unavailable', checks: { mysql: 'unavailable' } })
  })
})

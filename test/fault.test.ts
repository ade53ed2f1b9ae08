import { describe, expect, it, onTestFinished } from 'vitest'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'
import { startRedisServer } from '@tickets/testing/redis-server'

describe('when Redis stops', () => {
  it('POST /api/bookings answers 503 with Retry-After within a second, and works again once Redis is back', async () => {
    const redis = await startRedisServer()
    onTestFinished(() => redis.remove())
    const platform = await startPlatform({ REDIS_URL: redis.url }, { worker: true })
    const api = createApi(platform.gateway)
    const adminToken = await api.login(platform.admin.email, platform.admin.password)
    const event = (
      await api.call('POST', '/api/events', {
        token: adminToken,
        body: { name: 'Show', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 10, total_tickets: 10 },
      })
    ).body.data
    const { token } = await api.register()
    const book = () => api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })

    expect((await book()).status).toBe(202)

    await redis.stop()
    for (const headers of [{}, { 'idempotency-key': 'during-outage' }] as Record<string, string>[]) {
      const started = Date.now()
      const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 }, headers })
      expect(Date.now() - started).toBeLessThan(1_000)
      expect(res.status).toBe(503)
      expect(res.headers['retry-after']).toBe('1')
      expect(res.body).toMatchObject({ success: false, code: 'QUEUE_UNAVAILABLE' })
    }
    expect((await api.call('GET', '/health/ready')).status).toBe(503)

    await redis.start()
    // No restart of anything: the connections come back by themselves.
    let res = await book()
    for (let i = 0; i < 50 && res.status !== 202; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      res = await book()
    }
    expect(res.status).toBe(202)
    expect((await pollUntilDecided(api, token, res.body.data.id)).status).toBe('pending')
  })
})

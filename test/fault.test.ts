import { describe, expect, it, onTestFinished } from 'vitest'
import { pino } from 'pino'
import { stockOf } from '@tickets/testing'
import { loadWorkerConfig } from '@tickets/worker/config'
import { startWorker } from '@tickets/worker/worker'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'
import { eventBody } from './support/fixtures.js'
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
        body: eventBody(),
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

describe('when Redis crashes with AOF on (appendfsync everysec)', () => {
  it('keeps every 202: after a SIGKILL and a restart, each accepted booking is decided, nothing oversold', async () => {
    const redis = await startRedisServer({ appendfsync: 'everysec' })
    onTestFinished(() => redis.remove())
    // No worker yet: every accepted booking is still only a job in Redis when Redis dies.
    const platform = await startPlatform({ REDIS_URL: redis.url })
    const api = createApi(platform.gateway)
    const adminToken = await api.login(platform.admin.email, platform.admin.password)
    const event = (
      await api.call('POST', '/api/events', {
        token: adminToken,
        body: eventBody({ name: 'Crash', total_tickets: 50 }),
      })
    ).body.data
    const users = await Promise.all(Array.from({ length: 10 }, () => api.register()))
    const accepted: Array<{ id: string; token: string }> = []
    for (const { token } of users) {
      for (let i = 0; i < 8; i++) {
        const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })
        expect(res.status).toBe(202)
        accepted.push({ id: res.body.data.id, token })
      }
    }

    await redis.stop() // SIGKILL: no shutdown save, only what the AOF already holds
    await redis.start()
    const worker = await startWorker(loadWorkerConfig({ ...platform.env, REDIS_URL: redis.url }), pino({ level: 'silent' }))
    onTestFinished(() => worker.close())
    // The gateway's connections come back by themselves (meanwhile a poll answers 503 Retry-After).
    await expect.poll(async () => (await api.call('GET', '/health/ready')).status, { timeout: 20_000, interval: 100 }).not.toBe(503)

    const decided = []
    for (const { id, token } of accepted) decided.push(await pollUntilDecided(api, token, id, 60_000))
    expect(decided).toHaveLength(80)
    // 50 tickets, 80 requests of one: all 50 sold, the other 30 rejected, none oversold.
    expect(decided.filter((b) => b.status === 'pending')).toHaveLength(50)
    expect(decided.filter((b) => b.status === 'rejected')).toHaveLength(30)
    expect(await stockOf(platform.gateway.knex, event.id)).toMatchObject({ available: 0, held: 50, consistent: true })
  })
})

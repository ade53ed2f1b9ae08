import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIsolatedDatabase } from '@tickets/testing'
import { verify } from '@tickets/webhooks'
import { createApi } from './support/api.js'
import { startPlatform, type Platform } from './support/platform.js'
import { useRedisVariant, REDIS_VARIANTS } from './support/redis-variants.js'
import { openStream } from './support/sse.js'
import { startReceiver } from './support/webhook-receiver.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

/**
 * Webhooks and live status on a 3-master Redis Cluster with the booking queue in 3 shards: the
 * webhook queue lives in one slot of its own (hash-tagged), and the booking-changes channel's
 * notices reach a gateway's subscriber whichever master the publisher's connection talks to.
 */
describe('webhooks and live status on a Redis Cluster', { timeout: 120_000 }, () => {
  const variant = useRedisVariant(REDIS_VARIANTS[1])
  let platform: Platform
  let drop: () => Promise<void>
  beforeAll(async () => {
    const db = await createIsolatedDatabase({ migrate: true })
    drop = db.drop
    platform = await startPlatform({ ...variant.env(), MYSQL_URL: db.url, WEBHOOK_ALLOW_PRIVATE: 'true', OUTBOX_RELAY_MS: '50' }, { worker: true, shared: true })
  }, 90_000)
  afterAll(async () => {
    await platform?.close()
    await drop?.()
  })

  it('streams a booking decided by a worker and delivers its signed webhook', async () => {
    const api = createApi(platform.gateway)
    const admin = await api.login(platform.admin.email, platform.admin.password)
    const hooks = await startReceiver()
    try {
      const endpoint = await api.call('POST', '/api/webhooks', { token: admin, body: { url: hooks.url, events: ['booking.pending', 'booking.confirmed'] } })
      expect(endpoint.status, endpoint.raw).toBe(201)
      const base = await platform.gateway.listen({ host: '127.0.0.1', port: 0 })
      const created = await api.call('POST', '/api/events', { token: admin, body: { name: 'Cluster gig', location: 'Hall', event_date: future(10), ticket_price: 15, total_tickets: 10 } })
      const user = await api.register()
      const accepted = await api.call('POST', '/api/bookings', { token: user.token, body: { event_id: created.body.data.id, quantity: 1 } })
      expect(accepted.status).toBe(202)
      const id = accepted.body.data.id as string

      const live = openStream(`${base}/api/bookings/${id}/events`, { authorization: `Bearer ${user.token}` })
      try {
        await live.until('the pending status', () => live.statuses().includes('pending'), 10_000)
        expect((await api.call('PUT', `/api/bookings/${id}/confirm-payment`, { token: user.token })).status).toBe(200)
        await live.until('the confirmed status', () => live.statuses().includes('confirmed'), 10_000)
      } finally {
        live.close()
      }
      await hooks.until('both changes delivered', (all) => all.filter((r) => r.payload.data.id === id).length === 2)
      for (const r of hooks.received) expect(verify(endpoint.body.data.secret, r, r.body)).toBe(true)
      expect(hooks.received.map((r) => r.payload.type).sort()).toEqual(['booking.confirmed', 'booking.pending'])
    } finally {
      await hooks.close()
    }
  })
})

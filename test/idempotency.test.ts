import { describe, expect, it } from 'vitest'
import { isCluster } from '@tickets/queue'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform, type Platform } from './support/platform.js'
import { keysEverywhere, REDIS_VARIANTS, useRedisVariant } from './support/redis-variants.js'

/** Booking jobs in every shard. */
const jobsQueued = async (gateway: Platform['gateway']) => (await Promise.all(gateway.bookingShards.all.map((queue) => queue.count()))).reduce((a, b) => a + b, 0)

describe.each(REDIS_VARIANTS)('Idempotency-Key on $name', { timeout: 60_000 }, (variant) => {
  const redis = useRedisVariant(variant)

  async function setup(worker = true) {
    const platform = await startPlatform(redis.env(), { worker })
    expect(isCluster(platform.gateway.redis)).toBe(variant.cluster)
    const api = createApi(platform.gateway)
    const adminToken = await api.login(platform.admin.email, platform.admin.password)
    const res = await api.call('POST', '/api/events', {
      token: adminToken,
      body: { name: 'Show', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 10, total_tickets: 50 },
    })
    return { ...platform, api, event: res.body.data as { id: string } }
  }

  describe('Idempotency-Key', () => {
    it('returns the same booking for a sequential repeat, queued and after it is decided', async () => {
      const { api, event, users } = await setup()
      const { token } = await api.register()
      const request = { token, body: { event_id: event.id, quantity: 2 }, headers: { 'idempotency-key': 'order-1' } }
      const first = await api.call('POST', '/api/bookings', request)
      const second = await api.call('POST', '/api/bookings', request)
      expect(first.status).toBe(202)
      expect(second.status).toBe(202)
      expect(second.body.data.id).toBe(first.body.data.id)
      expect(second.headers['idempotent-replayed']).toBe('true')

      await pollUntilDecided(api, token, first.body.data.id)
      const third = await api.call('POST', '/api/bookings', request)
      expect(third.body.data).toMatchObject({ id: first.body.data.id, status: 'pending' })
      expect(await users.knex('bookings').where({ event_id: event.id }).count({ n: '*' })).toEqual([{ n: 1 }])
    })

    it('creates one booking from 20 concurrent repeats', async () => {
      const { api, event, users } = await setup()
      const { token } = await api.register()
      const request = { token, body: { event_id: event.id, quantity: 1 }, headers: { 'idempotency-key': 'burst' } }
      const responses = await Promise.all(Array.from({ length: 20 }, () => api.call('POST', '/api/bookings', request)))
      expect(responses.every((r) => r.status === 202)).toBe(true)
      expect(new Set(responses.map((r) => r.body.data.id)).size).toBe(1)
      await pollUntilDecided(api, token, responses[0]!.body.data.id)
      expect(await users.knex('bookings').where({ event_id: event.id }).count({ n: '*' })).toEqual([{ n: 1 }])
    })

    it('answers 422 when the key is reused with a different body, and changes nothing', async () => {
      const { api, event, gateway } = await setup(false)
      const { token } = await api.register()
      await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 }, headers: { 'idempotency-key': 'k' } })
      const before = await jobsQueued(gateway)
      const res = await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 2 }, headers: { 'idempotency-key': 'k' } })
      expect(res.status).toBe(422)
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED')
      expect(await jobsQueued(gateway)).toBe(before)
    })

    it('scopes keys to the user: the same key from two users makes two bookings', async () => {
      const { api, event } = await setup(false)
      const alice = await api.register()
      const bob = await api.register()
      const body = { event_id: event.id, quantity: 1 }
      const a = await api.call('POST', '/api/bookings', { token: alice.token, body, headers: { 'idempotency-key': 'shared' } })
      const b = await api.call('POST', '/api/bookings', { token: bob.token, body, headers: { 'idempotency-key': 'shared' } })
      expect(a.body.data.id).not.toBe(b.body.data.id)
    })

    it('remembers a key in the database after its Redis claim is gone', async () => {
      const { api, event, gateway, env } = await setup()
      const { token } = await api.register()
      const request = { token, body: { event_id: event.id, quantity: 1 }, headers: { 'idempotency-key': 'long-ago' } }
      const first = await api.call('POST', '/api/bookings', request)
      await pollUntilDecided(api, token, first.body.data.id)
      const keys = await keysEverywhere(gateway.redis, `${env.REDIS_PREFIX}:idempotency:*`)
      expect(keys.length).toBeGreaterThan(0)
      // One DEL per key: on a cluster the keys are in different slots.
      await Promise.all(keys.map((key) => gateway.redis.del(key)))
      const again = await api.call('POST', '/api/bookings', request)
      expect(again.body.data).toMatchObject({ id: first.body.data.id, status: 'pending' })
      const mismatch = await api.call('POST', '/api/bookings', { ...request, body: { event_id: event.id, quantity: 3 } })
      expect(mismatch.status).toBe(422)
    })

    it('answers 400 to an empty or over-long key', async () => {
      const { api, event } = await setup(false)
      const { token } = await api.register()
      const body = { event_id: event.id, quantity: 1 }
      expect((await api.call('POST', '/api/bookings', { token, body, headers: { 'idempotency-key': 'x'.repeat(256) } })).status).toBe(400)
    })
  })
})

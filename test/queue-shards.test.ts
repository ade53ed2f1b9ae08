import { describe, expect, it, onTestFinished } from 'vitest'
import { bundleJobId, type BookingBundleJob } from '@tickets/contracts'
import { createIsolatedDatabase } from '@tickets/testing'
import { pino } from 'pino'
import { shardOf } from '@tickets/queue'
import { loadWorkerConfig } from '@tickets/worker/config'
import { startWorker } from '@tickets/worker/worker'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform, type Platform } from './support/platform.js'

const SHARDS = { BOOKING_QUEUE_SHARDS: '3' }

async function eventsAndUser(platform: Platform, count: number) {
  const api = createApi(platform.gateway)
  const admin = await api.login(platform.admin.email, platform.admin.password)
  const events = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const res = await api.call('POST', '/api/events', {
        token: admin,
        body: { name: `Shard ${i}`, location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 5, total_tickets: 10 },
      })
      return res.body.data.id as string
    }),
  )
  return { api, admin, events, user: await api.register() }
}

/** Events until every one of `shards` shards has one. */
async function eventsOnEveryShard(platform: Platform, shards: number) {
  for (let count = shards; ; count += shards) {
    const made = await eventsAndUser(platform, count)
    if (new Set(made.events.map((id) => shardOf(id, shards))).size === shards) return made
  }
}

describe('BOOKING_QUEUE_SHARDS=3', { timeout: 60_000 }, () => {
  it("puts each event's bookings in its shard, and finds a queued booking in any shard", async () => {
    const platform = await startPlatform(SHARDS)
    const { api, events, user } = await eventsOnEveryShard(platform, 3)
    const accepted = await Promise.all(events.map((event_id) => api.call('POST', '/api/bookings', { token: user.token, body: { event_id, quantity: 1 } })))
    expect(accepted.map((res) => res.status)).toEqual(events.map(() => 202))

    const queues = platform.gateway.bookingShards.all
    expect(queues.map((queue) => queue.name)).toEqual(['bookings-1-of-3', 'bookings-2-of-3', 'bookings-3-of-3'])
    for (const [i, res] of accepted.entries()) {
      const job = await queues[shardOf(events[i]!, 3)]!.getJob(bundleJobId(res.body.data.id))
      // In its shard's bundle, beside the other events of that shard only.
      const bundled = (job?.data as BookingBundleJob).bookings
      expect(bundled.find((booking) => booking.booking_id === res.body.data.id)?.event_id).toBe(events[i])
      expect(bundled.every((booking) => shardOf(booking.event_id, 3) === shardOf(events[i]!, 3))).toBe(true)
      // No worker: the status URL finds it queued, whichever shard holds it.
      const status = await api.call('GET', `/api/bookings/${res.body.data.id}`, { token: user.token })
      expect(status.body.data).toMatchObject({ id: res.body.data.id, status: 'queued' })
    }
    // Every request waits in its shard, in a bundle or alone.
    const waiting = (await Promise.all(queues.map((queue) => queue.getWaiting()))).flat()
    expect(waiting.flatMap((job) => ('bookings' in job.data ? job.data.bookings : [job.data])).length).toBe(events.length)
  })

  it('shows every shard in Bull Board and the metrics, and answers Prefer: wait from any shard', async () => {
    const platform = await startPlatform(SHARDS, { worker: true })
    const { api, admin, events, user } = await eventsOnEveryShard(platform, 3)
    for (const event_id of events) {
      const res = await api.call('POST', '/api/bookings', { token: user.token, body: { event_id, quantity: 1 }, headers: { prefer: 'wait=10' } })
      expect(res.status).toBe(201)
    }
    const board = await platform.gateway.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${admin}` } })
    expect(board.json().queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['booking-expiry', 'bookings-1-of-3', 'bookings-2-of-3', 'bookings-3-of-3', 'webhook-deliveries'])
    // Each shard's queue, counted under its own name: the completed jobs of its events.
    const metrics = (await platform.gateway.inject({ method: 'GET', url: '/metrics' })).body
    for (const shard of [0, 1, 2]) {
      const completed = events.filter((id) => shardOf(id, 3) === shard).length
      expect(metrics).toContain(`tickets_queue_jobs{queue="bookings-${shard + 1}-of-3",state="completed",service="gateway"} ${completed}`)
    }
  })
})

describe('new events and the shards', { timeout: 60_000 }, () => {
  it('puts each new event on the shard with the fewest upcoming events, so an on-sale of many events is shared evenly', async () => {
    // A database of its own: other files' upcoming events would count.
    const db = await createIsolatedDatabase({ migrate: true })
    onTestFinished(() => db.drop())
    const platform = await startPlatform({ MYSQL_URL: db.url, BOOKING_QUEUE_SHARDS: '4' })
    const { events } = await eventsAndUser(platform, 8)
    expect([0, 1, 2, 3].map((shard) => events.filter((id) => shardOf(id, 4) === shard).length)).toEqual([2, 2, 2, 2])
  })
})

describe('changing BOOKING_QUEUE_SHARDS while bookings wait', { timeout: 60_000 }, () => {
  it('loses nothing: workers given the old count in BOOKING_QUEUE_PREVIOUS_SHARDS decide what the old shards hold', async () => {
    // Bookings queued under one shard, with no worker running.
    const before = await startPlatform()
    const { api, events, user } = await eventsAndUser(before, 3)
    const queued = await Promise.all(events.map((event_id) => api.call('POST', '/api/bookings', { token: user.token, body: { event_id, quantity: 2 } })))
    expect(queued.map((res) => res.status)).toEqual([202, 202, 202])
    await before.gateway.close()

    // Same Redis keys, now three shards: a worker told only the new count leaves the old queue alone ...
    const after = { ...SHARDS, REDIS_PREFIX: before.env.REDIS_PREFIX }
    const blind = await startWorker(loadWorkerConfig({ ...before.env, ...after }), pino({ level: 'silent' }))
    // Proof that it is consuming (not merely slow to start): a booking on the new shards is decided.
    const probe = await startPlatform(after)
    const probeApi = createApi(probe.gateway)
    const fresh = await probeApi.call('POST', '/api/bookings', { token: user.token, body: { event_id: events[0], quantity: 1 } })
    expect(await pollUntilDecided(probeApi, user.token, fresh.body.data.id)).toMatchObject({ status: 'pending' })
    await blind.close()
    expect(await before.users.knex('bookings').whereIn('id', queued.map((res) => res.body.data.id)).count({ n: '*' })).toEqual([{ n: 0 }])

    // ... one that also reads the previous count decides every one, and the new gateway finds them.
    const platform = await startPlatform({ ...after, BOOKING_QUEUE_PREVIOUS_SHARDS: '1' }, { worker: true })
    const newApi = createApi(platform.gateway)
    for (const res of queued) expect(await pollUntilDecided(newApi, user.token, res.body.data.id)).toMatchObject({ status: 'pending', quantity: 2 })
    expect(platform.gateway.bookingShards.all.map((queue) => queue.name)).toEqual(['bookings-1-of-3', 'bookings-2-of-3', 'bookings-3-of-3', 'bookings'])
  })
})

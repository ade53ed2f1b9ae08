import { randomUUID } from 'node:crypto'
import { describe, expect, inject, it, onTestFinished } from 'vitest'
import Value from 'typebox/value'
import { Booking, JOBS, type BookingJob } from '@tickets/contracts'
import { bookingCounterKeys, createBookingShards, createRedis } from '@tickets/queue'
import { fingerprintOf } from '../src/bookings/idempotency.js'
import { createQueueMonitor } from '../src/bookings/queue-monitor.js'
import { toBooking, toQueuedBooking, toRejectedJob } from '../src/bookings/serialize.js'
import { createWaitAllowance, MAX_WAIT_SECONDS, preferredWaitSeconds } from '../src/bookings/waiting.js'
import { createQueuedCounter } from '../src/bookings/queued-counter.js'

const job = (overrides: Partial<BookingJob> = {}): BookingJob => ({
  booking_id: randomUUID(),
  user_id: randomUUID(),
  event_id: randomUUID(),
  quantity: 2,
  requested_at: '2026-11-30T12:00:00.000Z',
  idempotency_key: null,
  request_fingerprint: null,
  ...overrides,
})

describe('Prefer: wait', () => {
  it('reads wait=N among other preferences (RFC 7240), capped at 30 s; anything else is no wait', () => {
    expect(preferredWaitSeconds('wait=5')).toBe(5)
    expect(preferredWaitSeconds('respond-async, wait=3')).toBe(3)
    expect(preferredWaitSeconds('Wait = "7"')).toBe(7)
    expect(preferredWaitSeconds('wait=600')).toBe(MAX_WAIT_SECONDS)
    for (const value of [undefined, '', 'respond-async', 'wait=', 'wait=-1', 'nowait=5', 'wait=abc']) expect(preferredWaitSeconds(value), String(value)).toBe(0)
  })

  it('holds at most perUser waits per user and total in all, and a release frees exactly one place, once', () => {
    const allowance = createWaitAllowance({ perUser: 2, total: 3 })
    const a1 = allowance.take('a')
    allowance.take('a')
    expect(() => allowance.take('a')).toThrow(expect.objectContaining({ statusCode: 429, code: 'RATE_LIMITED' }))
    const b1 = allowance.take('b')
    // Three open in all: even a user with none open waits.
    expect(() => allowance.take('c')).toThrow(expect.objectContaining({ statusCode: 429 }))
    a1()
    a1() // a second release of the same wait changes nothing
    allowance.take('c')
    expect(() => allowance.take('d')).toThrow(expect.objectContaining({ statusCode: 429 }))
    b1()
    expect(() => allowance.take('a')).not.toThrow()
  })
})

describe('the idempotency fingerprint', () => {
  it('is the same for the same event and quantity, whatever the spelling of the id, and differs otherwise', () => {
    const eventId = randomUUID()
    expect(fingerprintOf({ event_id: eventId, quantity: 2 })).toBe(fingerprintOf({ event_id: eventId.toUpperCase(), quantity: 2 }))
    expect(fingerprintOf({ event_id: eventId, quantity: 2 })).not.toBe(fingerprintOf({ event_id: eventId, quantity: 3 }))
    expect(fingerprintOf({ event_id: eventId, quantity: 2 })).not.toBe(fingerprintOf({ event_id: randomUUID(), quantity: 2 }))
  })
})

describe('serialisation', () => {
  it('shows a job not yet decided as queued, and one that ended without a row as rejected with nothing held, all valid Booking objects', () => {
    const data = job()
    const queued = toQueuedBooking(data)
    expect(queued).toMatchObject({ id: data.booking_id, status: 'queued', total_price: null, reason: null, created_at: data.requested_at })
    expect(toRejectedJob(data, 'INVALID_REQUEST')).toMatchObject({ status: 'rejected', reason: 'INVALID_REQUEST', total_price: '0.00' })
    expect(toRejectedJob(data, 'USER_NOT_FOUND')).toMatchObject({ status: 'rejected', reason: 'USER_NOT_FOUND', total_price: '0.00' })
    for (const booking of [queued, toRejectedJob(data, 'INVALID_REQUEST'), toRejectedJob(data, 'USER_NOT_FOUND')]) expect(Value.Check(Booking, booking), booking.status).toBe(true)
  })

  it('shows a stored booking with its details parsed, its instants in ISO 8601, and the summaries only when joined', () => {
    const row = {
      id: randomUUID(),
      user_id: randomUUID(),
      event_id: randomUUID(),
      quantity: 3,
      total_price: '30.00',
      status: 'rejected' as const,
      reason: 'SOLD_OUT',
      reason_detail: '{"available":1,"requested":3}',
      expires_at: null,
      idempotency_key: 'k',
      request_fingerprint: 'f',
      created_at: new Date('2026-11-30T12:00:00Z'),
      updated_at: new Date('2026-11-30T12:00:01Z'),
      user_name: null,
      user_email: null,
      event_name: 'Show',
      event_location: 'Hall',
      event_date: new Date('2027-01-01T20:00:00Z'),
      items: [{ booking_id: randomUUID(), category_id: randomUUID(), name: 'Standing', quantity: 3, unit_price: '10.00' }],
      source: 'direct' as const,
    }
    const booking = toBooking(row)
    expect(booking).toMatchObject({ reason: 'SOLD_OUT', reason_detail: { available: 1, requested: 3 }, created_at: '2026-11-30T12:00:00.000Z', event: { name: 'Show', event_date: '2027-01-01T20:00:00.000Z' } })
    expect(booking).not.toHaveProperty('user')
    expect(booking.items).toEqual([{ category_id: row.items[0]!.category_id, name: 'Standing', quantity: 3, unit_price: '10.00' }])
    // Nothing internal leaves: no key, no fingerprint.
    expect(booking).not.toHaveProperty('idempotency_key')
    expect(booking).not.toHaveProperty('request_fingerprint')
    expect(Value.Check(Booking, booking)).toBe(true)
  })
})

describe('the queue position', () => {
  it('counts the bookings ahead from the real queue and the decided counter, and estimates a wait once decisions move', async () => {
    const prefix = `${inject('redisPrefix')}-position-${randomUUID().slice(0, 8)}`
    const redis = createRedis({ REDIS_URL: inject('redisUrl'), REDIS_CLUSTER_NODES: '' }, 'producer', 'test-position')
    const shards = createBookingShards(redis, prefix, { BOOKING_QUEUE_SHARDS: 1, BOOKING_QUEUE_PREVIOUS_SHARDS: '' })
    const monitor = createQueueMonitor(redis, shards, prefix, { intervalMs: 50 })
    onTestFinished(async () => {
      await monitor.stop()
      await shards.all[0]!.obliterate({ force: true })
      await redis.del(bookingCounterKeys(prefix).decided)
      await shards.close()
      await redis.quit()
    })
    const queue = shards.all[0]!
    for (let i = 0; i < 10; i++) {
      const data = job()
      await queue.add(JOBS.book, data, { jobId: data.booking_id })
    }
    await redis.set(bookingCounterKeys(prefix).decided, 100)
    await monitor.start()
    // Booking number 106 has 5 decided-or-waiting before it that are not yet decided (101..105).
    expect(monitor.position(106)).toEqual({ ahead: 5, eta_seconds: null })
    // Never more ahead than are waiting, never fewer than none.
    expect(monitor.position(500).ahead).toBe(10)
    expect(monitor.position(50).ahead).toBe(0)
    // Decisions move: a rate appears, and with it an estimate.
    await redis.incrby(bookingCounterKeys(prefix).decided, 2)
    await expect.poll(() => monitor.snapshot().ratePerSecond, { timeout: 5_000 }).toBeGreaterThan(0)
    expect(monitor.position(106).eta_seconds).toEqual(expect.any(Number))
  })

  it('counts waiting requests, not jobs, when jobs hold bundles (backpressure and the position bound)', async () => {
    const prefix = `${inject('redisPrefix')}-bundled-${randomUUID().slice(0, 8)}`
    const redis = createRedis({ REDIS_URL: inject('redisUrl'), REDIS_CLUSTER_NODES: '' }, 'producer', 'test-bundled')
    const shards = createBookingShards(redis, prefix, { BOOKING_QUEUE_SHARDS: 1, BOOKING_QUEUE_PREVIOUS_SHARDS: '' })
    const monitor = createQueueMonitor(redis, shards, prefix, { intervalMs: 50, requestsPerJob: () => 20 })
    onTestFinished(async () => {
      await monitor.stop()
      await shards.all[0]!.obliterate({ force: true })
      await shards.close()
      await redis.quit()
    })
    for (let i = 0; i < 3; i++) await shards.all[0]!.add(JOBS.bundle, { bookings: Array.from({ length: 20 }, () => job()) }, { jobId: `bundle-${i}` })
    await monitor.start()
    expect(monitor.snapshot().waiting).toBe(60)
    expect(monitor.position(1_000).ahead).toBe(60)
  })
})

describe('the queued counter', () => {
  it('tallies requests in memory and sends one HINCRBY per event at most every flush interval', async () => {
    const redis = createRedis({ REDIS_URL: inject('redisUrl'), REDIS_CLUSTER_NODES: '' }, 'producer', 'test-queued-counter')
    await new Promise((resolve) => redis.once('ready', resolve))
    const key = `${inject('redisPrefix')}-queued-${randomUUID()}`
    onTestFinished(async () => {
      await redis.del(key)
      await redis.quit()
    })
    const counter = createQueuedCounter(redis, key, { flushMs: 50 })
    const [a, b] = [randomUUID(), randomUUID()]
    for (let i = 0; i < 5; i++) counter.add(a)
    counter.add(b)
    // Nothing is sent per request.
    expect(await redis.hgetall(key)).toEqual({})
    await expect.poll(() => redis.hgetall(key), { timeout: 2_000 }).toEqual({ [a]: '5', [b]: '1' })
    counter.add(a)
    await counter.flush()
    expect(await redis.hget(key, a)).toBe('6')
  })
})

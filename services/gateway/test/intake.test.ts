import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest'
import type { BookingBundleJob } from '@tickets/contracts'
import { createKnex, type Knex } from '@tickets/db'
import { withDeadline } from '@tickets/http'
import { createBookingBundler, createBookingShards, createRedis, type BookingQueue } from '@tickets/queue'
import { insertEvent, insertUser } from '@tickets/testing'
import { createBookingsRepository } from '../src/bookings/bookings-repository.js'
import { createIdempotencyStore, fingerprintOf } from '../src/bookings/idempotency.js'
import { createBookingIntake } from '../src/bookings/intake.js'
import { createCategoryDirectory } from '../src/bookings/category-directory.js'
import type { QueueMonitor } from '../src/bookings/queue-monitor.js'

let knex: Knex
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 4 })
})
afterAll(() => knex.destroy())

const silent = { warn: () => undefined } as unknown as FastifyBaseLogger

/**
 * The intake on a real Redis and MySQL, with a booking queue whose next `slowAdds` adds land in
 * Redis and then answer only after the intake's 1 s deadline: an enqueue that timed out but landed.
 */
async function setup({ busyHoldMs = 0 } = {}) {
  const prefix = `${inject('redisPrefix')}-intake-${randomUUID().slice(0, 8)}`
  const redis = createRedis({ REDIS_URL: inject('redisUrl'), REDIS_CLUSTER_NODES: '' }, 'producer', 'test-intake')
  await new Promise((resolve) => redis.once('ready', resolve))
  const shards = createBookingShards(redis, prefix, { BOOKING_QUEUE_SHARDS: 1, BOOKING_QUEUE_PREVIOUS_SHARDS: '' })
  const queue = shards.all[0]!
  let slowAdds = 0
  const slowQueue = {
    add: async (...args: Parameters<BookingQueue['add']>) => {
      const job = await queue.add(...args)
      if (slowAdds > 0) {
        slowAdds--
        await new Promise((resolve) => setTimeout(resolve, 1_500))
      }
      return job
    },
  } as unknown as BookingQueue
  const idempotency = createIdempotencyStore(redis, prefix)
  const intake = createBookingIntake({
    shards: { findJob: (id) => shards.findJob(id) },
    bundler: createBookingBundler({ shards: { forEvent: () => slowQueue }, nextSequence: async () => 1, within: (work) => withDeadline(work, 1_000), busyHoldMs }),
    idempotency,
    isSoldOut: async () => null,
    categories: createCategoryDirectory(knex),
    monitor: { snapshot: () => ({ waiting: 0, decided: 0, ratePerSecond: 0 }) } as unknown as QueueMonitor,
    maxQueued: 1_000,
    bookings: createBookingsRepository(knex),
    log: silent,
  })
  onTestFinished(async () => {
    await queue.obliterate({ force: true })
    await shards.close()
    await redis.quit()
  })
  const user = await insertUser(knex)
  const event = await insertEvent(knex)
  return { intake, idempotency, queue, user, body: { event_id: event.id, quantity: 1 }, slowNextAdd: () => void (slowAdds = 1) }
}

describe('the booking intake under an Idempotency-Key', () => {
  it('keeps the claim when an enqueue times out but lands: the retry gets the same booking, never a second', async () => {
    const { intake, queue, user, body, slowNextAdd } = await setup()
    slowNextAdd()
    await expect(intake.submit(user.id, body, 'order-1')).rejects.toMatchObject({ statusCode: 503, code: 'QUEUE_UNAVAILABLE' })
    const [landed] = await queue.getWaiting()
    expect(landed).toBeDefined()
    // In a bundle (keyed requests wait for their claims in bundles of their own).
    const [booking] = (landed!.data as BookingBundleJob).bookings

    const retry = await intake.submit(user.id, body, 'order-1')
    expect(retry).toMatchObject({ id: booking!.booking_id, status: 'queued', replayed: true })
    expect(await queue.getWaitingCount()).toBe(1)
  })

  it('adds the job again, under the same booking id, when a claim names a booking that never reached the queue', async () => {
    const { intake, idempotency, queue, user, body } = await setup()
    // A gateway that died between claiming the key and adding the job.
    const orphan = randomUUID()
    await idempotency.claim(user.id, 'order-2', { booking_id: orphan, fingerprint: fingerprintOf(body) })
    expect(await queue.getJob(orphan)).toBeUndefined()

    expect(await intake.submit(user.id, body, 'order-2')).toMatchObject({ id: orphan, status: 'queued', replayed: true })
    expect((await queue.getJob(orphan))?.data).toMatchObject({ booking_id: orphan, user_id: user.id, idempotency_key: 'order-2' })
    // Once more: the job is there now, nothing is added twice.
    await intake.submit(user.id, body, 'order-2')
    expect(await queue.getWaitingCount()).toBe(1)
  })

  it('answers 404 to a retry whose booking was deleted since, and queues nothing', async () => {
    const { intake, queue, user, body } = await setup()
    const id = randomUUID()
    await knex('bookings').insert({ id, user_id: user.id, event_id: body.event_id, quantity: 1, total_price: '25.50', status: 'deleted', idempotency_key: 'order-3', request_fingerprint: fingerprintOf(body) })
    await expect(intake.submit(user.id, body, 'order-3')).rejects.toMatchObject({ statusCode: 404, code: 'BOOKING_NOT_FOUND' })
    expect(await queue.getWaitingCount()).toBe(0)
  })
})

describe('the booking intake in a busy gateway', () => {
  it('holds the bundle a long-waiting request opens, so requests of later turns join it', async () => {
    const { intake, queue, user, body } = await setup({ busyHoldMs: 500 })
    const started = performance.now()
    // This request waited 1 s in the gateway before its turn came: its bundle is held 100 ms.
    const first = intake.submit(user.id, body, undefined, started - 1_000)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const second = intake.submit(user.id, body, undefined, performance.now())
    const [a, b] = (await Promise.all([first, second])) as Array<{ id: string }>
    expect(performance.now() - started).toBeGreaterThanOrEqual(95)
    expect(a!.id.slice(0, 18)).toBe(b!.id.slice(0, 18))
    const jobs = await queue.getWaiting()
    expect(jobs.map((job) => (job.data as BookingBundleJob).bookings.map((booking) => booking.booking_id))).toEqual([[a!.id, b!.id]])
  })
})

import { randomUUID } from 'node:crypto'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { JOBS, type BookingJob } from '@tickets/contracts'
import { createKnex, type Knex } from '@tickets/db'
import { createBookingQueue, createRedis } from '@tickets/queue'
import { insertEvent, insertUser, stockOf, testEnv } from '@tickets/testing'
import { loadWorkerConfig, type WorkerConfig } from '../src/config.js'
import { startWorker } from '../src/worker.js'
import { jobFor } from './jobs.js'

const silent = pino({ level: 'silent' })

let knex: Knex
beforeAll(() => {
  knex = createKnex(testEnv().MYSQL_URL, { poolMax: 4, multipleStatements: true })
})
afterAll(async () => {
  await knex.destroy()
})


/** A worker on a queue of its own, and a producer handle on that queue; both closed after the test. */
async function setup(overrides: Partial<WorkerConfig> = {}) {
  const env = testEnv(`group-${randomUUID().slice(0, 8)}`)
  const config = { ...loadWorkerConfig(env), ...overrides }
  const redis = createRedis({ REDIS_URL: env.REDIS_URL, REDIS_CLUSTER_NODES: '' }, 'worker')
  const queue = createBookingQueue(redis, env.REDIS_PREFIX)
  const add = (jobs: BookingJob[]) => queue.addBulk(jobs.map((data) => ({ name: JOBS.book, data, opts: { jobId: data.booking_id } })))
  let closed = false
  const start = async () => {
    const runtime = await startWorker(config, silent)
    onTestFinished(async () => {
      if (!closed) await runtime.close()
    })
    return { ...runtime, close: async () => ((closed = true), runtime.close()) }
  }
  onTestFinished(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined)
    await queue.close()
    await redis.quit()
  })
  return { config, queue, add, start }
}

async function decidedCount(eventId: string): Promise<number> {
  const [row] = await knex('bookings').where({ event_id: eventId }).count<{ n: number }[]>({ n: '*' })
  return Number(row?.n ?? 0)
}

const metricSum = async (registry: { getSingleMetricAsString: (name: string) => Promise<string> }, name: string, series: string) => {
  const text = await registry.getSingleMetricAsString(name)
  const line = text.split('\n').find((l) => l.startsWith(`${name}_${series}`))
  return Number(line?.split(' ').pop())
}

describe('the batching worker', () => {
  it('decides a burst of one event in batches, each job with its own result, without overselling', async () => {
    const { add, queue, start } = await setup({ BATCH_MAX: 50, BATCH_WAIT_MS: 20 })
    const event = await insertEvent(knex, { total_tickets: 150, max_tickets_per_user: 4 })
    const users = await Promise.all(Array.from({ length: 40 }, () => insertUser(knex)))
    const jobs = Array.from({ length: 300 }, (_, i) => jobFor(users[i % users.length]!.id, event.id, (i % 4) + 1))
    await add(jobs)
    const runtime = await start()

    await vi.waitFor(async () => expect(await decidedCount(event.id)).toBe(300), { timeout: 60_000, interval: 100 })
    await vi.waitFor(async () => expect(await queue.getJobCounts('completed')).toEqual({ completed: 300 }), { timeout: 20_000 })
    const job = (await queue.getJob(jobs[0]!.booking_id))!
    expect(job.returnvalue).toMatchObject({ booking_id: jobs[0]!.booking_id, status: 'pending', created: true })

    const stock = await stockOf(knex, event.id)
    expect(stock).toMatchObject({ total: 150, consistent: true })
    expect(stock.available).toBeGreaterThanOrEqual(0)
    // Fewer transactions than jobs: they were decided together.
    const batches = await metricSum(runtime.registry, 'tickets_booking_batch_size', 'count')
    expect(await metricSum(runtime.registry, 'tickets_booking_batch_size', 'sum')).toBe(300)
    expect(batches).toBeLessThan(300)
    expect(await metricSum(runtime.registry, 'tickets_booking_decision_latency_seconds', 'count')).toBe(300)
  })

  it('fails a malformed job alone and decides the good ones parked next to it', async () => {
    const { add, queue, start } = await setup({ BATCH_MAX: 100, BATCH_WAIT_MS: 50 })
    const event = await insertEvent(knex, { total_tickets: 10 })
    const user = await insertUser(knex)
    const good = [jobFor(user.id, event.id, 1), jobFor(user.id, event.id, 2)]
    const bad = { ...jobFor(user.id, event.id, 1), quantity: 0 }
    await add([good[0]!, bad, good[1]!])
    await start()

    await vi.waitFor(async () => expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: 2, failed: 1 }), { timeout: 30_000 })
    const failed = (await queue.getJob(bad.booking_id))!
    expect(failed.failedReason).toMatch(/invalid booking job/)
    // Failed for good: not retried 10,000 times.
    expect(failed.attemptsMade).toBe(1)
    expect(await knex('bookings').where({ event_id: event.id }).pluck('id')).toEqual(expect.arrayContaining(good.map((j) => j.booking_id)))
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 7, consistent: true })
  })

  it('decides each request of a bundle job on its own: a malformed one is left out, a repeated bundle changes nothing', async () => {
    const { queue, start } = await setup({ BATCH_MAX: 100, BATCH_WAIT_MS: 20 })
    const event = await insertEvent(knex, { total_tickets: 10 })
    const user = await insertUser(knex)
    const good = [jobFor(user.id, event.id, 1), jobFor(user.id, event.id, 2), jobFor(user.id, event.id, 1)]
    const bad = { ...jobFor(user.id, event.id, 1), quantity: 0 }
    const bundle = await queue.add(JOBS.bundle, { bookings: [good[0]!, bad, good[1]!, good[2]!] }, { jobId: 'bundle-one' })
    const runtime = await start()

    await vi.waitFor(async () => expect([await bundle.getState(), (await queue.getJob('bundle-one'))?.failedReason]).toEqual(['completed', undefined]), { timeout: 20_000 })
    const done = (await queue.getJob('bundle-one'))!
    expect(done.returnvalue).toEqual(good.map((job) => expect.objectContaining({ booking_id: job.booking_id, status: 'pending', created: true })))
    expect((await knex('bookings').where({ event_id: event.id }).pluck('id')).sort()).toEqual(good.map((job) => job.booking_id).sort())
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 6, consistent: true })

    // Delivered again (at-least-once): every request finds its row, nothing is taken twice.
    await queue.add(JOBS.bundle, { bookings: good }, { jobId: 'bundle-again' })
    await vi.waitFor(async () => expect(await (await queue.getJob('bundle-again'))?.getState()).toBe('completed'), { timeout: 30_000 })
    expect((await queue.getJob('bundle-again'))!.returnvalue).toEqual(good.map(() => expect.objectContaining({ created: false })))
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 6, consistent: true })
    await runtime.close()
  })

  it('commits every parked batch when closed, instead of waiting for it to fill', async () => {
    // A wait no test would sit out: if close() did not flush, the test would time out.
    const { add, queue, start } = await setup({ BATCH_MAX: 1000, BATCH_WAIT_MS: 600_000 })
    const [first, second] = [await insertEvent(knex, { total_tickets: 100 }), await insertEvent(knex, { total_tickets: 100 })]
    const user = await insertUser(knex)
    const jobs = Array.from({ length: 40 }, (_, i) => jobFor(user.id, i % 2 ? first.id : second.id, 1))
    const runtime = await start()
    await add(jobs)
    await vi.waitFor(() => expect(runtime.parked()).toBe(40), { timeout: 20_000 })
    expect(await decidedCount(first.id)).toBe(0)

    await runtime.close()
    expect((await decidedCount(first.id)) + (await decidedCount(second.id))).toBe(40)
    expect(await queue.getJobCounts('completed', 'active', 'wait')).toEqual({ completed: 40, active: 0, wait: 0 })
  })

  it('queues nothing per hold: the only delayed jobs are the sweep and audit schedulers', async () => {
    const { add, start } = await setup({ BATCH_MAX: 100, BATCH_WAIT_MS: 20 })
    const event = await insertEvent(knex, { total_tickets: 10, ticket_price: '5.00' })
    const user = await insertUser(knex)
    const jobs = Array.from({ length: 5 }, () => jobFor(user.id, event.id, 1))
    await add(jobs)
    const runtime = await start()
    await vi.waitFor(async () => expect(await decidedCount(event.id)).toBe(5), { timeout: 30_000 })
    expect(await knex('bookings').where({ event_id: event.id, status: 'pending' }).count({ n: '*' })).toEqual([{ n: 5 }])
    const delayed = await runtime.expiryQueue.getDelayed()
    expect(delayed.every((job) => job.id?.startsWith('repeat:'))).toBe(true)
  })
})

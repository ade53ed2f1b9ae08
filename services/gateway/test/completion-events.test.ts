import { randomUUID } from 'node:crypto'
import { Worker } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import { describe, expect, inject, it, onTestFinished } from 'vitest'
import { createBookingQueue, createRedis, type BookingQueue } from '@tickets/queue'
import { createCompletionEvents } from '../src/plugins/completion-events.js'

const target = () => ({ REDIS_URL: inject('redisUrl'), REDIS_CLUSTER_NODES: '' })

/** A booking queue of the test's own, a worker that answers each job after `delayMs`, and the completion events under test. */
async function setup(idleMs = 200) {
  const prefix = `${inject('redisPrefix')}-completions-${randomUUID().slice(0, 8)}`
  const redis = createRedis(target(), 'producer', 'test-completions')
  await new Promise((resolve) => redis.once('ready', resolve))
  const queue: BookingQueue = createBookingQueue(redis, prefix)
  const completions = createCompletionEvents({ queue, target: target(), redis, log: { warn: () => undefined } as unknown as FastifyBaseLogger, idleMs })
  const workerConnection = createRedis(target(), 'worker', 'test-completions-worker')
  let worker: Worker | undefined
  const startWorker = (delayMs = 0) => {
    worker = new Worker(queue.name, async (job) => (await new Promise((r) => setTimeout(r, delayMs)), { booking_id: job.id }), { connection: workerConnection, prefix: queue.opts.prefix })
    return worker.waitUntilReady()
  }
  const add = () => queue.add('book', { booking_id: randomUUID() } as never, { jobId: randomUUID() })
  onTestFinished(async () => {
    await worker?.close()
    await completions.close()
    await queue.obliterate({ force: true })
    await queue.close()
    await Promise.all([redis.quit(), workerConnection.quit()])
  })
  return { completions, startWorker, add }
}

describe('completion events', () => {
  it('reads nothing until a wait leases them, and stops once the last lease is released and idle', async () => {
    const { completions } = await setup(200)
    expect(completions.reading).toBe(false)
    const first = await completions.lease()
    const second = await completions.lease()
    expect(second.events).toBe(first.events)
    expect(completions.reading).toBe(true)
    first.release()
    second.release()
    second.release()
    expect(completions.reading).toBe(true)
    await new Promise((r) => setTimeout(r, 600))
    expect(completions.reading).toBe(false)
  })

  it('delivers a completion that happens right after the lease, before the stream read has started', async () => {
    const { completions, startWorker, add } = await setup()
    const job = await add()
    const lease = await completions.lease()
    // The worker starts only now: the job completes while the QueueEvents may still be connecting.
    await startWorker(0)
    const result = await job.waitUntilFinished(lease.events, 10_000)
    lease.release()
    expect(result).toEqual({ booking_id: job.id })
  })

  it('delivers a completion that happened before the lease (found by the check), and one long after it', async () => {
    const { completions, startWorker, add } = await setup()
    await startWorker(0)
    const early = await add()
    await new Promise((r) => setTimeout(r, 300))
    expect(await early.getState()).toBe('completed')
    const lease = await completions.lease()
    expect(await early.waitUntilFinished(lease.events, 5_000)).toEqual({ booking_id: early.id })
    lease.release()

    const late = await add()
    const again = await completions.lease()
    expect(await late.waitUntilFinished(again.events, 10_000)).toEqual({ booking_id: late.id })
    again.release()
  })
})

import { Redis } from 'ioredis'
import { describe, expect, it, onTestFinished } from 'vitest'
import { bookingWorkersKey, shardOf } from '@tickets/queue'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { eventBody } from './support/fixtures.js'
import { startPlatform } from './support/platform.js'
import { freePort, startProcess, waitForReady, type RunningProcess } from './support/stack.js'

/** The shards a worker process last said it reads ('booking shards assigned' log lines). */
function assignedShards(worker: RunningProcess): string[] | undefined {
  const lines = worker
    .output()
    .split('\n')
    .filter((line) => line.includes('booking shards assigned'))
  return lines.length === 0 ? undefined : (JSON.parse(lines.at(-1)!).shards as string[])
}

/** Decisions a worker process counted (its /metrics). */
async function decisionsOf(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  return [...text.matchAll(/^tickets_booking_decisions_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0)
}

/**
 * Worker processes divide the booking queue shards among themselves (shard-assignment.ts), so an
 * event's bookings reach one worker and its batches stay whole; a worker that crashes has its
 * shards, and the bookings waiting in them, taken over by the others.
 */
describe('worker processes and booking queue shards', { timeout: 180_000 }, () => {
  it('reads each shard from one worker, and hands a SIGKILLed worker’s shard, with its waiting bookings, to the other', async () => {
    const platform = await startPlatform({ BOOKING_QUEUE_SHARDS: '2' })
    const api = createApi(platform.gateway)
    const admin = await api.login(platform.admin.email, platform.admin.password)
    const redis = new Redis(platform.env.REDIS_URL!)
    onTestFinished(() => void redis.quit())

    // An event on each shard.
    const events: string[] = []
    while (new Set(events.map((id) => shardOf(id, 2))).size < 2) {
      const res = await api.call('POST', '/api/events', { token: admin, body: eventBody({ total_tickets: 100 }) })
      if (!events.some((id) => shardOf(id, 2) === shardOf(res.body.data.id, 2))) events.push(res.body.data.id)
    }
    const user = await api.register()

    const startWorker = async (name: string) => {
      const port = await freePort()
      const worker = startProcess(name, 'services/worker/src/main.ts', { ...platform.env, LOG_LEVEL: 'info', NODE_ENV: 'development', METRICS_PORT: String(port), WORKER_SHARD_LEASE_MS: '1000' })
      onTestFinished(() => {
        if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL')
      })
      await waitForReady(`http://127.0.0.1:${port}`, worker, 60_000)
      return { worker, port }
    }
    const a = await startWorker('worker-a')
    expect(assignedShards(a.worker)).toEqual(['bookings-1-of-2', 'bookings-2-of-2'])
    const b = await startWorker('worker-b')
    // Once a has heard b's heartbeat: one shard each.
    await expect.poll(() => [assignedShards(a.worker)?.length, assignedShards(b.worker)?.length], { timeout: 10_000, interval: 100 }).toEqual([1, 1])
    expect(new Set([...assignedShards(a.worker)!, ...assignedShards(b.worker)!]).size).toBe(2)
    expect(await redis.zcard(bookingWorkersKey(platform.env.REDIS_PREFIX!))).toBe(2)

    // Each event's bookings are decided by the worker holding its shard, and by no other.
    for (const event_id of events) {
      for (let i = 0; i < 3; i++) {
        const res = await api.call('POST', '/api/bookings', { token: user.token, body: { event_id, quantity: 1 }, headers: { prefer: 'wait=20' } })
        expect(res.status, res.raw).toBe(201)
      }
    }
    const owner = (eventId: string) => (assignedShards(a.worker)![0] === `bookings-${shardOf(eventId, 2) + 1}-of-2` ? a : b)
    expect(await decisionsOf(owner(events[0]!).port)).toBe(3)
    expect(await decisionsOf(owner(events[1]!).port)).toBe(3)

    // The owner of the first event's shard dies; bookings for it keep coming (nobody reads that shard for now).
    const doomed = owner(events[0]!)
    const survivor = doomed === a ? b : a
    doomed.worker.child.kill('SIGKILL')
    await new Promise((resolve) => doomed.worker.child.once('exit', resolve))
    const waiting = []
    for (let i = 0; i < 4; i++) {
      const res = await api.call('POST', '/api/bookings', { token: user.token, body: { event_id: events[0], quantity: 1 } })
      expect(res.status).toBe(202)
      waiting.push(res.body.data.id as string)
    }
    // After the lease (1 s) the survivor reads both shards and decides them all, once each.
    for (const id of waiting) expect(await pollUntilDecided(api, user.token, id, 30_000)).toMatchObject({ status: 'pending' })
    expect(assignedShards(survivor.worker)).toEqual(['bookings-1-of-2', 'bookings-2-of-2'])
    expect(await platform.users.knex('bookings').where({ event_id: events[0] }).count({ n: '*' })).toEqual([{ n: 7 }])
    expect(await decisionsOf(survivor.port)).toBe(3 + 4)
  })
})

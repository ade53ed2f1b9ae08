import { pino } from 'pino'
import { describe, expect, it, onTestFinished } from 'vitest'
import { loadWorkerConfig } from '@tickets/worker/config'
import { startWorker } from '@tickets/worker/worker'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'

const future = () => new Date(Date.now() + 86_400_000).toISOString()

/** A gateway with no worker running: accepted bookings stay queued until the test starts one. */
async function setup(env: Record<string, string> = {}) {
  const platform = await startPlatform(env)
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  const event = await api.call('POST', '/api/events', {
    token: adminToken,
    body: { name: 'Queue show', location: 'Hall', event_date: future(), ticket_price: 10, total_tickets: 1000 },
  })
  const { token } = await api.register()
  const book = () => api.call('POST', '/api/bookings', { token, body: { event_id: event.body.data.id, quantity: 1 } })
  const startDraining = async (overrides: Record<string, string> = {}) => {
    const worker = await startWorker(loadWorkerConfig({ ...platform.env, ...overrides }), pino({ level: 'silent' }))
    onTestFinished(() => worker.close())
    return worker
  }
  return { ...platform, api, token, book, startDraining }
}

// The gateway samples the queue every 500 ms; give it a sample or two.
const nextSample = () => new Promise((resolve) => setTimeout(resolve, 1_200))

describe('backpressure', () => {
  it('answers 503 QUEUE_FULL with Retry-After beyond MAX_QUEUED_BOOKINGS, and serves normally below it', async () => {
    const t = await setup({ MAX_QUEUED_BOOKINGS: '5' })
    for (let i = 0; i < 5; i++) expect((await t.book()).status).toBe(202)
    await nextSample()
    const refused = await t.book()
    expect(refused.status).toBe(503)
    expect(refused.body).toMatchObject({ success: false, code: 'QUEUE_FULL' })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)

    await t.startDraining()
    await expect.poll(async () => (await t.gateway.bookingShards.all[0]!.getWaitingCount()), { timeout: 15_000 }).toBe(0)
    await nextSample()
    expect((await t.book()).status).toBe(202)
  })
})

describe('queue position', () => {
  it('tells a queued booking how many are ahead, fewer as the queue drains, and nothing once decided', async () => {
    const t = await setup()
    const accepted = []
    for (let i = 0; i < 30; i++) accepted.push((await t.book()).body.data.id as string)
    const last = accepted.at(-1)!
    await nextSample()
    const first = await t.api.call('GET', `/api/bookings/${last}`, { token: t.token })
    expect(first.body.data).toMatchObject({ status: 'queued', queue: { ahead: 29 } })
    expect(Number(first.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(Number(first.headers['retry-after'])).toBeLessThanOrEqual(10)

    // A slow drain: batches of three jobs, each waiting 300 ms for company that never comes.
    // One user's 30 holds: past the default cap on unpaid holds, which is not what this is about.
    await t.startDraining({ WORKER_CONCURRENCY: '3', BATCH_WAIT_MS: '300', MAX_HELD_TICKETS_PER_USER: '0' })
    const seen: number[] = []
    let booking = first.body.data
    while (booking.status === 'queued') {
      seen.push(booking.queue.ahead)
      await new Promise((resolve) => setTimeout(resolve, 150))
      booking = (await t.api.call('GET', `/api/bookings/${last}`, { token: t.token })).body.data
    }
    expect(booking.queue).toBeUndefined()
    expect(booking.status).toBe('pending')
    // Never up, and really down while it drained.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1]!)
    expect(new Set(seen).size).toBeGreaterThan(2)
    expect(Math.min(...seen)).toBeLessThan(10)
    await pollUntilDecided(t.api, t.token, accepted[0]!)
  })
})

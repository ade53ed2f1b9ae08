import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, inject, it, onTestFinished } from 'vitest'
import { bundleJobId, JOBS, type BookingBundleJob, type BookingJob } from '@tickets/contracts'
import { createBookingBundler, createBookingShards, type BookingQueue } from '../src/index.js'

const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null })
afterAll(async () => {
  await redis.quit()
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function setup(shardCount = 1, maxSize?: number) {
  const prefix = `${inject('redisPrefix')}-bundles-${randomUUID()}`
  const shards = createBookingShards(redis, prefix, { BOOKING_QUEUE_SHARDS: shardCount, BOOKING_QUEUE_PREVIOUS_SHARDS: '' })
  let last = 0
  const sizes: number[] = []
  const bundler = createBookingBundler({ shards, nextSequence: async (count) => (last += count), onAdded: (size) => void sizes.push(size), ...(maxSize ? { maxSize } : {}) })
  onTestFinished(async () => {
    await Promise.all(shards.all.map((queue) => queue.obliterate({ force: true })))
    await shards.close()
  })
  const request = (id: string, eventId = EVENT): BookingJob => ({
    booking_id: id,
    user_id: randomUUID(),
    event_id: eventId,
    quantity: 1,
    requested_at: new Date().toISOString(),
    idempotency_key: null,
    request_fingerprint: null,
  })
  return { shards, bundler, request, sizes }
}

const EVENT = randomUUID()
const jobsOf = (queue: BookingQueue) => queue.getWaiting()

describe('the booking bundler (a real Redis)', () => {
  it('adds the requests of one turn as one job, each with its own UUID that names the job, numbered in order', async () => {
    const { shards, bundler, request, sizes } = setup()
    const ids = Array.from({ length: 5 }, () => bundler.newBookingId(EVENT))
    await Promise.all(ids.map((id) => bundler.add(request(id))))

    expect(new Set(ids).size).toBe(5)
    for (const id of ids) expect(id).toMatch(UUID)
    const [job, ...others] = await jobsOf(shards.all[0]!)
    expect(others).toEqual([])
    expect(job!.name).toBe(JOBS.bundle)
    expect(job!.id).toBe(bundleJobId(ids[0]!))
    const bundled = (job!.data as BookingBundleJob).bookings
    expect(bundled.map((booking) => booking.booking_id)).toEqual(ids)
    expect(bundled.map((booking) => booking.sequence)).toEqual([1, 2, 3, 4, 5])
    expect(sizes).toEqual([5])
    expect(bundler.requestsPerJob()).toBeCloseTo(0.9 + 0.1 * 5)

    // Each is found from its id alone, with the request as the bundle holds it.
    for (const id of ids) expect((await shards.findJob(id))?.request).toMatchObject({ booking_id: id })
    expect(await shards.findJob(randomUUID())).toBeUndefined()
  })

  it('starts a new bundle each turn, and one per shard', async () => {
    const { shards, bundler, request } = setup(2)
    const a = randomUUID()
    const onShard = (eventId: string) => shards.all.indexOf(shards.forEvent(eventId))
    let other = randomUUID()
    while (onShard(other) === onShard(a)) other = randomUUID()

    const first = [bundler.newBookingId(a), bundler.newBookingId(other)]
    await Promise.all([bundler.add(request(first[0]!, a)), bundler.add(request(first[1]!, other))])
    const second = bundler.newBookingId(a)
    await bundler.add(request(second, a))

    expect(bundleJobId(second)).not.toBe(bundleJobId(first[0]!))
    expect((await shards.findJob(first[0]!))!.queue).toBe(shards.forEvent(a))
    expect((await shards.findJob(first[1]!))!.queue).toBe(shards.forEvent(other))
    expect((await shards.findJob(second))!.job.id).toBe(bundleJobId(second))
  })

  it('adds a full bundle at once and opens the next', async () => {
    const { shards, bundler, request } = setup(1, 3)
    const ids: string[] = []
    const added: Promise<void>[] = []
    for (let i = 0; i < 7; i++) {
      const id = bundler.newBookingId(EVENT)
      ids.push(id)
      added.push(bundler.add(request(id)))
    }
    await Promise.all(added)
    const sizes = (await jobsOf(shards.all[0]!)).map((job) => (job.data as BookingBundleJob).bookings.length).sort()
    expect(sizes).toEqual([1, 3, 3])
    for (const id of ids) expect((await shards.findJob(id))?.request).toMatchObject({ booking_id: id })
  })

  it('sends a request whose bundle has gone alone, under its own id, and once however often it is added', async () => {
    const { shards, bundler, request } = setup()
    const late = bundler.newBookingId(EVENT)
    // The bundle its id was drawn from is added at the end of this turn, before the request comes.
    await new Promise((resolve) => setTimeout(resolve, 20))
    await bundler.add(request(late))
    await bundler.add(request(late))
    const jobs = await jobsOf(shards.all[0]!)
    expect(jobs.map((job) => [job.id, job.name])).toEqual([[late, JOBS.book]])
    expect((await shards.findJob(late))?.request).toMatchObject({ booking_id: late })
  })

  it('waits for the ids drawn to join later (idempotency claims), in a bundle of their own', async () => {
    const { shards, bundler, request } = setup()
    const keyed = [bundler.newBookingId(EVENT, { awaited: true }), bundler.newBookingId(EVENT, { awaited: true })]
    const plain = bundler.newBookingId(EVENT)
    await bundler.add(request(plain))
    // The claims take a while; the plain request's bundle did not wait for them.
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect((await shards.findJob(plain))?.request).toMatchObject({ booking_id: plain })
    expect(bundleJobId(keyed[0]!)).toBe(bundleJobId(keyed[1]!))
    expect(bundleJobId(keyed[0]!)).not.toBe(bundleJobId(plain))
    expect(await shards.findJob(keyed[0]!)).toBeUndefined()

    await Promise.all(keyed.map((id) => bundler.add(request(id))))
    const job = (await shards.findJob(keyed[0]!))!.job
    expect(job.id).toBe(bundleJobId(keyed[0]!))
    expect((job.data as BookingBundleJob).bookings.map((booking) => booking.booking_id)).toEqual(keyed)
  })

  it('adds an awaited bundle once the ids it waits for are released, or after maxHoldMs at most', async () => {
    const { shards, bundler, request } = setup()
    const [joins, replayed] = [bundler.newBookingId(EVENT, { awaited: true }), bundler.newBookingId(EVENT, { awaited: true })]
    const added = bundler.add(request(joins))
    // Its key named an earlier booking: nothing of it is added, and the bundle stops waiting.
    bundler.release(replayed)
    await added
    expect((await shards.findJob(joins))?.job.id).toBe(bundleJobId(joins))

    const { shards: others, request: requestOf } = setup(1)
    const slow = createBookingBundler({ shards: others, maxHoldMs: 30 })
    const [prompt, forgotten] = [slow.newBookingId(EVENT, { awaited: true }), slow.newBookingId(EVENT, { awaited: true })]
    const started = Date.now()
    await slow.add(requestOf(prompt))
    // Never joined nor released (a bug): the bundle waited for it, then went anyway.
    expect(Date.now() - started).toBeGreaterThanOrEqual(25)
    expect(Date.now() - started).toBeLessThan(1_000)
    expect((await others.findJob(prompt))?.job.id).toBe(bundleJobId(prompt))
    // Coming after all: it travels alone.
    await slow.add(requestOf(forgotten))
    expect((await others.findJob(forgotten))?.job.id).toBe(forgotten)
  })

  describe('a busy gateway holds its bundles open', () => {
    const busy = (busyHoldMs: number, maxSize?: number) => {
      const { shards, request } = setup()
      return { shards, request, bundler: createBookingBundler({ shards, busyHoldMs, ...(maxSize ? { maxSize } : {}) }) }
    }
    const turn = () => new Promise((resolve) => setImmediate(resolve))

    it('for a tenth of what its first request waited: requests of later turns join it', async () => {
      const { shards, bundler, request } = busy(500)
      // Waited 1 s in the gateway: its bundle is held for 100 ms.
      const started = performance.now()
      const first = bundler.newBookingId(EVENT, { receivedAt: started - 1_000 })
      const added = [bundler.add(request(first))]
      await turn()
      await turn()
      const later = bundler.newBookingId(EVENT, { receivedAt: performance.now() })
      added.push(bundler.add(request(later)))
      await Promise.all(added)
      expect(performance.now() - started).toBeGreaterThanOrEqual(95)
      const jobs = await jobsOf(shards.all[0]!)
      expect(jobs.map((job) => (job.data as BookingBundleJob).bookings.map((booking) => booking.booking_id))).toEqual([[first, later]])
    })

    it('at most busyHoldMs, and not at all for a request that waited under 100 ms', async () => {
      const { shards, bundler, request } = busy(30)
      let started = performance.now()
      // Waited 100 s: held 30 ms, not 10 s.
      await bundler.add(request(bundler.newBookingId(EVENT, { receivedAt: started - 100_000 })))
      expect(performance.now() - started).toBeGreaterThanOrEqual(25)
      expect(performance.now() - started).toBeLessThan(2_000)

      // Waited 80 ms: a hold of 8 ms is none; the bundle closes with its turn.
      started = performance.now()
      const prompt = bundler.newBookingId(EVENT, { receivedAt: started - 80 })
      const added = bundler.add(request(prompt))
      await turn()
      const next = bundler.newBookingId(EVENT, { receivedAt: performance.now() - 80 })
      await Promise.all([added, bundler.add(request(next))])
      expect(bundleJobId(next)).not.toBe(bundleJobId(prompt))
      expect((await jobsOf(shards.all[0]!)).length).toBe(3)
    })

    it('adds a bundle that fills up at once, hold or not', async () => {
      const { shards, bundler, request } = busy(1_000, 2)
      const started = performance.now()
      const ids = [bundler.newBookingId(EVENT, { receivedAt: started - 60_000 }), bundler.newBookingId(EVENT)]
      await Promise.all(ids.map((id) => bundler.add(request(id))))
      expect(performance.now() - started).toBeLessThan(500)
      expect((await shards.findJob(ids[1]!))?.job.id).toBe(bundleJobId(ids[0]!))
    })
  })

  it('bounds the add alone: a slow sequence counter does not use up the add\'s time', async () => {
    const { shards, request } = setup()
    const deadline = <T>(work: Promise<T>) =>
      Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('add took too long')), 200))])
    // The counter's master is away: numbering gives up after its own bound (here 300 ms, past the add's 200).
    const bundler = createBookingBundler({ shards, within: deadline, nextSequence: () => new Promise((_, reject) => setTimeout(() => reject(new Error('no counter')), 300)) })
    const id = bundler.newBookingId(EVENT)
    await bundler.add(request(id))
    expect((await shards.findJob(id))?.request).toMatchObject({ booking_id: id })
    expect((await shards.findJob(id))?.request).not.toHaveProperty('sequence')
  })

  it('fails every request of a bundle whose add fails', async () => {
    const failing = { add: async () => Promise.reject(new Error('Redis is away')) } as unknown as BookingQueue
    const bundler = createBookingBundler({ shards: { forEvent: () => failing } })
    const ids = [bundler.newBookingId(EVENT), bundler.newBookingId(EVENT)]
    const { request } = setup()
    const outcomes = await Promise.allSettled(ids.map((id) => bundler.add(request(id))))
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected'])
  })
})

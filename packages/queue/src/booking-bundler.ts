import { randomUUID } from 'node:crypto'
import { bundleJobId, JOBS, MAX_BUNDLE_SIZE, type BookingJob } from '@tickets/contracts'
import type { BookingQueue } from './booking-queue.js'
import type { BookingShards } from './booking-shards.js'

export interface BookingBundlerOptions {
  shards: Pick<BookingShards, 'forEvent'>
  /** Numbers `count` accepted bookings; resolves with the last number (INCRBY). Rejects or times out: no numbers. */
  nextSequence?: (count: number) => Promise<number>
  /**
   * Bounds each add to the queue (QUEUE_ADD_TIMEOUT_MS): rejects when it takes longer. Only the add:
   * numbering has its own bound, and a slow counter (its cluster master down) must not use up the
   * add's time and refuse bookings whose own shard is up.
   */
  within?: <T>(work: Promise<T>) => Promise<T>
  /** At most this many requests in one bundle (a full bundle is added at once). */
  maxSize?: number
  /** How long after its turn a bundle waits for the ids drawn to join later (see newBookingId). */
  maxHoldMs?: number
  /** Told the size of each job added (1 for a request alone): for the metrics. */
  onAdded?: (requests: number) => void
}

interface OpenBundle {
  queue: BookingQueue
  lane: Lane
  /** The shared start of its bookings' ids (18 characters of a random UUID). */
  prefix: string
  jobs: BookingJob[]
  /** Ids drawn to join later (requests reading their idempotency key first): the add waits for them. */
  awaited: Set<string>
  turnEnded: boolean
  timer?: NodeJS.Timeout
  added: Promise<void>
  settle: { resolve: () => void; reject: (error: unknown) => void }
}

/** Requests that draw their id and join at once, and those that read something first (see newBookingId). */
type Lane = 'now' | 'awaited'

/**
 * Turns the booking requests a gateway accepts into as few jobs as it can without making anyone
 * wait: the requests accepted for one queue shard in one turn of the event loop travel as one
 * bundle job, added when the turn ends (setImmediate). Every request awaits its bundle's add, so
 * a 202 still means "safe in Redis", and an add that fails fails each of its requests.
 *
 * Why: every BullMQ job costs an add at intake, a take and a completion in the worker (about
 * 110 us of Redis and 80 us of the worker's JavaScript whatever it holds). Under load dozens of
 * requests arrive per turn, and each paid that on its own; one at a time, a bundle is a bundle
 * of one and costs what a job did.
 *
 * A booking id is drawn from its shard's open bundle (`newBookingId`), so it names its bundle's job
 * (bundleJobId). A request with an idempotency key claims its key (Redis, and MySQL for a key older
 * than the claim) between drawing its id and joining: it draws from a bundle of its own kind, which
 * is added once every id drawn from it has joined or been released, and at most `maxHoldMs` after
 * its turn ended. A request that still comes after its bundle was added travels alone, as a `book`
 * job under its own id.
 */
export function createBookingBundler({ shards, nextSequence, within = (work) => work, maxSize = MAX_BUNDLE_SIZE, maxHoldMs = 50, onAdded }: BookingBundlerOptions) {
  const lanes: Record<Lane, Map<BookingQueue, OpenBundle>> = { now: new Map(), awaited: new Map() }
  /** Open bundles by prefix: where a request's id says it belongs. */
  const byPrefix = new Map<string, OpenBundle>()
  // Requests per job this gateway added lately (smoothed): waiting jobs times this is about how
  // many bookings wait, for backpressure (BullMQ counts jobs, not what they hold).
  let meanSize = 1
  const counted = (size: number) => {
    meanSize = 0.9 * meanSize + 0.1 * size
    onAdded?.(size)
  }

  const numbered = async (jobs: BookingJob[]) => {
    const last = await nextSequence?.(jobs.length).catch(() => undefined)
    if (last !== undefined) jobs.forEach((job, i) => (job.sequence = last - jobs.length + 1 + i))
  }

  /** Open until flushed: requests can still join it. */
  const isOpen = (bundle: OpenBundle) => byPrefix.get(bundle.prefix) === bundle

  /** Stops new ids being drawn from it (it stays open for the ids drawn already). */
  const endTurn = (bundle: OpenBundle) => {
    if (lanes[bundle.lane].get(bundle.queue) === bundle) lanes[bundle.lane].delete(bundle.queue)
  }

  /** Closes a bundle and adds its job (once: a full bundle is flushed before its turn ends). */
  const flush = (bundle: OpenBundle) => {
    if (!isOpen(bundle)) return
    clearTimeout(bundle.timer)
    byPrefix.delete(bundle.prefix)
    endTurn(bundle)
    if (bundle.jobs.length === 0) return bundle.settle.resolve()
    counted(bundle.jobs.length)
    const add = async () => {
      await numbered(bundle.jobs)
      await within(bundle.queue.add(JOBS.bundle, { bookings: bundle.jobs }, { jobId: bundleJobId(bundle.prefix) }))
    }
    add().then(bundle.settle.resolve, bundle.settle.reject)
  }

  /** Added when its turn has ended and no drawn id is still to come. */
  const flushIfReady = (bundle: OpenBundle) => {
    if (bundle.turnEnded && bundle.awaited.size === 0) flush(bundle)
  }

  const opened = (queue: BookingQueue, lane: Lane): OpenBundle => {
    const current = lanes[lane].get(queue)
    if (current) return current
    let settle!: OpenBundle['settle']
    const added = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
    // Awaited by each request; a bundle nobody joined must not report an unhandled rejection.
    added.catch(() => undefined)
    const bundle: OpenBundle = { queue, lane, prefix: randomUUID().slice(0, 18), jobs: [], awaited: new Set(), turnEnded: false, added, settle }
    lanes[lane].set(queue, bundle)
    byPrefix.set(bundle.prefix, bundle)
    setImmediate(() => {
      // New requests start the next bundle; this one is added now, or once its awaited ids came.
      endTurn(bundle)
      bundle.turnEnded = true
      flushIfReady(bundle)
      if (isOpen(bundle)) bundle.timer = setTimeout(() => flush(bundle), maxHoldMs)
    })
    return bundle
  }

  return {
    /** About how many requests a booking job holds (this gateway's recent jobs, smoothed). */
    requestsPerJob: () => meanSize,

    /**
     * A new booking's id, in its event's shard's open bundle (opened now if none is). `awaited`:
     * the request reads something before it is added (its idempotency claim), and its bundle waits
     * for it; it must then be added or `release`d.
     */
    newBookingId(eventId: string, { awaited = false } = {}): string {
      const bundle = opened(shards.forEvent(eventId), awaited ? 'awaited' : 'now')
      const id = `${bundle.prefix}${randomUUID().slice(18)}`
      if (awaited) bundle.awaited.add(id)
      return id
    },

    /** An awaited id that will not be added (its key named an earlier booking): its bundle no longer waits for it. */
    release(bookingId: string): void {
      const bundle = byPrefix.get(bookingId.slice(0, 18))
      if (bundle?.awaited.delete(bookingId)) flushIfReady(bundle)
    },

    /**
     * Queues one booking request: in its bundle while that is still open, else alone (its own id
     * as job id; BullMQ keeps one job per id, so adding it again adds nothing). Resolves once its
     * job is in Redis.
     */
    add(job: BookingJob): Promise<void> {
      const queue = shards.forEvent(job.event_id)
      const bundle = byPrefix.get(job.booking_id.slice(0, 18))
      if (bundle?.queue === queue) {
        bundle.jobs.push(job)
        bundle.awaited.delete(job.booking_id)
        if (bundle.jobs.length >= maxSize) flush(bundle)
        else flushIfReady(bundle)
        return bundle.added
      }
      counted(1)
      return (async () => {
        await numbered([job])
        await within(queue.add(JOBS.book, job, { jobId: job.booking_id }))
      })()
    },
  }
}

export type BookingBundler = ReturnType<typeof createBookingBundler>

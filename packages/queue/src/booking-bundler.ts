import { randomUUID } from 'node:crypto'
import { bundleJobId, JOBS, MAX_BUNDLE_SIZE, type BookingJob } from '@tickets/contracts'
import type { BookingQueue } from './booking-queue.js'
import type { BookingShards } from './booking-shards.js'

export interface BookingBundlerOptions {
  shards: Pick<BookingShards, 'forEvent'>
  /** Numbers `count` accepted bookings; resolves with the last number (INCRBY). Rejects or times out: no numbers. */
  nextSequence?: (count: number) => Promise<number>
  /** At most this many requests in one bundle (a full bundle is added at once). */
  maxSize?: number
  /** Told the size of each job added (1 for a request alone): for the metrics. */
  onAdded?: (requests: number) => void
}

interface OpenBundle {
  /** The shared start of its bookings' ids (18 characters of a random UUID). */
  prefix: string
  jobs: BookingJob[]
  added: Promise<void>
  settle: { resolve: () => void; reject: (error: unknown) => void }
}

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
 * (bundleJobId). A request whose bundle was added before the request reached `add` (one that read
 * the database between, for an idempotency key) travels alone, as a `book` job under its own id.
 */
export function createBookingBundler({ shards, nextSequence, maxSize = MAX_BUNDLE_SIZE, onAdded }: BookingBundlerOptions) {
  const open = new Map<BookingQueue, OpenBundle>()
  // Requests per job this gateway added lately (smoothed): waiting jobs times this is about how
  // many bookings wait, for backpressure (BullMQ counts jobs, not what they hold).
  let meanSize = 1
  const counted = (size: number) => {
    meanSize = 0.9 * meanSize + 0.1 * size
    onAdded?.(size)
  }

  const opened = (queue: BookingQueue): OpenBundle => {
    let bundle = open.get(queue)
    if (!bundle) {
      let settle!: OpenBundle['settle']
      const added = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
      // Awaited by each request; a bundle nobody joined must not report an unhandled rejection.
      added.catch(() => undefined)
      const fresh: OpenBundle = { prefix: randomUUID().slice(0, 18), jobs: [], added, settle }
      open.set(queue, fresh)
      // Added at the end of this turn, with whatever joined it meanwhile.
      setImmediate(() => flush(queue, fresh))
      bundle = fresh
    }
    return bundle
  }

  const numbered = async (jobs: BookingJob[]) => {
    const last = await nextSequence?.(jobs.length).catch(() => undefined)
    if (last !== undefined) jobs.forEach((job, i) => (job.sequence = last - jobs.length + 1 + i))
  }

  /** Closes a bundle and adds its job (once: a full bundle is flushed before its turn ends). */
  const flush = (queue: BookingQueue, bundle: OpenBundle) => {
    if (open.get(queue) !== bundle) return
    open.delete(queue)
    if (bundle.jobs.length === 0) return bundle.settle.resolve()
    counted(bundle.jobs.length)
    const add = async () => {
      await numbered(bundle.jobs)
      await queue.add(JOBS.bundle, { bookings: bundle.jobs }, { jobId: bundleJobId(bundle.prefix) })
    }
    add().then(bundle.settle.resolve, bundle.settle.reject)
  }

  return {
    /** About how many requests a booking job holds (this gateway's recent jobs, smoothed). */
    requestsPerJob: () => meanSize,

    /** A new booking's id, in its event's shard's open bundle (opened now if none is). */
    newBookingId(eventId: string): string {
      return `${opened(shards.forEvent(eventId)).prefix}${randomUUID().slice(18)}`
    },

    /**
     * Queues one booking request: in its bundle while that is still open, else alone (its own id
     * as job id; BullMQ keeps one job per id, so adding it again adds nothing). Resolves once its
     * job is in Redis.
     */
    add(job: BookingJob): Promise<void> {
      const queue = shards.forEvent(job.event_id)
      const bundle = open.get(queue)
      if (bundle && job.booking_id.startsWith(bundle.prefix)) {
        bundle.jobs.push(job)
        if (bundle.jobs.length >= maxSize) flush(queue, bundle)
        return bundle.added
      }
      counted(1)
      return (async () => {
        await numbered([job])
        await queue.add(JOBS.book, job, { jobId: job.booking_id })
      })()
    },
  }
}

export type BookingBundler = ReturnType<typeof createBookingBundler>

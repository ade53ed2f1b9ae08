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
  /**
   * A busy gateway's bundles stay open past their turn: for a tenth of what their first request
   * had already waited in the gateway, and at most this long (0: every bundle closes with its
   * turn). See createBookingBundler.
   */
  busyHoldMs?: number
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

/** A busy gateway's bundle is held for this share of what its first request had already waited (see holdFor). */
const HOLD_SHARE = 0.1
/** Holds shorter than this are none (see holdFor): only a request that waited 10x this is ever held. */
const MIN_HOLD_MS = 10

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
 *
 * A busy gateway holds its bundles open longer than a turn. With n gateways and k shards, each
 * gateway's turn splits into k bundles of 1/k of its requests, and each worker takes n of them
 * where one gateway alone would have sent one: each bundle costs an add and a sequence number in
 * the gateway and a take and a completion in the worker, whose batches hold what it took while its
 * last commit ran, so they shrink with the bundles (4 gateways and 4 workers under CPU quotas:
 * bundles of 5-6 requests and batches of 14-16 bookings, against 31 and 38-41 at 1+1; docs/scaling.md).
 * So a bundle stays open for a tenth (HOLD_SHARE) of how long its first request had already waited in
 * the gateway (from its arrival), at most `busyHoldMs`: a request that waited 1 s in a saturated
 * gateway waits a tenth more, and its bundle gathers what the other requests bring meanwhile
 * (which makes the gateway and the worker cheaper per booking, so the wait in line shortens); a
 * hold under 10 ms is no hold (the bundle closes with its turn), so a request that waited under
 * 100 ms (an idle or merely busy gateway's) never waits for it. Measured under CPU quotas (1+1 and
 * 4+4 alternated twice in one run, docs/scaling.md): gateway and worker CPU per booking down by a
 * fifth to two fifths, bundles 31 -> 59-65 requests at 1+1 and 5-6 -> 8-9 at 4+4.
 */
export function createBookingBundler({
  shards,
  nextSequence,
  within = (work) => work,
  maxSize = MAX_BUNDLE_SIZE,
  maxHoldMs = 50,
  busyHoldMs = 0,
  onAdded,
}: BookingBundlerOptions) {
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

  /** How long a bundle whose first request arrived at `receivedAt` stays open past its turn (0: not at all). */
  const holdFor = (receivedAt: number | undefined) => {
    if (receivedAt === undefined || busyHoldMs <= 0) return 0
    const hold = Math.min(busyHoldMs, HOLD_SHARE * (performance.now() - receivedAt))
    // A short hold gathers a turn or two and costs each of its requests the wait: with 100 clients
    // on one unquota'd gateway (pnpm bench hot: requests waiting 20-80 ms) holds of 2-8 ms saved no
    // CPU, and the intake measured 0.79-0.80x the bare BullMQ ceiling's against 0.85-0.87x without.
    // It pays in a gateway that is far behind (requests waiting seconds), where a hold of a tenth
    // of a second gathers many turns.
    return hold >= MIN_HOLD_MS ? Math.round(hold) : 0
  }

  const opened = (queue: BookingQueue, lane: Lane, receivedAt: number | undefined): OpenBundle => {
    const current = lanes[lane].get(queue)
    if (current) return current
    let settle!: OpenBundle['settle']
    const added = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
    // Awaited by each request; a bundle nobody joined must not report an unhandled rejection.
    added.catch(() => undefined)
    const bundle: OpenBundle = { queue, lane, prefix: randomUUID().slice(0, 18), jobs: [], awaited: new Set(), turnEnded: false, added, settle }
    lanes[lane].set(queue, bundle)
    byPrefix.set(bundle.prefix, bundle)
    const endOfTurn = () => {
      // New requests start the next bundle; this one is added now, or once its awaited ids came.
      endTurn(bundle)
      bundle.turnEnded = true
      flushIfReady(bundle)
      if (isOpen(bundle)) bundle.timer = setTimeout(() => flush(bundle), maxHoldMs)
    }
    // Held: its turn lasts until the hold is over (a full bundle is added before that).
    const hold = holdFor(receivedAt)
    if (hold > 0) bundle.timer = setTimeout(endOfTurn, hold)
    else setImmediate(endOfTurn)
    return bundle
  }

  return {
    /** About how many requests a booking job holds (this gateway's recent jobs, smoothed). */
    requestsPerJob: () => meanSize,

    /**
     * A new booking's id, in its event's shard's open bundle (opened now if none is). `awaited`:
     * the request reads something before it is added (its idempotency claim), and its bundle waits
     * for it; it must then be added or `release`d. `receivedAt`: when the request reached the
     * gateway (performance.now()), which sets how long a bundle it opens is held when busy.
     */
    newBookingId(eventId: string, { awaited = false, receivedAt }: { awaited?: boolean; receivedAt?: number } = {}): string {
      const bundle = opened(shards.forEvent(eventId), awaited ? 'awaited' : 'now', receivedAt)
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

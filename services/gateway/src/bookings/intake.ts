import type { FastifyBaseLogger } from 'fastify'
import { MAX_QUANTITY_PER_REQUEST, type BookingJob, type BookingLine, type BookingStatus, type CreateBookingBody } from '@tickets/contracts'
import { HttpError } from '@tickets/http'
import type { BookingBundler, BookingShards } from '@tickets/queue'
import type { BookingsRepository } from './bookings-repository.js'
import type { CategoryDirectory } from './category-directory.js'
import { withDeadline } from '@tickets/http'
import { fingerprintOf, type Claim, type IdempotencyStore } from './idempotency.js'
import type { QueueMonitor } from './queue-monitor.js'
import type { SoldOutCheck } from './sold-out-check.js'

export interface Submitted {
  id: string
  status: BookingStatus
  event_id: string
  quantity: number
  /** The lines as resolved at intake (absent for an event the intake did not know). */
  items?: BookingLine[]
  /** True when an Idempotency-Key matched an earlier request: nothing new was queued. */
  replayed: boolean
}

/** A request's lines and their total, as the job carries them. */
interface Resolved {
  quantity: number
  /** Undefined when the event was not known here: the worker resolves it (or answers EVENT_NOT_FOUND). */
  items: BookingLine[] | undefined
}

const invalid = (field: string, problem: string) => new HttpError(400, 'VALIDATION_ERROR', 'Invalid body', { errors: { [field]: problem } })

export const queueUnavailable = () =>
  new HttpError(503, 'QUEUE_UNAVAILABLE', 'Bookings cannot be accepted right now; retry shortly', { headers: { 'retry-after': '1' } })

/**
 * 409 at intake: a recent commit left the event with no tickets (nothing is queued or stored).
 * An answer, not an exception: after a sell-out this is most requests, and building an Error (its
 * stack trace) for each showed in the profile.
 */
export interface SoldOut {
  soldOut: true
  body: { success: false; message: string; code: 'SOLD_OUT'; errors: { category_id: string; available: 0; requested: number } }
}
const soldOutAtIntake = (categoryId: string, requested: number): SoldOut => ({
  soldOut: true,
  body: { success: false, message: 'Sold out', code: 'SOLD_OUT', errors: { category_id: categoryId, available: 0, requested } },
})

/** 503 while the queue holds more than MAX_QUEUED_BOOKINGS: Redis (noeviction) must never fill up. */
const queueFull = (retryAfterSeconds: number) =>
  new HttpError(503, 'QUEUE_FULL', 'Too many bookings are waiting; retry shortly', { headers: { 'retry-after': String(retryAfterSeconds) } })

const accepted = (body: CreateBookingBody, lines: Resolved) => ({ event_id: body.event_id, quantity: lines.quantity, ...(lines.items ? { items: lines.items } : {}) })

export interface IntakeDeps {
  shards: Pick<BookingShards, 'findJob'>
  /** Adds accepted requests to the queue, those of one turn together (see booking-bundler.ts). */
  bundler: Pick<BookingBundler, 'newBookingId' | 'add' | 'release'>
  idempotency: IdempotencyStore
  /** The first of a request's categories a recent commit left with no tickets (see sold-out-check.ts). */
  isSoldOut: SoldOutCheck
  /** Each event's categories, for the request's shape (see category-directory.ts). */
  categories: Pick<CategoryDirectory, 'categoriesOf' | 'remembered'>
  monitor: QueueMonitor
  /** Waiting booking jobs beyond which intake answers 503 QUEUE_FULL. */
  maxQueued: number
  /**
   * Counts an enqueued request in its event's queued figure (the worker counts it out when decided);
   * a tally flushed to Redis in the background (queued-counter.ts): never worth a client's wait.
   */
  countQueued?: (eventId: string) => void
  bookings: BookingsRepository
  log: FastifyBaseLogger
}

/**
 * Accepts a booking request: the booking id is made here, names the job that carries it (its
 * bundle's, or its own) and becomes the row's primary key, so a redelivered job is recognised by
 * the worker.
 */
export function createBookingIntake({ shards, bundler, idempotency, isSoldOut, categories, monitor, maxQueued, countQueued, bookings, log }: IntakeDeps) {
  /**
   * The event's categories: remembered (no promise, no timer: a burst's requests all take this
   * path), else read; a database that does not answer leaves the check to the worker.
   */
  const categoriesOf = async (eventId: string, fresh = false): Promise<string[]> =>
    (!fresh && categories.remembered(eventId)) || withDeadline(categories.categoriesOf(eventId, { fresh })).catch(() => [] as string[])

  /**
   * The lines a request books, checked before anything is claimed or queued: `{quantity}` is the
   * event's only category (several: 400 CATEGORY_REQUIRED); `items` must name distinct categories
   * of the event (400 VALIDATION_ERROR otherwise) and at most 100 tickets in all. An event not known
   * here (or a database that did not answer) is left to the worker, which reads it under its lock.
   */
  const resolve = async (body: CreateBookingBody): Promise<Resolved> => {
    if ((body.items === undefined) === (body.quantity === undefined)) {
      throw body.items ? invalid('items', 'give either quantity or items, not both') : invalid('quantity', 'is required unless items are given')
    }
    if (body.quantity !== undefined) {
      let known = await categoriesOf(body.event_id)
      if (known.length > 1) known = await categoriesOf(body.event_id, true)
      if (known.length > 1) {
        throw new HttpError(400, 'CATEGORY_REQUIRED', 'This event has several ticket categories: name them in items', {
          errors: { items: 'required for an event with several categories', categories: known },
        })
      }
      return { quantity: body.quantity, items: known.length === 1 ? [{ category_id: known[0]!, quantity: body.quantity }] : undefined }
    }
    const items = body.items!
    if (new Set(items.map((line) => line.category_id)).size !== items.length) throw invalid('items', 'must name each category once')
    const quantity = items.reduce((sum, line) => sum + line.quantity, 0)
    if (quantity > MAX_QUANTITY_PER_REQUEST) throw invalid('items', `must add up to at most ${MAX_QUANTITY_PER_REQUEST} tickets`)
    let known = await categoriesOf(body.event_id)
    const strangers = () => items.filter((line) => !known.includes(line.category_id))
    // A category added since the list was remembered is read again before anything is refused.
    if (known.length > 0 && strangers().length > 0) known = await categoriesOf(body.event_id, true)
    if (known.length > 0 && strangers().length > 0) throw invalid('items', `not a category of this event: ${strangers()[0]!.category_id}`)
    return { quantity, items }
  }

  const enqueue = async (job: BookingJob) => {
    // One event, one shard: its requests stay in order and fill the worker's batches.
    // Bounded by the bundler (QUEUE_ADD_TIMEOUT_MS for the add itself).
    await bundler.add(job)
    countQueued?.(job.event_id)
  }

  /** The job a booking request becomes; its id is the booking id. */
  const jobOf = (bookingId: string, userId: string, body: CreateBookingBody, lines: Resolved, key: string | undefined, fingerprint: string): BookingJob => ({
    booking_id: bookingId,
    user_id: userId,
    event_id: body.event_id,
    quantity: lines.quantity,
    ...(lines.items ? { items: lines.items } : {}),
    requested_at: new Date().toISOString(),
    idempotency_key: key ?? null,
    request_fingerprint: key ? fingerprint : null,
  })

  /**
   * A retry under a key: the booking the key names, as it stands. With neither a row nor a job,
   * its job never reached Redis (an add that timed out without landing, a gateway that died between
   * the claim and the add): it is added now, under the same booking id, so the key still names one
   * booking that ends somewhere. An add that did land meanwhile is not doubled (BullMQ keeps one job
   * per id, the worker one row per id). A booking deleted since is 404, as it is everywhere.
   */
  const replay = async (claim: Claim, fingerprint: string, userId: string, body: CreateBookingBody, lines: Resolved, key: string): Promise<Submitted> => {
    if (claim.fingerprint !== fingerprint) {
      throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body')
    }
    const id = claim.booking_id
    const replayed = (status: BookingStatus): Submitted => ({ id, status, ...accepted(body, lines), replayed: true })
    const stored = await bookings.statusById(id)
    if (stored === 'deleted') throw new HttpError(404, 'BOOKING_NOT_FOUND', 'The booking this Idempotency-Key named was deleted')
    if (stored) return replayed(stored)
    let found
    try {
      found = await withDeadline(shards.findJob(id))
    } catch {
      throw queueUnavailable()
    }
    if (!found) {
      try {
        await enqueue(jobOf(id, userId, body, lines, key, fingerprint))
      } catch (error) {
        log.warn({ err: error }, 'enqueue of a claimed booking failed')
        throw queueUnavailable()
      }
    }
    return replayed('queued')
  }

  /** The claim a booking row remembers for its key (the Redis claim lives 24 h, the row longer). */
  const storedClaim = async (userId: string, key: string): Promise<Claim | null> => {
    const stored = await bookings.findByIdempotencyKey(userId, key)
    return stored ? { booking_id: stored.id, fingerprint: stored.request_fingerprint ?? '' } : null
  }

  /** An earlier request under this key: its live claim, or its row once the claim has expired. */
  const earlier = async (userId: string, key: string): Promise<Claim | null> =>
    (await withDeadline(idempotency.peek(userId, key))) ?? storedClaim(userId, key)

  return {
    /** `receivedAt`: when the request reached the gateway (performance.now()), for the bundle's hold when busy. */
    async submit(userId: string, body: CreateBookingBody, idempotencyKey: string | undefined, receivedAt?: number): Promise<Submitted | SoldOut> {
      const lines = await resolve(body)
      // Only a request with a key is ever compared with another.
      const fingerprint = idempotencyKey ? fingerprintOf(body) : ''

      // The sold-out fast path: nothing to queue for a request that has no chance. A Redis that
      // does not answer here is not a refusal; the enqueue below answers 503 if it is really down.
      const requested = lines.items ?? []
      const soldOut = await withDeadline(isSoldOut(body.event_id, requested.map((line) => line.category_id))).catch(() => null)
      if (soldOut !== null) {
        // A retry of a request accepted before the sell-out still gets its own booking back; the
        // key is not claimed otherwise, so a retry after tickets come back can succeed.
        const claim = idempotencyKey ? await earlier(userId, idempotencyKey).catch(() => null) : null
        if (claim) return replay(claim, fingerprint, userId, body, lines, idempotencyKey!)
        return soldOutAtIntake(soldOut, requested.find((line) => line.category_id === soldOut)!.quantity)
      }

      // Backpressure from the sampled queue depth (no Redis call here): a flood is refused before
      // it can fill a Redis that must never evict.
      const { waiting, ratePerSecond } = monitor.snapshot()
      if (waiting >= maxQueued) {
        throw queueFull(Math.min(30, Math.max(1, Math.ceil(ratePerSecond > 0 ? (waiting - maxQueued + 1) / ratePerSecond : 5))))
      }

      // Drawn from the open bundle of the event's shard. A request without a key joins it at once
      // (nothing is awaited between here and its add); one with a key claims the key first, and
      // its bundle waits for it (or for its release, whatever the claim found).
      const job = jobOf(bundler.newBookingId(body.event_id, { awaited: Boolean(idempotencyKey), receivedAt }), userId, body, lines, idempotencyKey, fingerprint)

      if (idempotencyKey) {
        try {
          const mine: Claim = { booking_id: job.booking_id, fingerprint }
          let held: Claim | null
          try {
            held = await withDeadline(idempotency.claim(userId, idempotencyKey, mine))
          } catch (error) {
            log.warn({ err: error }, 'idempotency claim failed')
            throw queueUnavailable()
          }
          if (held) return replay(held, fingerprint, userId, body, lines, idempotencyKey)

          // The Redis claim lives 24 h; the database remembers the key for as long as the booking exists.
          const stored = await storedClaim(userId, idempotencyKey)
          if (stored) {
            await withDeadline(idempotency.replace(userId, idempotencyKey, stored)).catch(() => undefined)
            return replay(stored, fingerprint, userId, body, lines, idempotencyKey)
          }

          try {
            await enqueue(job)
          } catch (error) {
            // The claim is kept: an add that timed out may still land, and releasing the key would let
            // a retry start a second booking beside it. The retry replays this booking id instead, and
            // adds its job again if it never landed (see replay).
            log.warn({ err: error }, 'enqueue failed')
            throw queueUnavailable()
          }
        } finally {
          // Whatever happened, its bundle stops waiting for this id (a no-op once it joined).
          bundler.release(job.booking_id)
        }
      } else {
        try {
          await enqueue(job)
        } catch (error) {
          log.warn({ err: error }, 'enqueue failed')
          throw queueUnavailable()
        }
      }
      return { id: job.booking_id, status: 'queued', ...accepted(body, lines), replayed: false }
    },
  }
}

export type BookingIntake = ReturnType<typeof createBookingIntake>

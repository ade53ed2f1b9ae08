import type { Logger } from 'pino'
import { Compile } from 'typebox/compile'
import { BookingBundleJob, BookingJob, type RejectionReason } from '@tickets/contracts'
import { commitBookingsAtomically, recordGivenUp, type BookingOutcome } from '@tickets/booking'
import { errnoOf, isCheckViolation, isDuplicateKey, isLockConflict, isMissingParent, type Knex, type StoredBookingStatus } from '@tickets/db'

export interface BookDeps {
  knex: Knex
  holdTtlSeconds: number
  /** MAX_HELD_TICKETS_PER_USER (0: no cap). */
  maxHeldPerUser?: number
  log: Logger
  /** Tests only: the moment a batch is decided at. Otherwise the database's clock, read with the event locks. */
  now?: () => Date
  /** In-process retries of one batch after a deadlock, lock wait timeout or key race, before BullMQ's own. */
  maxLockRetries?: number
}

/** What a booking job returns to BullMQ (and so to QueueEvents and `Prefer: wait`). */
export interface BookResult {
  booking_id: string
  /** As stored; `deleted` when a redelivered job found the tombstone of its deleted booking. */
  status: StoredBookingStatus
  reason: RejectionReason | null
  /** When a pending hold ends (ISO 8601), else null. */
  expires_at: string | null
  /** False when the booking already existed: this delivery was a repeat and changed nothing. */
  created: boolean
}

export class InvalidJobError extends Error {}

// Compiled once: about 2 us a job, where the interpreting Value.Check takes about 35 (measured here).
const bookingJobValidator = Compile(BookingJob)

const bundleValidator = Compile(BookingBundleJob)

/** The requests of a bundle job's payload (each still to be checked on its own), or an InvalidJobError. */
export function parseBundle(data: unknown): unknown[] {
  if (!bundleValidator.Check(data)) {
    const [first] = bundleValidator.Errors(data)
    throw new InvalidJobError(`invalid booking bundle: ${first?.instancePath} ${first?.message}`)
  }
  return (data as { bookings: unknown[] }).bookings
}

/** Checks a job's payload against the shared schema before it can join a batch. */
export function parseBookingJob(data: unknown): BookingJob {
  if (!bookingJobValidator.Check(data)) {
    const [first] = bookingJobValidator.Errors(data)
    throw new InvalidJobError(`invalid booking job: ${first?.instancePath} ${first?.message}`)
  }
  return data as BookingJob
}

/**
 * Commits a batch of booking jobs, of one event or many, in one transaction of two round trips
 * (see commitBookings).
 * Safe to run any number of times for the same jobs: the booking id is the job id and the primary
 * key, so a repeat finds its row and reports it.
 *
 * Retried here, whole and with jitter: lock conflicts (deadlock, lock wait timeout), and a
 * duplicate key, which only a race the event locks do not cover can cause (two deliveries of a
 * job for an unknown event, or one user's idempotency key landing in another batch first); the
 * rerun reads the winner's row. Anything else propagates, and every job of the batch fails for
 * BullMQ's backoff. Also returns the stock each event has left (0: it may be recorded as sold out).
 */
export interface BatchResult {
  results: BookResult[]
  /** Each known event's tickets left. */
  available: Map<string, number>
  /** The categories left with no tickets, by event (see commitBookings). */
  soldOut: Map<string, string[]>
}

export async function commitBatch(jobs: readonly BookingJob[], deps: BookDeps): Promise<BatchResult> {
  const { knex, holdTtlSeconds, maxHeldPerUser, now } = deps
  const cap = maxHeldPerUser ? { maxHeldPerUser } : {}
  const maxAttempts = (deps.maxLockRetries ?? 5) + 1
  for (let attempt = 1; ; attempt++) {
    try {
      const { outcomes, available, soldOut } = await commitBookingsAtomically(knex, jobs, { ...(now ? { now: now() } : {}), holdTtlSeconds, ...cap })
      return { results: outcomes.map(toResult), available, soldOut }
    } catch (error) {
      const errno = errnoOf(error)
      // Races the rerun resolves: a lock conflict, a key taken meanwhile, a user deleted meanwhile
      // (the rerun reads the users again and rejects the request USER_NOT_FOUND).
      if (isCheckViolation(error)) return refusedByCheck(jobs, deps, errno)
      if (!(isLockConflict(error) || isDuplicateKey(error) || isMissingParent(error)) || attempt >= maxAttempts) throw error
      const delay = Math.min(2 ** attempt * 10, 500) * (0.5 + Math.random())
      deps.log.warn({ events: new Set(jobs.map((job) => job.event_id)).size, batch: jobs.length, attempt, errno }, 'batch conflict; retrying')
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

/**
 * A CHECK constraint refused a batch: a stock rule the code should have kept, caught by the
 * database. Never an outage, so never retried as one (it would fail the same way for ever, and take
 * every batch the job joins down with it): the batch is committed again one job at a time, and a
 * job the CHECK refuses on its own ends rejected INVALID_REQUEST (stored, nothing held), logged as
 * the bug it is.
 */
async function refusedByCheck(jobs: readonly BookingJob[], deps: BookDeps, errno: number | undefined): Promise<BatchResult> {
  if (jobs.length > 1) {
    const results: BookResult[] = []
    const available = new Map<string, number>()
    const soldOut = new Map<string, string[]>()
    for (const job of jobs) {
      const one = await commitBatch([job], deps)
      results.push(...one.results)
      for (const [id, left] of one.available) available.set(id, left)
      for (const [id, none] of one.soldOut) soldOut.set(id, none)
    }
    return { results, available, soldOut }
  }
  const job = jobs[0]!
  deps.log.error({ booking_id: job.booking_id, event_id: job.event_id, errno }, 'a CHECK constraint refused a booking: a stock rule the code should have kept; it ends rejected INVALID_REQUEST')
  const rejected: BookResult = { booking_id: job.booking_id, status: 'rejected', reason: 'INVALID_REQUEST', expires_at: null, created: true }
  if (await recordGivenUp(deps.knex, job)) return { results: [rejected], available: new Map(), soldOut: new Map() }
  // Not written: a row was there already (reported as it stands), or the user is gone (nothing to store).
  const stored = await deps.knex('bookings').where({ id: job.booking_id }).first('status', 'reason', 'expires_at')
  const result: BookResult = stored
    ? { booking_id: job.booking_id, status: stored.status, reason: (stored.reason as RejectionReason | null) ?? null, expires_at: stored.expires_at?.toISOString() ?? null, created: true }
    : rejected
  return { results: [result], available: new Map(), soldOut: new Map() }
}

/** One job on its own: the batch of one. */
export async function processBooking(data: unknown, deps: BookDeps): Promise<BookResult> {
  const job = parseBookingJob(data)
  const { results } = await commitBatch([job], deps)
  return results[0]!
}

function toResult(outcome: BookingOutcome): BookResult {
  return { ...outcome, expires_at: outcome.expires_at?.toISOString() ?? null }
}

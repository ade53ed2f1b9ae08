import type { Logger } from 'pino'
import { Compile } from 'typebox/compile'
import { BookingJob } from '@tickets/contracts'
import { commitBookings, type BookingOutcome, type OutcomeReason } from '@tickets/booking'
import { isCheckViolation, isDuplicateKey, isLockConflict, isMissingParent, type Knex, type StoredBookingStatus } from '@tickets/db'

export interface BookDeps {
  knex: Knex
  holdTtlSeconds: number
  /** MAX_HELD_TICKETS_PER_USER (0: no cap). */
  maxHeldPerUser?: number
  log: Logger
  now?: () => Date
  /** In-process retries of one batch after a deadlock, lock wait timeout or key race, before BullMQ's own. */
  maxLockRetries?: number
}

/** What a booking job returns to BullMQ (and so to QueueEvents and `Prefer: wait`). */
export interface BookResult {
  booking_id: string
  /** As stored; `deleted` when a redelivered job found the tombstone of its deleted booking. */
  status: StoredBookingStatus
  reason: OutcomeReason | null
  /** When a pending hold ends (ISO 8601), else null. */
  expires_at: string | null
  /** False when the booking already existed: this delivery was a repeat and changed nothing. */
  created: boolean
}

export class InvalidJobError extends Error {}


// Compiled once: about 2 us a job, where the interpreting Value.Check takes about 35 (measured here).
const bookingJobValidator = Compile(BookingJob)

/** Checks a job's payload against the shared schema before it can join a batch. */
export function parseBookingJob(data: unknown): BookingJob {
  if (!bookingJobValidator.Check(data)) {
    const [first] = bookingJobValidator.Errors(data)
    throw new InvalidJobError(`invalid booking job: ${first?.instancePath} ${first?.message}`)
  }
  return data as BookingJob
}

/**
 * Commits a batch of booking jobs, of one event or many, in one transaction (see commitBookings).
 * Safe to run any number of times for the same jobs: the booking id is the job id and the primary
 * key, so a repeat finds its row and reports it.
 *
 * Retried here, whole and with jitter: lock conflicts (deadlock, lock wait timeout), and a
 * duplicate key, which only a race the event locks do not cover can cause (two deliveries of a
 * job for an unknown event, or one user's idempotency key landing in another batch first); the
 * rerun reads the winner's row. Anything else propagates, and every job of the batch fails for
 * BullMQ's backoff. Also returns the stock each event has left (0: it may be recorded as sold out).
 */
export async function commitBatch(jobs: readonly BookingJob[], deps: BookDeps): Promise<{ results: BookResult[]; available: Map<string, number> }> {
  const { knex, holdTtlSeconds, maxHeldPerUser, now = () => new Date() } = deps
  const cap = maxHeldPerUser ? { maxHeldPerUser } : {}
  const maxAttempts = (deps.maxLockRetries ?? 5) + 1
  for (let attempt = 1; ; attempt++) {
    try {
      const { outcomes, available } = await knex.transaction((trx) => commitBookings(trx, jobs, { now: now(), holdTtlSeconds, ...cap }))
      return { results: outcomes.map(toResult), available }
    } catch (error) {
      const errno = (error as { errno?: number }).errno
      // Races the rerun resolves: a lock conflict, a key taken meanwhile, a user deleted meanwhile
      // (the rerun reads the users again and rejects the request USER_NOT_FOUND).
      if (!(isLockConflict(error) || isDuplicateKey(error) || isMissingParent(error)) || attempt >= maxAttempts) {
        if (isCheckViolation(error)) deps.log.error({ events: [...new Set(jobs.map((job) => job.event_id))], batch: jobs.length, errno }, 'a CHECK constraint refused a batch: a stock rule the code should have kept')
        throw error
      }
      const delay = Math.min(2 ** attempt * 10, 500) * (0.5 + Math.random())
      deps.log.warn({ events: new Set(jobs.map((job) => job.event_id)).size, batch: jobs.length, attempt, errno }, 'batch conflict; retrying')
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
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

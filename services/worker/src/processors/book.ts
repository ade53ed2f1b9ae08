import type { Logger } from 'pino'
import Value from 'typebox/value'
import { BookingJob, type BookingStatus, type RejectionReason } from '@tickets/contracts'
import { isLockConflict, type BookingRow, type Knex } from '@tickets/db'
import { decideBooking } from '../booking/decide.js'

export interface BookDeps {
  knex: Knex
  holdTtlSeconds: number
  log: Logger
  now?: () => Date
  /** In-process retries of one job after a deadlock or lock wait timeout, before BullMQ's own. */
  maxLockRetries?: number
}

export interface BookResult {
  booking_id: string
  status: BookingStatus
  reason: RejectionReason | null
  /** When a pending hold ends (ISO 8601), else null. */
  expires_at: string | null
  /** False when the booking already existed: this delivery was a repeat and changed nothing. */
  created: boolean
}

export class InvalidJobError extends Error {}

const DUPLICATE_KEY = 1062

/**
 * Commits one booking request. Safe to run any number of times for the same job: the booking id
 * is the job id and the bookings primary key, so a repeat finds the row and reports it.
 *
 * Lock order (shared with every other writer): the event row first, then booking rows.
 */
export async function processBooking(data: unknown, deps: BookDeps): Promise<BookResult> {
  if (!Value.Check(BookingJob, data)) {
    const [first] = Value.Errors(BookingJob, data)
    throw new InvalidJobError(`invalid booking job: ${first?.instancePath} ${first?.message}`)
  }
  const job = data as BookingJob
  const maxAttempts = (deps.maxLockRetries ?? 5) + 1

  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(job, deps)
    } catch (error) {
      if (!isLockConflict(error) || attempt >= maxAttempts) throw error
      const delay = Math.min(2 ** attempt * 10, 500) * (0.5 + Math.random())
      deps.log.warn({ booking_id: job.booking_id, attempt, errno: (error as { errno?: number }).errno }, 'lock conflict; retrying')
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

async function commitOnce(job: BookingJob, deps: BookDeps): Promise<BookResult> {
  const { knex, holdTtlSeconds, now = () => new Date() } = deps
  try {
    return await knex.transaction(async (trx) => {
      const event = await trx('events').where({ id: job.event_id }).forUpdate().first()
      // Checked under the lock (one query on the hot path, not two): a repeated delivery, even a
      // concurrent one, waits on the event lock and then finds the row the first one wrote.
      const stored = await trx('bookings').where({ id: job.booking_id }).first()
      if (stored) return resultOf(stored, false)

      const alreadyBooked = event?.max_tickets_per_user == null ? 0 : await bookedBy(trx, job.user_id, job.event_id)
      const decision = decideBooking({ event, alreadyBooked, request: job, now: now(), holdTtlSeconds })

      if (decision.status !== 'rejected') {
        await trx('events').where({ id: job.event_id }).decrement('available_tickets', job.quantity)
      }
      await trx('bookings').insert({
        id: job.booking_id,
        user_id: job.user_id,
        event_id: job.event_id,
        quantity: job.quantity,
        total_price: decision.total_price,
        status: decision.status,
        reason: decision.status === 'rejected' ? decision.reason : null,
        reason_detail: decision.status === 'rejected' && decision.detail ? JSON.stringify(decision.detail) : null,
        expires_at: decision.status === 'rejected' ? null : decision.expires_at,
        idempotency_key: job.idempotency_key,
        request_fingerprint: job.request_fingerprint,
      })
      return {
        booking_id: job.booking_id,
        status: decision.status,
        reason: decision.status === 'rejected' ? decision.reason : null,
        expires_at: decision.status === 'rejected' ? null : (decision.expires_at?.toISOString() ?? null),
        created: true,
      }
    })
  } catch (error) {
    // Two deliveries of a job for an unknown event take no lock; the loser finds the winner's row.
    if ((error as { errno?: number }).errno === DUPLICATE_KEY) {
      const winner = await knex('bookings').where({ id: job.booking_id }).first()
      if (winner) return resultOf(winner, false)
      // Otherwise the user's idempotency key is already on another booking (its Redis claim had
      // expired): this request is still accepted and must end somewhere, so it is stored without the key.
      if (job.idempotency_key !== null) return commitOnce({ ...job, idempotency_key: null }, deps)
    }
    throw error
  }
}

async function bookedBy(trx: Knex.Transaction, userId: string, eventId: string): Promise<number> {
  const [row] = await trx('bookings')
    .where({ user_id: userId, event_id: eventId })
    .whereIn('status', ['pending', 'confirmed'])
    .sum<{ total: string | number | null }[]>({ total: 'quantity' })
  return Number(row?.total ?? 0)
}

function resultOf(row: BookingRow, created: boolean): BookResult {
  return {
    booking_id: row.id,
    status: row.status,
    reason: (row.reason as RejectionReason | null) ?? null,
    expires_at: row.expires_at?.toISOString() ?? null,
    created,
  }
}

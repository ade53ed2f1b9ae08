import { isDuplicateKey, isMissingParent, type Knex } from '@tickets/db'
import type { BookingRequest } from './commit.js'
import { databaseNow } from './clock.js'
import { recordBookingChanges } from './outbox.js'

/**
 * Stores the end of an accepted request the worker gave up on (its job failed for good: retries of
 * an infrastructure failure exhausted, or an unknown job name), as `rejected` INVALID_REQUEST with
 * nothing held. Without a row, the booking was visible only while BullMQ kept the failed job (24 h),
 * then answered 404 for an id the platform had accepted.
 *
 * Never over a decision: a row that exists (the job did commit, and failed after) is left as it is.
 * The idempotency key is kept so a retry under it replays this end, unless another booking of the
 * user holds it already. A user deleted meanwhile has nothing to store (their bookings went with
 * them). Returns whether a row was written.
 */
export async function recordGivenUp(knex: Knex, request: BookingRequest): Promise<boolean> {
  const row = {
    id: request.booking_id,
    user_id: request.user_id,
    event_id: request.event_id,
    quantity: request.quantity,
    total_price: '0.00',
    status: 'rejected' as const,
    reason: 'INVALID_REQUEST',
    idempotency_key: request.idempotency_key,
    request_fingerprint: request.request_fingerprint,
  }
  // The insert's own refusals answer what reads first would ask: no user (the foreign key), a row
  // already there (the primary key), or the key held by another booking (its unique index).
  const store = (values: typeof row) =>
    knex.transaction(async (trx) => {
      const now = await databaseNow(trx)
      await trx('bookings').insert({ ...values, created_at: now, updated_at: now })
      await recordBookingChanges(trx, [{ ...values, reason_detail: null, expires_at: null, source: 'direct', created_at: now, updated_at: now }], now)
    })
  try {
    await store(row)
    return true
  } catch (error) {
    if (isMissingParent(error)) return false
    if (!isDuplicateKey(error)) throw error
    if (await knex('bookings').where({ id: request.booking_id }).first('id')) return false
    await store({ ...row, idempotency_key: null })
    return true
  }
}

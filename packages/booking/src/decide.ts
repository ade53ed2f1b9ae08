import type { RejectionReason } from '@tickets/contracts'
import type { EventRow } from '@tickets/db'
import { fitsMoneyColumn, multiplyMoney } from './money.js'

export type Decision =
  | { status: 'rejected'; reason: RejectionReason; detail: Record<string, number> | null; total_price: string }
  | { status: 'pending' | 'confirmed'; total_price: string; expires_at: Date | null }

export interface DecisionInput {
  /** The event row as read under its lock, or undefined when it does not exist. */
  event: Pick<EventRow, 'event_date' | 'ticket_price' | 'available_tickets' | 'max_tickets_per_user'> | undefined
  /** The user's pending + confirmed quantity for this event, before this request. */
  alreadyBooked: number
  /**
   * The user's unpaid held (pending) tickets across every event before this request, and the most
   * they may hold (MAX_HELD_TICKETS_PER_USER); omitted: no such cap.
   */
  holds?: { held: number; max: number }
  request: { quantity: number }
  now: Date
  holdTtlSeconds: number
}

/**
 * What to do with one booking request, with no I/O: the caller reads the inputs under the event
 * lock and writes the result. Kept pure so that a batch of requests for one event is decided in
 * sequence inside one transaction (group commit, see commit.ts), feeding each decision's stock
 * and the user's running total into the next.
 *
 * The checks run in a fixed order: not found, unstorable total, passed, per-user limit,
 * held-tickets cap, sold out.
 */
export function decideBooking({ event, alreadyBooked, holds, request, now, holdTtlSeconds }: DecisionInput): Decision {
  const { quantity } = request
  if (!event) return { status: 'rejected', reason: 'EVENT_NOT_FOUND', detail: null, total_price: '0.00' }

  const total_price = multiplyMoney(event.ticket_price, quantity)
  // A request that can never be stored (an event priced before prices were capped): it ends here,
  // as a rejection, instead of failing its batch's INSERT for ever.
  if (!fitsMoneyColumn(total_price)) return { status: 'rejected', reason: 'INVALID_REQUEST', detail: null, total_price: '0.00' }
  if (event.event_date.getTime() <= now.getTime()) {
    return { status: 'rejected', reason: 'EVENT_PASSED', detail: null, total_price }
  }
  const limit = event.max_tickets_per_user
  if (limit !== null && alreadyBooked + quantity > limit) {
    return { status: 'rejected', reason: 'LIMIT_EXCEEDED', detail: { limit, already_booked: alreadyBooked, requested: quantity }, total_price }
  }
  // Unpaid holds only: a paid (confirmed) or free booking holds nothing hostage.
  if (holds && total_price !== '0.00' && holds.held + quantity > holds.max) {
    return { status: 'rejected', reason: 'HOLD_LIMIT_EXCEEDED', detail: { limit: holds.max, held: holds.held, requested: quantity }, total_price }
  }
  if (event.available_tickets < quantity) {
    return { status: 'rejected', reason: 'SOLD_OUT', detail: { available: event.available_tickets, requested: quantity }, total_price }
  }
  // Free tickets need no payment, so there is nothing to hold: they are confirmed at once.
  if (total_price === '0.00') return { status: 'confirmed', total_price, expires_at: null }
  return { status: 'pending', total_price, expires_at: new Date(now.getTime() + holdTtlSeconds * 1000) }
}

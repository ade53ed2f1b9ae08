import type { RejectionReason } from '@tickets/contracts'
import type { CategoryRow, EventRow } from '@tickets/db'
import { addMoney, fitsMoneyColumn, multiplyMoney } from './money.js'

/** A line of a request: so many tickets of one category. */
export interface OrderLine {
  category_id: string
  quantity: number
}

/** A line as decided: with the category's name and price at the moment of the decision. */
export interface PricedLine extends OrderLine {
  name: string
  unit_price: string
}

export type Decision =
  | { status: 'rejected'; reason: RejectionReason; detail: Record<string, number | string> | null; total_price: string; lines: PricedLine[] }
  | { status: 'pending' | 'confirmed'; total_price: string; expires_at: Date | null; lines: PricedLine[] }

/** What a decision reads of a category: its stock as carried through the batch, its limit and window. */
export type CategoryState = Pick<CategoryRow, 'id' | 'name' | 'price' | 'available' | 'max_per_user' | 'sales_start' | 'sales_end'>

export interface DecisionInput {
  /** The event row as read under its lock, or undefined when it does not exist. */
  event: Pick<EventRow, 'event_date' | 'max_tickets_per_user'> | undefined
  /** The event's categories by id, as read under the event lock (stock carried through the batch). */
  categories: ReadonlyMap<string, CategoryState>
  /** 1..10 lines of distinct categories (the intake checked the shape). */
  lines: readonly OrderLine[]
  /** The user's pending + confirmed tickets for this event, before this request. */
  alreadyBooked: number
  /** The user's pending + confirmed tickets of a category, before this request (asked only for categories with a limit). */
  alreadyInCategory?: (categoryId: string) => number
  /**
   * The user's unpaid held (pending) tickets across every event before this request, and the most
   * they may hold (MAX_HELD_TICKETS_PER_USER); omitted: no such cap.
   */
  holds?: { held: number; max: number }
  now: Date
  holdTtlSeconds: number
}

const rejected = (reason: RejectionReason, detail: Record<string, number | string> | null, total_price: string, lines: PricedLine[]): Decision => ({
  status: 'rejected',
  reason,
  detail,
  total_price,
  lines,
})

/**
 * What to do with one booking request, all or nothing, with no I/O: the caller reads the inputs
 * under the event lock and writes the result. Kept pure so that a batch of requests is decided in
 * sequence inside one transaction (group commit, see commit.ts), feeding each decision's stock and
 * the user's running totals into the next.
 *
 * The checks run in a fixed order, the first that fails answers for the whole request: event not
 * found, a category not of this event, unstorable total, event passed, a line's sales window, the
 * per-user limits (the event's, then each category's), the held-tickets cap, then stock (the first
 * line that does not fit). A granted request takes every line; a refused one takes nothing.
 */
export function decideBooking({ event, categories, lines, alreadyBooked, alreadyInCategory = () => 0, holds, now, holdTtlSeconds }: DecisionInput): Decision {
  if (!event) return rejected('EVENT_NOT_FOUND', null, '0.00', [])
  const priced: PricedLine[] = []
  for (const line of lines) {
    const category = categories.get(line.category_id)
    // Deleted after the request was accepted (the intake checked it was one of the event's).
    if (!category) return rejected('INVALID_REQUEST', { category_id: line.category_id }, '0.00', [])
    priced.push({ ...line, name: category.name, unit_price: category.price })
  }
  const quantity = priced.reduce((sum, line) => sum + line.quantity, 0)
  const total_price = priced.reduce((sum, line) => addMoney(sum, multiplyMoney(line.unit_price, line.quantity)), '0.00')
  // A request that can never be stored (an event priced before prices were capped): it ends here,
  // as a rejection, instead of failing its batch's INSERT for ever.
  if (!fitsMoneyColumn(total_price)) return rejected('INVALID_REQUEST', null, '0.00', priced)
  if (event.event_date.getTime() <= now.getTime()) return rejected('EVENT_PASSED', null, total_price, priced)
  for (const line of priced) {
    const { sales_start, sales_end } = categories.get(line.category_id)!
    if ((sales_start && sales_start.getTime() > now.getTime()) || (sales_end && sales_end.getTime() <= now.getTime())) {
      return rejected('SALES_CLOSED', { category_id: line.category_id }, total_price, priced)
    }
  }
  const limit = event.max_tickets_per_user
  if (limit !== null && alreadyBooked + quantity > limit) {
    return rejected('LIMIT_EXCEEDED', { limit, already_booked: alreadyBooked, requested: quantity }, total_price, priced)
  }
  for (const line of priced) {
    const categoryLimit = categories.get(line.category_id)!.max_per_user
    if (categoryLimit === null) continue
    const already = alreadyInCategory(line.category_id)
    if (already + line.quantity > categoryLimit) {
      return rejected('LIMIT_EXCEEDED', { category_id: line.category_id, limit: categoryLimit, already_booked: already, requested: line.quantity }, total_price, priced)
    }
  }
  // Unpaid holds only: a paid (confirmed) or free booking holds nothing hostage.
  if (holds && total_price !== '0.00' && holds.held + quantity > holds.max) {
    return rejected('HOLD_LIMIT_EXCEEDED', { limit: holds.max, held: holds.held, requested: quantity }, total_price, priced)
  }
  for (const line of priced) {
    const { available } = categories.get(line.category_id)!
    if (available < line.quantity) return rejected('SOLD_OUT', { category_id: line.category_id, available, requested: line.quantity }, total_price, priced)
  }
  // Free tickets need no payment, so there is nothing to hold: they are confirmed at once.
  if (total_price === '0.00') return { status: 'confirmed', total_price, expires_at: null, lines: priced }
  return { status: 'pending', total_price, expires_at: new Date(now.getTime() + holdTtlSeconds * 1000), lines: priced }
}

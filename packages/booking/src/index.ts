/**
 * The booking domain, in one place: the pure decision, money, the transition table, the lock
 * order, group commit, and the only functions that lock an event and take or return tickets.
 * Services keep only transport (HTTP routes, BullMQ processors) and map BookingError codes.
 */
export { BookingError, type BookingErrorCode } from './errors.js'
export { decideBooking, type CategoryState, type Decision, type DecisionInput, type OrderLine, type PricedLine } from './decide.js'
export { addMoney, multiplyMoney, toMoney } from './money.js'
export { TRANSITIONS, HOLDS_TICKETS, ruleFor, type Actor, type Target, type TransitionRule } from './transitions.js'
export { lockEvent, lockEvents, readCategories, takeTickets, releaseTicketsOf, deleteEvent } from './stock.js'
export {
  addCategory,
  deleteCategory,
  insertEventWithCategories,
  setEventPool,
  updateCategory,
  type CategoryChanges,
  type CategoryInput,
  type NewEvent,
} from './categories.js'
export { commitBookings, commitBookingsAtomically, type BatchCommit, type BookingRequest, type BookingOutcome, type CommitOptions } from './commit.js'
export type { StockSignals } from './stock-signals.js'
export { changeStatus, deleteBooking, expireDueHolds, expireIfDue } from './lifecycle.js'
export {
  DEFAULT_OFFER_POLICY,
  entriesOf,
  joinWaitlist,
  leaveWaitlist,
  listWaitlist,
  waitlistFigures,
  type JoinRequest,
  type OfferPolicy,
  type PlacedEntry,
} from './waitlist.js'
export { recordGivenUp } from './given-up.js'
export { databaseNow } from './clock.js'
export { auditStock, type StockAudit, type StockDrift } from './audit.js'
export { bookingResource, stockEvents } from './outbox.js'
export { salesFigures } from './stats.js'

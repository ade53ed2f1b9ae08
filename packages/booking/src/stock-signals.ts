import type { OfferPolicy } from './waitlist.js'

/**
 * Told after a commit that gave tickets back to an event (cancel, expiry, delete, a raised total)
 * and left some open to everyone (tickets the waiting list took in the same commit are not).
 * The booking domain's only view of the sold-out records: their Redis side lives with the queue
 * code (`createSoldOutRecords` in @tickets/queue), so this package holds no Redis client.
 */
export interface StockSignals {
  restocked(eventId: string): Promise<void>
  /** How this process makes offers to the waiting list when tickets come back; omitted: the defaults. */
  offers?: OfferPolicy
}

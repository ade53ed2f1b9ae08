/**
 * Told after a commit that gave tickets back to an event (cancel, expiry, delete, a raised total).
 * The booking domain's only view of the sold-out records: their Redis side lives with the queue
 * code (`createSoldOutRecords` in @tickets/queue), so this package holds no Redis client.
 */
export interface StockSignals {
  restocked(eventId: string): Promise<void>
}

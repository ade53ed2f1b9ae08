/**
 * Every refusal the booking domain can make, as a code. The domain knows no HTTP: each service's
 * error handler maps these codes to status codes in one table.
 */
export type BookingErrorCode =
  | 'BOOKING_NOT_FOUND'
  | 'EVENT_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'HOLD_EXPIRED'
  | 'FORBIDDEN'
  | 'TICKETS_ALREADY_SOLD'
  | 'EVENT_HAS_BOOKINGS'
  /** A value the body schema let through but the database cannot store exactly (money with 3 decimals). */
  | 'VALIDATION_ERROR'

export class BookingError extends Error {
  constructor(
    readonly code: BookingErrorCode,
    message: string,
    /** Field-level details for the client (the envelope's `errors`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'BookingError'
  }
}

import { BookingError, type BookingErrorCode } from '@tickets/booking'
import { HttpError } from './http-error.js'

/** The one table from booking-domain refusals to HTTP status codes; the code goes to the client as is. */
const STATUS_OF: Record<BookingErrorCode, number> = {
  BOOKING_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  HOLD_EXPIRED: 409,
  FORBIDDEN: 403,
  TICKETS_ALREADY_SOLD: 409,
  EVENT_HAS_BOOKINGS: 409,
  VALIDATION_ERROR: 400,
}

export function httpErrorOf(error: BookingError): HttpError {
  return new HttpError(STATUS_OF[error.code], error.code, error.message, error.details ? { errors: error.details } : {})
}

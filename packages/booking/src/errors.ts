import type { DomainErrorCode } from '@tickets/contracts'

/**
 * Every refusal the booking domain can make, as a code. The domain knows no HTTP: the codes and
 * the status each is answered with are part of the API contract (DOMAIN_ERROR_STATUS in
 * @tickets/contracts), which the HTTP kit's error handler reads.
 */
export type BookingErrorCode = DomainErrorCode

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

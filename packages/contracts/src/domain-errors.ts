/**
 * The refusals of the booking domain, as the API answers them: each code with its HTTP status.
 * Part of the contract (clients branch on the code), so it lives here: the booking package throws
 * these codes without knowing HTTP, and the HTTP kit answers them without knowing bookings.
 */
export const DOMAIN_ERROR_STATUS = {
  BOOKING_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  HOLD_EXPIRED: 409,
  FORBIDDEN: 403,
  TICKETS_ALREADY_SOLD: 409,
  EVENT_HAS_BOOKINGS: 409,
  CATEGORY_NOT_FOUND: 404,
  /** Another category of the event has this name (names compare as people read them: "VIP" is "vip"). */
  CATEGORY_NAME_TAKEN: 409,
  /** A category's capacity below the tickets of it held or sold. */
  CAPACITY_BELOW_HELD: 409,
  /** A category that holds tickets cannot be deleted. */
  CATEGORY_IN_USE: 409,
  /** An event keeps at least one category. */
  LAST_CATEGORY: 409,
  /** An event has at most MAX_CATEGORIES_PER_EVENT categories. */
  TOO_MANY_CATEGORIES: 409,
  /** A single-pool request (a booking's `quantity`, an event's `total_tickets` or `ticket_price`) on an event with several categories. */
  CATEGORY_REQUIRED: 400,
  WAITLIST_ENTRY_NOT_FOUND: 404,
  /** Joining a waiting list while the category has the tickets asked for: book instead. */
  TICKETS_AVAILABLE: 409,
  /** One active waiting-list entry per user and category. */
  ALREADY_WAITING: 409,
  /** WAITLIST_MAX_ENTRIES_PER_USER active entries across events. */
  WAITLIST_LIMIT_REACHED: 409,
  WEBHOOK_NOT_FOUND: 404,
  DELIVERY_NOT_FOUND: 404,
  /** A webhook URL that is not https or resolves to a private, loopback or link-local address (WEBHOOK_ALLOW_PRIVATE=true allows them). */
  WEBHOOK_URL_REFUSED: 400,
  /** A value the body schema let through but the database cannot store exactly (money with 3 decimals). */
  VALIDATION_ERROR: 400,
} as const satisfies Record<string, number>

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_STATUS

/** An error thrown by a domain package with one of the codes above (and the envelope's `errors`, if any). */
export interface DomainRefusal {
  code: DomainErrorCode
  message: string
  details?: Record<string, unknown>
}

/** Whether `error` is a domain refusal: an Error whose code is one of the table's (never a framework's). */
export function isDomainRefusal(error: unknown): error is Error & DomainRefusal {
  if (!(error instanceof Error)) return false
  const code: unknown = (error as { code?: unknown }).code
  return typeof code === 'string' && Object.hasOwn(DOMAIN_ERROR_STATUS, code)
}

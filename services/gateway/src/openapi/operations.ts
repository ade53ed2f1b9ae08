/**
 * What the route schemas cannot say about each operation, in one table: the error statuses it can
 * answer (a route schema has one `4xx` envelope for all) with their codes, and the headers of its
 * answers. `refineDocument` (refine.ts) applies it; a route missing here fails the app at start.
 * The operationId and the security requirement are in the route schemas themselves.
 */
export interface OperationNotes {
  /** Error statuses besides the ones every operation may answer (500, 503; 401 when it needs a token). */
  errors: number[]
  /** The `code`s this operation answers for a status, where they are not the status's usual ones (CODES). */
  codes?: Record<number, string[]>
  /** Response headers by status. */
  headers?: Record<number, string[]>
}

const TRANSITION_CONFLICTS = ['INVALID_TRANSITION', 'BOOKING_IN_PROGRESS']

export const OPERATIONS: Record<string, OperationNotes> = {
  'POST /api/auth/register': { errors: [400, 403, 409, 413, 415, 429], codes: { 403: ['FORBIDDEN_ROLE'], 409: ['EMAIL_TAKEN'] } },
  'POST /api/auth/login': { errors: [400, 401, 413, 415, 429], codes: { 401: ['INVALID_CREDENTIALS'] } },
  'GET /api/auth/me': { errors: [] },

  'GET /api/users': { errors: [400, 403] },
  'POST /api/users': { errors: [400, 403, 409, 413, 415], codes: { 409: ['EMAIL_TAKEN'] } },
  'GET /api/users/{id}': { errors: [400, 403, 404] },
  'PUT /api/users/{id}': { errors: [400, 403, 404, 409, 413, 415], codes: { 409: ['EMAIL_TAKEN'] } },
  'DELETE /api/users/{id}': { errors: [400, 403, 404, 409], codes: { 409: ['USER_HAS_BOOKINGS', 'USER_HAS_EVENTS'] } },

  'GET /api/events': { errors: [400] },
  'POST /api/events': { errors: [400, 403, 413, 415], headers: { 201: ['Location'] } },
  'GET /api/events/{id}': { errors: [400, 404] },
  'PUT /api/events/{id}': {
    errors: [400, 403, 404, 409, 413, 415],
    codes: { 400: ['VALIDATION_ERROR', 'CATEGORY_REQUIRED', 'INVALID_BODY', 'BAD_REQUEST'], 409: ['TICKETS_ALREADY_SOLD'] },
  },
  'DELETE /api/events/{id}': { errors: [400, 403, 404, 409], codes: { 409: ['EVENT_HAS_BOOKINGS'] } },
  'POST /api/events/{id}/categories': { errors: [400, 403, 404, 409, 413, 415], codes: { 409: ['CATEGORY_NAME_TAKEN', 'TOO_MANY_CATEGORIES'] }, headers: { 201: ['Location'] } },
  'PUT /api/events/{id}/categories/{categoryId}': {
    errors: [400, 403, 404, 409, 413, 415],
    codes: { 404: ['EVENT_NOT_FOUND', 'CATEGORY_NOT_FOUND'], 409: ['CATEGORY_NAME_TAKEN', 'CAPACITY_BELOW_HELD'] },
  },
  'DELETE /api/events/{id}/categories/{categoryId}': {
    errors: [400, 403, 404, 409],
    codes: { 404: ['EVENT_NOT_FOUND', 'CATEGORY_NOT_FOUND'], 409: ['CATEGORY_IN_USE', 'LAST_CATEGORY'] },
  },

  'POST /api/events/{id}/waitlist': {
    errors: [400, 404, 409, 413, 415],
    codes: {
      400: ['VALIDATION_ERROR', 'CATEGORY_REQUIRED', 'INVALID_BODY', 'BAD_REQUEST'],
      404: ['EVENT_NOT_FOUND', 'CATEGORY_NOT_FOUND'],
      409: ['TICKETS_AVAILABLE', 'ALREADY_WAITING', 'WAITLIST_LIMIT_REACHED'],
    },
    headers: { 201: ['Location'] },
  },
  'GET /api/events/{id}/waitlist/me': { errors: [400, 404] },
  'DELETE /api/events/{id}/waitlist/me/{entryId}': {
    errors: [400, 404, 409],
    codes: { 404: ['EVENT_NOT_FOUND', 'WAITLIST_ENTRY_NOT_FOUND'], 409: ['INVALID_TRANSITION'] },
  },
  'GET /api/events/{id}/waitlist': { errors: [400, 403, 404] },

  'POST /api/bookings': {
    // 404: a retry under an Idempotency-Key whose booking was deleted since.
    errors: [400, 404, 409, 413, 415, 422, 429],
    // 409 SOLD_OUT at intake; under `Prefer: wait`, the rejection reason.
    codes: {
      400: ['VALIDATION_ERROR', 'CATEGORY_REQUIRED', 'INVALID_BODY', 'BAD_REQUEST'],
      409: ['SOLD_OUT', 'SALES_CLOSED', 'EVENT_NOT_FOUND', 'EVENT_PASSED', 'LIMIT_EXCEEDED', 'HOLD_LIMIT_EXCEEDED', 'INVALID_REQUEST'],
      503: ['QUEUE_UNAVAILABLE', 'QUEUE_FULL', 'SERVICE_UNAVAILABLE'],
    },
    headers: {
      201: ['Location', 'Preference-Applied', 'Idempotent-Replayed'],
      202: ['Location', 'Retry-After', 'Preference-Applied', 'Idempotent-Replayed'],
    },
  },
  'GET /api/bookings': { errors: [400] },
  'GET /api/bookings/{id}': { errors: [400, 404], codes: { 503: ['QUEUE_UNAVAILABLE', 'SERVICE_UNAVAILABLE'] }, headers: { 200: ['Retry-After'] } },
  'DELETE /api/bookings/{id}': { errors: [400, 404, 409], codes: { 409: TRANSITION_CONFLICTS } },
  'PATCH /api/bookings/{id}/status': { errors: [400, 403, 404, 409, 413, 415], codes: { 409: [...TRANSITION_CONFLICTS, 'HOLD_EXPIRED'] } },
  'PUT /api/bookings/{id}/cancel': { errors: [400, 404, 409], codes: { 409: TRANSITION_CONFLICTS } },
  'PUT /api/bookings/{id}/confirm-payment': { errors: [400, 404, 409], codes: { 409: [...TRANSITION_CONFLICTS, 'HOLD_EXPIRED'] } },
  'GET /api/bookings/{id}/events': { errors: [400, 404, 429], codes: { 503: ['QUEUE_UNAVAILABLE', 'SERVICE_UNAVAILABLE'] } },

  'GET /api/events/{id}/stats': { errors: [400, 403, 404] },

  'POST /api/webhooks': { errors: [400, 403, 413, 415], codes: { 400: ['VALIDATION_ERROR', 'WEBHOOK_URL_REFUSED', 'INVALID_BODY', 'BAD_REQUEST'] }, headers: { 201: ['Location'] } },
  'GET /api/webhooks': { errors: [403] },
  'GET /api/webhooks/{id}': { errors: [400, 403, 404] },
  'PUT /api/webhooks/{id}': { errors: [400, 403, 404, 413, 415], codes: { 400: ['VALIDATION_ERROR', 'WEBHOOK_URL_REFUSED', 'INVALID_BODY', 'BAD_REQUEST'] } },
  'DELETE /api/webhooks/{id}': { errors: [400, 403, 404] },
  'POST /api/webhooks/{id}/rotate-secret': { errors: [400, 403, 404] },
  'GET /api/webhooks/{id}/deliveries': { errors: [400, 403, 404] },
  'POST /api/webhooks/{id}/deliveries/{deliveryId}/replay': { errors: [400, 403, 404], codes: { 404: ['WEBHOOK_NOT_FOUND', 'DELIVERY_NOT_FOUND'], 503: ['QUEUE_UNAVAILABLE', 'SERVICE_UNAVAILABLE'] } },
}

export const HEADERS: Record<string, { description: string; schema: Record<string, unknown> }> = {
  Location: { description: 'Where the created or accepted resource is', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer', minimum: 0 } },
  'Preference-Applied': { description: '`wait=N` when a `Prefer: wait` was honoured', schema: { type: 'string' } },
  'Idempotent-Replayed': { description: '`true` when this answers an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
}

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field)',
  401: 'Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`)',
  403: 'Signed in but not allowed',
  404: 'Not found (also another user\'s booking)',
  409: 'Conflict with the current state',
  413: 'Body over 1 MiB',
  414: 'A path segment over 100 characters',
  415: 'Not `application/json`',
  422: 'Idempotency-Key reused with a different body',
  429: 'Rate limited: retry after `Retry-After` seconds',
  431: 'Request headers over 16 KB',
  500: 'A bug: reported with its request id',
  503: 'A dependency is unavailable: retry after `Retry-After` seconds',
}

/** The codes a status usually carries; 404's depend on the resource in the path (see refine.ts). */
export const CODES: Record<number, string[]> = {
  400: ['VALIDATION_ERROR', 'INVALID_BODY', 'BAD_REQUEST'],
  401: ['UNAUTHORIZED', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'TOKEN_REVOKED'],
  403: ['FORBIDDEN'],
  409: [],
  413: ['PAYLOAD_TOO_LARGE'],
  414: ['URI_TOO_LONG'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  422: ['IDEMPOTENCY_KEY_REUSED'],
  429: ['RATE_LIMITED'],
  431: ['HEADERS_TOO_LARGE'],
  500: ['INTERNAL_ERROR'],
  503: ['SERVICE_UNAVAILABLE'],
}

export const NOT_FOUND_BY_RESOURCE: Record<string, string> = {
  users: 'USER_NOT_FOUND',
  events: 'EVENT_NOT_FOUND',
  bookings: 'BOOKING_NOT_FOUND',
  webhooks: 'WEBHOOK_NOT_FOUND',
}

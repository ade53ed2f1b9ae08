import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { DOMAIN_ERROR_STATUS, isDomainRefusal, type ErrorBody } from '@tickets/contracts'
import { isLockConflict } from '@tickets/db'
import { isDependencyUnavailable } from './dependency-errors.js'
import { HttpError } from './http-error.js'

interface ValidationIssue {
  instancePath: string
  message?: string
  params: Record<string, unknown>
}

/** Fastify's own client errors, renamed into the API's codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_BODY',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_RATE_LIMITED: 'RATE_LIMITED',
}

/**
 * One handler per app: validation, domain and framework errors become the JSON envelope;
 * anything else is a 500 whose details stay in the log, never in the response.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpError) return sendHttpError(request, reply, error)
  // A refusal of a domain package (BookingError): its code is the contract's, and so is its status.
  if (isDomainRefusal(error)) {
    const { code, message, details } = error
    return sendHttpError(request, reply, new HttpError(DOMAIN_ERROR_STATUS[code], code, message, details ? { errors: details } : {}))
  }

  if (error.validation) {
    return send(reply, 400, {
      success: false,
      message: `Invalid ${error.validationContext ?? 'request'}`,
      code: 'VALIDATION_ERROR',
      errors: fieldErrors(error.validation as ValidationIssue[]),
    })
  }

  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    // JSON.parse failures (syntax errors, `__proto__` keys) arrive as plain 400s.
    const code = FASTIFY_CODES[error.code] ?? (status === 400 ? 'INVALID_BODY' : 'BAD_REQUEST')
    return send(reply, status, { success: false, message: error.message, code })
  }

  if (isDependencyUnavailable(error)) {
    // Details (host, port) stay in the log; the client learns only that it should retry.
    request.log.warn({ err: error }, 'dependency unavailable')
    return send(reply.header('retry-after', '1'), 503, {
      success: false,
      message: 'A service this request needs is unavailable; retry shortly',
      code: 'SERVICE_UNAVAILABLE',
    })
  }

  if (isLockConflict(error)) {
    // A deadlock or a lock wait timeout: the transaction was rolled back whole, nothing changed,
    // and the same request will most likely pass at once. Logged as an error all the same: a
    // write path that meets these is worth a look.
    request.log.error({ err: error }, 'lock conflict; the request was rolled back')
    return send(reply.header('retry-after', '1'), 503, {
      success: false,
      message: 'The request met a concurrent change and was rolled back; retry it',
      code: 'SERVICE_UNAVAILABLE',
    })
  }

  request.log.error({ err: error }, 'unhandled error')
  return send(reply, 500, { success: false, message: 'Internal server error', code: 'INTERNAL_ERROR' })
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, 404, {
    success: false,
    message: `Route ${request.method} ${request.url.split('?')[0]} not found`,
    code: 'ROUTE_NOT_FOUND',
  })
}

function sendHttpError(request: FastifyRequest, reply: FastifyReply, error: HttpError) {
  if (error.statusCode >= 500) request.log.warn({ code: error.code }, error.message)
  return send(reply.headers(error.headers), error.statusCode, {
    success: false,
    message: error.message,
    code: error.code,
    ...(error.errors === undefined ? {} : { errors: error.errors }),
  })
}

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  return reply.code(status).type('application/json; charset=utf-8').send(body)
}

/** `{ field: message }` naming each bad field, the way a client fixes a form. */
function fieldErrors(issues: ValidationIssue[]): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of issues) {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
    const missing = issue.params.missingProperty
    const extra = issue.params.additionalProperty
    const field =
      typeof missing === 'string' ? join(path, missing) : typeof extra === 'string' ? join(path, extra) : path || '(body)'
    const message = typeof extra === 'string' ? 'is not allowed' : typeof missing === 'string' ? 'is required' : issue.message ?? 'is invalid'
    errors[field] ??= message
  }
  return errors
}

function join(path: string, key: string) {
  return path ? `${path}.${key}` : key
}

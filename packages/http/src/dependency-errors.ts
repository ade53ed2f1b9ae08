/**
 * Errors that mean "a dependency (MySQL, Redis) is not answering", not "the code is wrong": the
 * client gets 503 with Retry-After and the service recovers by itself when the dependency returns.
 * Anything else stays a 500.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
])
// MySQL client/server errors for "cannot connect", "gone away", "lost connection", "too many connections", "shutting down".
const UNREACHABLE_ERRNOS = new Set([1040, 1053, 2002, 2003, 2006, 2013])
// ioredis, with the offline queue off or the connection closed.
const REDIS_MESSAGES = [/Stream isn't writeable/, /Connection is closed/, /Reached the max retries per request limit/]

export function isDependencyUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const { name, code, errno, message } = error as { name?: string; code?: string; errno?: number; message?: string }
  // knex: no pool connection within acquireConnectionTimeout (pool exhausted, or MySQL away).
  if (name === 'KnexTimeoutError') return true
  if (code && UNREACHABLE_CODES.has(code)) return true
  if (errno && UNREACHABLE_ERRNOS.has(errno)) return true
  if (name === 'MaxRetriesPerRequestError') return true
  return typeof message === 'string' && REDIS_MESSAGES.some((pattern) => pattern.test(message))
}

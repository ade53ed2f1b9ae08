import Type, { type Static } from 'typebox'
import { commonEnv, jwtEnv, loadConfig, redisSafetyEnv } from '@tickets/config'

export const GatewayEnv = Type.Object({
  ...commonEnv,
  ...jwtEnv,
  ...redisSafetyEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  USER_SERVICE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3001' }),
  EVENT_SERVICE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3002' }),
  /** Login attempts allowed per email and client address within the window. */
  LOGIN_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 10 }),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
  /** Booking requests (POST /api/bookings) one user may send per window; 429 beyond it. */
  BOOKING_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 30 }),
  BOOKING_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  /**
   * Browser origins allowed to call the API, comma-separated (`https://tickets.example.com`).
   * Empty (the default) sends no CORS headers at all: browsers on other origins are refused.
   */
  CORS_ORIGINS: Type.String({ default: '' }),
  /**
   * Booking jobs allowed to wait in the queue; beyond it POST /api/bookings answers 503 QUEUE_FULL
   * with Retry-After. About 1 KB of Redis memory each, so the default bounds the queue near 100 MB.
   */
  MAX_QUEUED_BOOKINGS: Type.Integer({ minimum: 1, default: 100_000 }),
  /**
   * Bull Board can inspect the queues and retry failed jobs, nothing else: one click on "Clean" or
   * "Remove" would drop accepted bookings. false enables every action (an operator's deliberate choice).
   */
  BULL_BOARD_READ_ONLY: Type.Boolean({ default: true }),
  /** How long the gateway waits for an internal service before answering 503. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000 }),
})
export type GatewayConfig = Static<typeof GatewayEnv>

export function loadGatewayConfig(env?: Record<string, string | undefined>): GatewayConfig {
  return loadConfig(GatewayEnv, env)
}

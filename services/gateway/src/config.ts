import Type, { type Static } from 'typebox'
import { bookingQueueEnv, offerEnv, webhookEnv, commonEnv, jwtEnv, loadConfig, redisSafetyEnv, publicHostEnv } from '@tickets/config'

export const GatewayEnv = Type.Object({
  ...commonEnv,
  ...publicHostEnv,
  ...jwtEnv,
  ...redisSafetyEnv,
  ...bookingQueueEnv,
  ...offerEnv,
  ...webhookEnv,
  /** The HTTP port. */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  /** Where the gateway reaches user-service. */
  USER_SERVICE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3001' }),
  /** Where the gateway reaches event-service. */
  EVENT_SERVICE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3002' }),
  /** Login attempts allowed per email and client address within the window. */
  LOGIN_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 10 }),
  /** The window of LOGIN_RATE_LIMIT_MAX, in seconds. */
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
  /**
   * Registrations (POST /api/auth/register) per client address per window; 429 beyond it. Also
   * bounds the email enumeration registration allows (409 EMAIL_TAKEN says an address exists).
   */
  REGISTRATION_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 20 }),
  /** The window of REGISTRATION_RATE_LIMIT_MAX, in seconds. */
  REGISTRATION_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 3600 }),
  /**
   * `Prefer: wait` requests one user, and this gateway process in all, may hold open at once;
   * 429 with Retry-After beyond (nothing queued). Each one holds a connection for up to 30 s.
   */
  MAX_WAITS_PER_USER: Type.Integer({ minimum: 0, maximum: 1000, default: 2 }),
  /** `Prefer: wait` requests held open at once in one gateway process (429 past it). */
  MAX_WAITS_TOTAL: Type.Integer({ minimum: 0, maximum: 100_000, default: 1000 }),
  /**
   * Live status streams (GET /api/bookings/:id/events) one user may hold open at once; 429 with
   * Retry-After beyond. Each ends when its booking reaches a terminal status.
   */
  MAX_STREAMS_PER_USER: Type.Integer({ minimum: 0, maximum: 1000, default: 5 }),
  /** Live status streams held open at once in one gateway process (429 past it). */
  MAX_STREAMS_TOTAL: Type.Integer({ minimum: 0, maximum: 100_000, default: 5000 }),
  /** Booking requests (POST /api/bookings) one user may send per window; 429 beyond it. */
  BOOKING_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 30 }),
  /** The window of BOOKING_RATE_LIMIT_MAX, in seconds. */
  BOOKING_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  /**
   * Browser origins allowed to call the API, comma-separated (`https://tickets.example.com`).
   * Empty (the default) sends no CORS headers at all: browsers on other origins are refused.
   */
  CORS_ORIGINS: Type.String({ default: '' }),
  /**
   * Booking requests allowed to wait in the queue (waiting jobs times the requests per job this
   * gateway added lately: jobs hold bundles); beyond it POST /api/bookings answers 503 QUEUE_FULL
   * with Retry-After. About 1 KB of Redis memory each, so the default bounds the queue near 100 MB.
   */
  MAX_QUEUED_BOOKINGS: Type.Integer({ minimum: 1, default: 100_000 }),
  /**
   * How long the intake remembers that an event was not sold out before asking Redis again (per
   * gateway). A sold-out answer is never remembered, so returned tickets are bookable at once;
   * for this long after a sell-out, requests are queued and refused by the worker. 0: ask every time.
   */
  SOLD_OUT_CHECK_CACHE_MS: Type.Integer({ minimum: 0, maximum: 5_000, default: 50 }),
  /**
   * Bull Board can inspect the queues and retry failed jobs, nothing else: one click on "Clean" or
   * "Remove" would drop accepted bookings. false enables every action (an operator's deliberate choice).
   */
  BULL_BOARD_READ_ONLY: Type.Boolean({ default: true }),
  /**
   * The reverse proxies in front of the gateway whose X-Forwarded-For / -Proto are believed:
   * empty (none; the default), `true`, a hop count, or comma-separated addresses/CIDRs. Set it
   * behind a load balancer, or every client shares the proxy's address in the rate limits.
   */
  TRUST_PROXY: Type.String({ default: '' }),
  /** How long the gateway waits for an internal service before answering 503. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000 }),
  /**
   * How long an accepted booking's add to the queue may take before the client gets 503
   * QUEUE_UNAVAILABLE. The add may still land after that: the Idempotency-Key stays claimed for
   * its booking id, so a retry under the key gets that booking (tests set it to 1 ms to make this
   * happen on purpose).
   */
  QUEUE_ADD_TIMEOUT_MS: Type.Integer({ minimum: 1, maximum: 60_000, default: 1_000 }),
  /**
   * A busy gateway holds each queue shard's bundle of booking requests open for a tenth of what
   * its first request had already waited in the gateway, at most this long (0: never; a bundle
   * then closes with its event-loop turn). Requests that waited under 100 ms are never held.
   * Fewer, larger bundles cost less per booking in the gateway and the worker (booking-bundler.ts).
   */
  BOOKING_BUNDLE_HOLD_MS: Type.Integer({ minimum: 0, maximum: 5_000, default: 250 }),
})
export type GatewayConfig = Static<typeof GatewayEnv>

export function loadGatewayConfig(env?: Record<string, string | undefined>): GatewayConfig {
  return loadConfig(GatewayEnv, env)
}

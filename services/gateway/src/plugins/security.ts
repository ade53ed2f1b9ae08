import fp from 'fastify-plugin'
import cors from '@fastify/cors'
import { HSTS, SECURITY_HEADERS } from './security-headers.js'

export interface SecurityOptions {
  /** Allowed browser origins; empty means no cross-origin access at all. */
  corsOrigins: string[]
}

/**
 * Security headers on every answer (helmet's defaults, see security-headers.ts: CSP, nosniff, ...,
 * and HSTS over HTTPS) and CORS that is closed unless origins are named. The HTML pages (Swagger UI, Bull
 * Board) load only their own scripts, which the default CSP (`script-src 'self'`) allows.
 */
export const securityPlugin = fp<SecurityOptions>(
  async (app, { corsOrigins }) => {
    // HSTS only on answers that came over HTTPS (directly, or through a trusted proxy's
    // X-Forwarded-Proto).
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(SECURITY_HEADERS)
      if (request.protocol === 'https') reply.header('strict-transport-security', HSTS)
      done()
    })
    await app.register(cors, {
      origin: corsOrigins.length > 0 ? corsOrigins : false,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'prefer', 'x-request-id'],
      exposedHeaders: ['location', 'retry-after', 'x-request-id', 'idempotent-replayed', 'preference-applied'],
      maxAge: 600,
    })
  },
  { name: 'security', fastify: '5.x' },
)

/** `CORS_ORIGINS` as a list: comma-separated, blanks ignored. */
export function parseOrigins(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0)
}

/**
 * `TRUST_PROXY` as Fastify's trustProxy: empty (the default) trusts no one, `true` every hop, a
 * number that many hops, anything else a comma-separated list of addresses or CIDR ranges.
 */
export function parseTrustProxy(value: string): boolean | number | string[] | undefined {
  const trimmed = value.trim()
  if (trimmed === '' || trimmed === 'false') return undefined
  if (trimmed === 'true') return true
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  return parseOrigins(trimmed)
}

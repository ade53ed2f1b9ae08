import fp from 'fastify-plugin'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'

export interface SecurityOptions {
  /** Allowed browser origins; empty means no cross-origin access at all. */
  corsOrigins: string[]
}

/**
 * Security headers on every answer (helmet's defaults: CSP, HSTS, nosniff, frame-ancestors
 * none, ...) and CORS that is closed unless origins are named. The HTML pages (Swagger UI, Bull
 * Board) load only their own scripts, which the default CSP (`script-src 'self'`) allows.
 */
export const securityPlugin = fp<SecurityOptions>(
  async (app, { corsOrigins }) => {
    await app.register(helmet, { global: true })
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

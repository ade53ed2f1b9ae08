import fp from 'fastify-plugin'
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import { HealthBody } from '@tickets/contracts'
import { withDeadline } from './deadline.js'

/** Resolves when the dependency answers; rejects (or times out) when it does not. */
export type HealthCheck = () => Promise<unknown>

export interface HealthPluginOptions {
  checks: Record<string, HealthCheck>
  /** How long one check may take before the dependency counts as down. */
  timeoutMs?: number
}

const plugin: FastifyPluginAsync<HealthPluginOptions> = async (app, { checks, timeoutMs = 2_000 }) => {
  app.get(
    '/health/live',
    // Probes hit these every few seconds: log them only when something is wrong.
    { schema: { hide: true, response: { 200: HealthBody } } as object, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/health/ready',
    { schema: { hide: true, response: { 200: HealthBody, 503: HealthBody } } as object, logLevel: 'warn' },
    async (_request, reply) => {
      const results = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs, app.log)] as const),
      )
      const ready = results.every(([, result]) => result === 'ok')
      if (!ready) reply.code(503).header('retry-after', '5')
      return { status: ready ? ('ok' as const) : ('unavailable' as const), checks: Object.fromEntries(results) }
    },
  )
}

/** Details go to the log; the public answer only says which dependency is unavailable. */
async function runCheck(check: HealthCheck, timeoutMs: number, log: FastifyBaseLogger): Promise<string> {
  try {
    await withDeadline(check(), timeoutMs)
    return 'ok'
  } catch (error) {
    log.warn({ err: error }, 'readiness check failed')
    return 'unavailable'
  }
}

export const healthPlugin = fp(plugin, { name: 'health', fastify: '5.x' })

import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import { HttpError } from '@tickets/http'

/**
 * @fastify/rate-limit with its Redis store, so limits hold across gateway replicas. Nothing is
 * limited globally; routes opt in with `config.rateLimit`. While Redis is down requests are let
 * through (skipOnError): an outage must not lock every user out.
 */
export const rateLimitPlugin = fp<{ prefix: string }>(
  async (app, { prefix }) => {
    await app.register(rateLimit, {
      global: false,
      redis: app.redis,
      nameSpace: `${prefix}:rate-limit:`,
      skipOnError: true,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'RATE_LIMITED', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`),
    })
  },
  { name: 'rate-limit', dependencies: ['redis'] },
)

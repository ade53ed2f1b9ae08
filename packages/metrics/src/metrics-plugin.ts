import fp from 'fastify-plugin'
import { Histogram, type Registry } from 'prom-client'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry
  }
}

export interface MetricsPluginOptions {
  registry: Registry
}

/**
 * `GET /metrics` in Prometheus text format, and `http_request_duration_seconds` for every
 * request, labelled by route pattern (never the raw URL: ids would explode the series count).
 * Requests that matched no route count under `route="(unmatched)"`.
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  async (app, { registry }) => {
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    })

    app.decorate('metrics', registry)
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? '(unmatched)'
      if (route === '/metrics') return
      duration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      )
    })

    app.get('/metrics', { schema: { hide: true } as object, logLevel: 'warn' }, async (_request, reply) => {
      reply.type(registry.contentType)
      return registry.metrics()
    })
  },
  { name: 'metrics', fastify: '5.x' },
)

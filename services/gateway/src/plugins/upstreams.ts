import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Pool } from 'undici'
import { HttpError } from '@tickets/http'

/**
 * Relays one request to an internal service and its answer back, status and body unchanged.
 * The body is typed `any` on purpose: the route's response schema is what shapes (and filters)
 * it on the way out, so it fits whichever route uses the forwarder.
 */
// biome-ignore lint: see above
export type Forward = (request: FastifyRequest, reply: FastifyReply) => Promise<any>

/** A request the gateway makes on its own behalf (readiness, Bull Board sign-in). */
export type Call = (request: { method: 'GET' | 'POST'; path: string; body?: unknown }) => Promise<{ statusCode: number; body: unknown }>

declare module 'fastify' {
  interface FastifyInstance {
    upstreams: {
      users: Forward
      events: Forward
      call: { users: Call; events: Call }
    }
  }
}

/** Headers of the internal answer that mean something to the client. */
const RELAYED_HEADERS = ['location', 'retry-after', 'www-authenticate']

export interface UpstreamsOptions {
  users: string
  events: string
  timeoutMs: number
}

/**
 * The gateway speaks to user- and event-service over keep-alive pools. It forwards the
 * caller's bearer token as it came: each service verifies it again rather than trusting a
 * header the gateway (or anyone) could set. The request id travels along for the logs.
 */
export const upstreamsPlugin = fp<UpstreamsOptions>(
  async (app, { users, events, timeoutMs }) => {
    const pools = [new Pool(users, { connections: 64 }), new Pool(events, { connections: 64 })] as const

    const forwardTo =
      (pool: Pool, name: string): Forward =>
      async (request, reply) => {
        const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': request.id }
        if (request.headers.authorization) headers.authorization = request.headers.authorization
        let body: string | undefined
        if (request.body !== undefined && request.body !== null) {
          headers['content-type'] = 'application/json'
          body = JSON.stringify(request.body)
        }
        try {
          const res = await pool.request({
            method: request.method as 'GET',
            path: request.url,
            headers,
            body,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          })
          for (const header of RELAYED_HEADERS) {
            const value = res.headers[header]
            if (typeof value === 'string') reply.header(header, value)
          }
          reply.code(res.statusCode)
          return await res.body.json()
        } catch (error) {
          request.log.error({ err: error, upstream: name }, 'upstream unavailable')
          throw new HttpError(503, 'SERVICE_UNAVAILABLE', `The ${name} service is unavailable, try again shortly`, {
            headers: { 'retry-after': '5' },
          })
        }
      }

    const callOn =
      (pool: Pool): Call =>
      async ({ method, path, body }) => {
        const res = await pool.request({
          method,
          path,
          headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        })
        return { statusCode: res.statusCode, body: await res.body.json().catch(() => null) }
      }

    app.decorate('upstreams', {
      users: forwardTo(pools[0], 'user'),
      events: forwardTo(pools[1], 'event'),
      call: { users: callOn(pools[0]), events: callOn(pools[1]) },
    })
    app.addHook('onClose', async () => {
      await Promise.all(pools.map((pool) => pool.close()))
    })
  },
  { name: 'upstreams', fastify: '5.x' },
)

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

const unavailable = (name: string) =>
  new HttpError(503, 'SERVICE_UNAVAILABLE', `The ${name} service is unavailable, try again shortly`, { headers: { 'retry-after': '5' } })

const isEnvelope = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false && typeof (body as { code?: unknown }).code === 'string'

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

    /** One JSON request to an internal service, within the upstream timeout. */
    const send = (pool: Pool, method: string, path: string, body: unknown, extraHeaders: Record<string, string>) =>
      pool.request({
        method: method as 'GET',
        path,
        headers: {
          accept: 'application/json',
          ...(body === undefined || body === null ? {} : { 'content-type': 'application/json' }),
          ...extraHeaders,
        },
        body: body === undefined || body === null ? undefined : JSON.stringify(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })

    const forwardTo =
      (pool: Pool, name: string): Forward =>
      async (request, reply) => {
        const headers: Record<string, string> = { 'x-request-id': request.id }
        if (request.headers.authorization) headers.authorization = request.headers.authorization
        let status: number
        let body: unknown
        try {
          const res = await send(pool, request.method, request.url, request.body, headers)
          status = res.statusCode
          for (const header of RELAYED_HEADERS) {
            const value = res.headers[header]
            if (typeof value === 'string') reply.header(header, value)
          }
          body = await res.body.json()
        } catch (error) {
          // Refused, reset, timed out, or an answer that is not JSON (a proxy's error page).
          request.log.warn({ err: error, upstream: name }, 'upstream unavailable')
          throw unavailable(name)
        }
        // "Unavailable" in any form (a proxy's 502/504, a 503 not in the API's envelope) is the
        // API's 503; a real 500 from a service (a bug) stays a 500.
        if ((status === 502 || status === 503 || status === 504) && !isEnvelope(body)) throw unavailable(name)
        if (status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '1')
        reply.code(status)
        return body
      }

    const callOn =
      (pool: Pool): Call =>
      async ({ method, path, body }) => {
        const res = await send(pool, method, path, body, {})
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

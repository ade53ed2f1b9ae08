import type { FastifyInstance } from 'fastify'
import { createTicketsClient } from '@tickets/client'

/**
 * The generated typed client (packages/client) driving an in-process gateway: its `fetch` is
 * routed to Fastify's inject, so a test speaks the OpenAPI document's paths and types without a
 * listening socket.
 */
export function typedClientFor(app: FastifyInstance) {
  const injectFetch = async (input: Request): Promise<Response> => {
    const url = new URL(input.url)
    const body = input.body ? await input.text() : undefined
    const res = await app.inject({
      method: input.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(input.headers.entries()),
      ...(body === undefined ? {} : { payload: body }),
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value))
    }
    return new Response(res.statusCode === 204 ? null : res.body, { status: res.statusCode, headers })
  }
  return createTicketsClient({ baseUrl: 'http://gateway.test', fetch: injectFetch })
}

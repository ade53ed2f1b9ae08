import createClient, { type ClientOptions } from 'openapi-fetch'
import type { components, paths } from './schema.js'

export type { components, paths } from './schema.js'

/** The API's named schemas as TypeScript types: `Schemas['Booking']`, `Schemas['Event']`, ... */
export type Schemas = components['schemas']

/**
 * A typed client of the public API, generated from docs/openapi.json (`npm run client`): every
 * path, parameter, body and answer is checked by the compiler against the document, and every call
 * a test or the load generator makes through it exercises the document for real.
 *
 *   const api = createTicketsClient({ baseUrl: 'http://localhost:3000' })
 *   const { data, error, response } = await api.POST('/api/bookings', { body: { event_id, quantity: 2 }, headers: { authorization } })
 *
 * `fetch` may be replaced (tests route it to Fastify's inject).
 */
export function createTicketsClient(options: ClientOptions = {}) {
  return createClient<paths>(options)
}

export type TicketsClient = ReturnType<typeof createTicketsClient>

/** `Authorization: Bearer <token>` for a call's `headers`. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

export { bookingStatusEvents, StatusStreamRefused, type StatusEvent, type StatusStreamOptions } from './status-stream.js'

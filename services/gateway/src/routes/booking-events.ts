import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, type Booking } from '@tickets/contracts'
import { HttpError } from '@tickets/http'
import type { BookingChanges } from '../bookings/booking-changes.js'
import type { BookingView } from '../bookings/booking-view.js'
import { createWaitAllowance } from '../bookings/waiting.js'
import { bearerAuth, errorResponses } from './schema-parts.js'

/** A comment line this often keeps proxies from closing an idle stream; the booking is re-read with it (a notice lost to a Redis blip is caught then). */
const HEARTBEAT_MS = 15_000
/** Statuses after which nothing changes any more: the stream ends with them. */
const FINAL = new Set<Booking['status']>(['rejected', 'cancelled', 'expired'])

export interface BookingEventsOptions {
  view: BookingView
  changes: BookingChanges
  /** Streams held open at once per user and in this process (MAX_STREAMS_PER_USER, MAX_STREAMS_TOTAL). */
  streams: { perUser: number; total: number }
  heartbeatMs?: number
}

/**
 * GET /api/bookings/:id/events: the booking's status as Server-Sent Events instead of polling.
 * A `status` event at once (the booking as GET /api/bookings/:id shows it, `queue` included while
 * queued), then one at each change of status, until a final one (rejected, cancelled, expired),
 * after which the stream ends; a deleted booking ends it with a `deleted` event. Each event's id
 * is the status it reports: a client reconnecting with `Last-Event-ID` gets only what is newer.
 * Changes are heard from the outbox relay's notices (see booking-changes.ts), whichever gateway
 * the client is connected to.
 */
export const bookingEventsRoutes: FastifyPluginAsyncTypebox<BookingEventsOptions> = async (app, { view, changes, streams, heartbeatMs = HEARTBEAT_MS }) => {
  const allowance = createWaitAllowance({ ...streams, what: 'status streams', instead: 'close one or poll the booking' })
  // Streams open now, ended when the gateway closes (a client reconnects, with Last-Event-ID, to
  // another gateway or this one restarted): an open stream must not hold a shutdown up.
  const open = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of [...open]) end()
  })

  app.get(
    '/api/bookings/:id/events',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['bookings'],
        operationId: 'streamBookingStatus',
        summary:
          'The booking\'s status as Server-Sent Events (owner or admin): a "status" event at once, then one per change until rejected, cancelled or expired; Last-Event-ID resumes',
        security: bearerAuth,
        params: IdParams,
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 100 })) }),
        response: {
          200: { description: 'text/event-stream of `status` events (data: the Booking)', content: { 'text/event-stream': { schema: Type.String() } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const user = request.user
      const release = allowance.take(user.sub)

      let last = request.headers['last-event-id']
      let opened = false
      let closed = false
      let reading: Promise<void> | undefined
      let again = false
      let unwatch: (() => void) | undefined
      let heartbeat: NodeJS.Timeout | undefined
      const raw = reply.raw

      const end = () => {
        if (closed) return
        closed = true
        open.delete(end)
        clearInterval(heartbeat)
        unwatch?.()
        release()
        if (opened) raw.end()
      }
      const write = (text: string) => {
        if (!closed) raw.write(text)
      }
      const send = (booking: Booking) => {
        if (booking.status !== last) {
          last = booking.status
          write(`id: ${booking.status}\nevent: status\ndata: ${JSON.stringify(booking)}\n\n`)
        }
        if (FINAL.has(booking.status)) end()
      }
      /** Reads the booking and sends it if its status is new; one read at a time, one more if asked meanwhile. */
      const refresh = async (): Promise<void> => {
        if (reading || !opened) {
          again = true
          return reading
        }
        reading = (async () => {
          do {
            again = false
            try {
              send((await view(id, user)).booking)
            } catch (error) {
              if (error instanceof HttpError && error.statusCode === 404) {
                write(`event: deleted\ndata: ${JSON.stringify({ id })}\n\n`)
                end()
              }
              // Anything else (MySQL or Redis away a moment): the next notice or heartbeat reads again.
            }
          } while (again && !closed)
        })().finally(() => {
          reading = undefined
        })
        return reading
      }

      // Listening before the read: a change between the two is not missed (it asks for a re-read).
      try {
        unwatch = await changes.watch(id, () => void refresh())
      } catch {
        end()
        throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'Live status is unavailable right now; poll the booking', { headers: { 'retry-after': '1' } })
      }
      let first: Booking
      try {
        // Someone else's booking, or none: 404 before anything is opened.
        first = (await view(id, user)).booking
      } catch (error) {
        end()
        throw error
      }
      reply.hijack()
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // Tells nginx-like proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      })
      opened = true
      open.add(end)
      // How long a client waits before reconnecting after a drop.
      write('retry: 1000\n\n')
      request.raw.on('close', end)
      heartbeat = setInterval(() => {
        write(': heartbeat\n\n')
        void refresh()
      }, heartbeatMs)
      send(first)
      if (again && !closed) await refresh()
    },
  )
}

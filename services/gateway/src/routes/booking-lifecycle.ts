import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import { IdParams, Success, UpdateBookingStatusBody } from '@tickets/contracts'
import { HttpError, ok, withDeadline } from '@tickets/http'
import { changeStatus, deleteBooking, type Actor, type StockSignals, type Target } from '@tickets/booking'
import type { BookingsRepository } from '../bookings/bookings-repository.js'
import { toBooking, type BookingWithSummaries } from '../bookings/serialize.js'
import { bearerAuth, errorResponses } from './schema-parts.js'
import { Refs } from '../openapi/components.js'

/**
 * Status changes run here, in the gateway, as one short transaction each (see @tickets/booking
 * for the transition table and lock order): the client gets the outcome in the same request, and
 * the worker is left to the hot booking path.
 */
export interface BookingLifecycleOptions {
  bookings: BookingsRepository
  stock: StockSignals
  /** Tells live status streams (any gateway's) that a booking changed, after the commit; advice only. */
  changed: (bookingId: string) => void
}

export const bookingLifecycleRoutes: FastifyPluginAsyncTypebox<BookingLifecycleOptions> = async (app, { bookings, stock, changed }) => {
  /** 404 unless the caller owns the booking or is an admin; 409 while it exists only as a job (queued, or failed for good). */
  const authorize = async (request: FastifyRequest, id: string): Promise<Actor> => {
    const row = await bookings.findById(id)
    if (!row) {
      const found = await withDeadline(app.bookingShards.findJob(id)).catch(() => undefined)
      const owner = (found?.request as { user_id?: unknown } | undefined)?.user_id
      if (found && (request.user.role === 'admin' || owner === request.user.sub)) {
        const { job } = found
        // A job the worker gave up on is an ended request (GET shows it rejected), not one in progress.
        if ((await withDeadline(job.getState()).catch(() => 'unknown')) === 'failed') {
          throw new HttpError(409, 'INVALID_TRANSITION', 'The booking request was rejected (INVALID_REQUEST); it cannot change')
        }
        throw new HttpError(409, 'BOOKING_IN_PROGRESS', 'The booking is still queued; try again shortly', { headers: { 'retry-after': '1' } })
      }
      throw new HttpError(404, 'BOOKING_NOT_FOUND', 'Booking not found')
    }
    if (row.user_id === request.user.sub) return request.user.role === 'admin' ? 'admin' : 'owner'
    if (request.user.role === 'admin') return 'admin'
    throw new HttpError(404, 'BOOKING_NOT_FOUND', 'Booking not found')
  }

  const change = async (request: FastifyRequest, id: string, to: Target, actor: Actor) => {
    const updated = await changeStatus(app.knex, id, to, actor, stock)
    changed(id)
    request.log.info({ booking_id: id, status: to, actor }, 'booking status changed')
    // The answer is the row the transaction committed. The user/event summaries come from a
    // second read, which a racing DELETE may find empty: then the committed row goes without them.
    const current = await bookings.findById(id)
    // changeStatus never answers with a tombstone (it treats one as not found).
    if (current && current.status === updated.status) return ok(toBooking(current), `Booking ${to}`)
    const items = await app.knex('booking_items').where({ booking_id: id }).orderBy('category_id')
    const committed = { ...updated, status: updated.status as BookingWithSummaries['status'], user_name: null, user_email: null, event_name: null, event_location: null, event_date: null, items }
    return ok(toBooking(committed), `Booking ${to}`)
  }

  const route = { preHandler: app.authenticate }
  const schema = (operationId: string, summary: string) => ({ tags: ['bookings'], operationId, summary, security: bearerAuth, params: IdParams, response: { 200: Success(Refs.Booking), ...errorResponses } })

  app.patch(
    '/api/bookings/:id/status',
    {
      ...route,
      schema: {
        tags: ['bookings'],
        operationId: 'setBookingStatus', summary: 'Set a status: cancelled (owner or admin, from pending or confirmed) or confirmed (admin, from pending)',
        security: bearerAuth,
        params: IdParams,
        body: UpdateBookingStatusBody,
        response: { 200: Success(Refs.Booking), ...errorResponses },
      },
    },
    async (request) => {
      const actor = await authorize(request, request.params.id)
      // Through PATCH only an admin confirms; owners confirm by paying (confirm-payment).
      if (request.body.status === 'confirmed' && actor !== 'admin') {
        throw new HttpError(403, 'FORBIDDEN', 'Only an administrator may set confirmed; owners use PUT /api/bookings/:id/confirm-payment')
      }
      return change(request, request.params.id, request.body.status, actor)
    },
  )

  app.put('/api/bookings/:id/cancel', { ...route, schema: schema('cancelBooking', 'Cancel (owner or admin); held tickets go back to the event') }, async (request) =>
    change(request, request.params.id, 'cancelled', await authorize(request, request.params.id)),
  )

  app.put(
    '/api/bookings/:id/confirm-payment',
    { ...route, schema: schema('confirmPayment', 'Confirm payment for a pending hold (owner or admin); 409 HOLD_EXPIRED after expires_at') },
    async (request) => change(request, request.params.id, 'confirmed', await authorize(request, request.params.id)),
  )

  app.delete(
    '/api/bookings/:id',
    {
      ...route,
      schema: {
        tags: ['bookings'],
        operationId: 'deleteBooking', summary: 'Delete a booking (owner or admin); tickets it held go back to the event',
        security: bearerAuth,
        params: IdParams,
        response: { 200: Success(Type.Object({ id: Type.String() })), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params
      await authorize(request, id)
      await deleteBooking(app.knex, id, stock)
      changed(id)
      return ok({ id }, 'Booking deleted')
    },
  )
}

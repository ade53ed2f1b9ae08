import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { BookingListQuery, CreateBookingBody, IdParams, Success } from '@tickets/contracts'
import { HttpError, ok, paginated } from '@tickets/http'
import type { BookingsRepository } from '../bookings/bookings-repository.js'
import type { BookingIntake } from '../bookings/intake.js'
import type { IntakeMetrics } from '../bookings/intake-metrics.js'
import { withDeadline } from '@tickets/http'
import { toBooking } from '../bookings/serialize.js'
import { POLL_AFTER_SECONDS, type BookingView } from '../bookings/booking-view.js'
import { createWaitAllowance, preferredWaitSeconds } from '../bookings/waiting.js'
import { bearerAuth, errorResponses } from './schema-parts.js'
import { PageOf, Refs } from '../openapi/components.js'

export interface BookingRoutesOptions {
  intake: BookingIntake
  bookings: BookingsRepository
  /** A booking as its owner sees it now (see booking-view.ts). */
  view: BookingView
  /** Booking requests one user may send within the window (all gateway replicas together). */
  rateLimit: { max: number; windowSeconds: number }
  /** Open `Prefer: wait` requests allowed per user and in this process. */
  waits: { perUser: number; total: number }
  metrics: IntakeMetrics
}


export const bookingRoutes: FastifyPluginAsyncTypebox<BookingRoutesOptions> = async (app, { intake, bookings, view, rateLimit, waits, metrics }) => {
  const waiting = createWaitAllowance(waits)

  /** Waits for the worker's outcome by subscription (QueueEvents), never by polling the database. */
  const waitForOutcome = async (id: string, seconds: number) => {
    const found = await withDeadline(app.bookingShards.findJob(id)).catch(() => undefined)
    // Not under a deadline of its own: the lease bounds its one wait, and one given up on here
    // would be held for ever.
    const lease = found ? await app.bookingEvents(found.queue).catch(() => undefined) : undefined
    if (found && lease) {
      try {
        await found.job.waitUntilFinished(lease.events, seconds * 1000).catch(() => undefined)
      } finally {
        lease.release()
      }
    }
    return bookings.findById(id)
  }

  app.post(
    '/api/bookings',
    {
      preHandler: app.authenticate,
      onResponse: metrics.onResponse,
      config: {
        rateLimit: {
          // After authentication, keyed by the user: one client cannot crowd out the rest of a
          // sale, and users behind one NAT address do not share a budget.
          hook: 'preHandler',
          max: rateLimit.max,
          timeWindow: rateLimit.windowSeconds * 1000,
          keyGenerator: (request) => `booking:${request.user.sub}`,
        },
      },
      schema: {
        tags: ['bookings'],
        operationId: 'createBooking', summary:
          'Request tickets: queued at once (202); poll the Location, or send Prefer: wait=N to wait for the outcome. 409 SOLD_OUT at once when the event is known to be sold out (nothing queued); 503 QUEUE_FULL with Retry-After while the queue is full',
        security: bearerAuth,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
          prefer: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        body: CreateBookingBody,
        response: { 201: Success(Refs.Booking), 202: Success(Refs.BookingAccepted), ...errorResponses },
      },
    },
    async (request, reply) => {
      const wait = preferredWaitSeconds(request.headers.prefer)
      // Taken before anything is queued: a refused wait leaves nothing behind to retry around.
      const release = wait > 0 ? waiting.take(request.user.sub) : undefined
      try {
        // reply.elapsedTime runs from the request's arrival: how long it has waited in this gateway.
        const submitted = await intake.submit(request.user.sub, request.body, request.headers['idempotency-key'], performance.now() - reply.elapsedTime)
        if ('soldOut' in submitted) return reply.code(409).send(submitted.body)
        const location = `/api/bookings/${submitted.id}`
        reply.header('location', location)
        if (submitted.replayed) reply.header('idempotent-replayed', 'true')

        if (wait > 0) {
          reply.header('preference-applied', `wait=${wait}`)
          const row = await waitForOutcome(submitted.id, wait)
          if (row?.status === 'rejected') {
            const detail = row.reason_detail ? (JSON.parse(row.reason_detail) as Record<string, unknown>) : {}
            throw new HttpError(409, row.reason ?? 'REJECTED', `Booking rejected: ${row.reason}`, {
              errors: { booking_id: row.id, reason: row.reason, ...detail },
            })
          }
          if (row) return reply.code(201).send(ok(toBooking(row), 'Booking ' + row.status))
        }

        const accepted = {
          id: submitted.id,
          status: submitted.status,
          event_id: submitted.event_id,
          quantity: submitted.quantity,
          ...(submitted.items ? { items: submitted.items } : {}),
        }
        if (submitted.status === 'queued') reply.header('retry-after', POLL_AFTER_SECONDS)
        return reply.code(202).send(ok(accepted, submitted.replayed ? 'Booking already requested' : 'Booking queued'))
      } finally {
        release?.()
      }
    },
  )

  app.get(
    '/api/bookings/:id',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['bookings'],
        operationId: 'getBooking', summary: 'A booking in its current status (owner or admin); while queued, queue.ahead and queue.eta_seconds estimate its place, and Retry-After says when to poll again',
        security: bearerAuth,
        params: IdParams,
        response: { 200: Success(Refs.Booking), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { booking, retryAfter } = await view(request.params.id, request.user)
      if (retryAfter) reply.header('retry-after', retryAfter)
      return ok(booking)
    },
  )

  app.get(
    '/api/bookings',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['bookings'],
        operationId: 'listBookings', summary: "The caller's bookings (admin: everyone's), newest first; filter by status and event_id",
        security: bearerAuth,
        querystring: BookingListQuery,
        response: { 200: PageOf(Refs.Booking), ...errorResponses },
      },
    },
    async (request) => {
      const { page, limit, status, event_id } = request.query
      // Queued bookings have no row yet, so they are not listed; poll them by id.
      if (status === 'queued') return paginated([], { page, limit, total: 0 })
      const { rows, total } = await bookings.list(
        {
          ...(request.user.role === 'admin' ? {} : { userId: request.user.sub }),
          ...(status ? { status } : {}),
          ...(event_id ? { eventId: event_id } : {}),
        },
        page,
        limit,
      )
      return paginated(rows.map(toBooking), { page, limit, total })
    },
  )
}

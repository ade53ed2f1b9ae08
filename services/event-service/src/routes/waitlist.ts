import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ErrorBody, IdParams, JoinWaitlistBody, Success, WaitlistEntry, WaitlistEntryParams, WaitlistListQuery, WaitlistPage } from '@tickets/contracts'
import { entriesOf, joinWaitlist, leaveWaitlist, listWaitlist, type PlacedEntry, type StockSignals } from '@tickets/booking'
import { HttpError, ok } from '@tickets/http'

const errors = { '4xx': ErrorBody }

function toWaitlistEntry(row: PlacedEntry): WaitlistEntry {
  return {
    id: row.id,
    event_id: row.event_id,
    category_id: row.category_id,
    user_id: row.user_id,
    quantity: row.quantity,
    status: row.status,
    position: row.position,
    booking_id: row.booking_id,
    offer_expires_at: row.offer_expires_at?.toISOString() ?? null,
    reason: row.reason,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}

/**
 * The waiting lists of an event's categories. The rules (who may join, the order, offers) live in
 * @tickets/booking, under the event's row lock like every stock change; this is transport.
 */
export const waitlistRoutes: FastifyPluginAsyncTypebox<{ stock: StockSignals; maxEntriesPerUser: number }> = async (app, { stock, maxEntriesPerUser }) => {
  const eventExists = async (id: string) => {
    if (!(await app.knex('events').where({ id }).first('id'))) throw new HttpError(404, 'EVENT_NOT_FOUND', 'Event not found')
  }

  app.post(
    '/api/events/:id/waitlist',
    { preHandler: app.authenticate, schema: { params: IdParams, body: JoinWaitlistBody, response: { 201: Success(WaitlistEntry), ...errors } } },
    async (request, reply) => {
      const { category_id, quantity } = request.body
      const entry = await joinWaitlist(
        app.knex,
        { eventId: request.params.id, userId: request.user.sub, quantity, ...(category_id ? { categoryId: category_id } : {}) },
        maxEntriesPerUser,
      )
      reply.code(201).header('location', `/api/events/${request.params.id}/waitlist/me`)
      return ok(toWaitlistEntry(entry), 'On the waiting list')
    },
  )

  app.get(
    '/api/events/:id/waitlist/me',
    { preHandler: app.authenticate, schema: { params: IdParams, response: { 200: Success(Type.Array(WaitlistEntry)), ...errors } } },
    async (request) => {
      await eventExists(request.params.id)
      return ok((await entriesOf(app.knex, request.params.id, request.user.sub)).map(toWaitlistEntry))
    },
  )

  app.delete(
    '/api/events/:id/waitlist/me/:entryId',
    { preHandler: app.authenticate, schema: { params: WaitlistEntryParams, response: { 200: Success(WaitlistEntry), ...errors } } },
    async (request) => {
      const { id, entryId } = request.params
      const { entry, open } = await leaveWaitlist(app.knex, id, entryId, request.user.sub, stock.offers)
      // After the commit: tickets of a given-up offer that the list did not take are open again.
      if (open) await stock.restocked(id)
      return ok(toWaitlistEntry(entry), 'Left the waiting list')
    },
  )

  app.get(
    '/api/events/:id/waitlist',
    { preHandler: app.requireAdmin, schema: { params: IdParams, querystring: WaitlistListQuery, response: { 200: WaitlistPage(WaitlistEntry), ...errors } } },
    async (request) => {
      await eventExists(request.params.id)
      const { page, limit } = request.query
      const { entries, counts, total } = await listWaitlist(app.knex, request.params.id, page, limit)
      return { success: true as const, message: 'OK', data: entries.map(toWaitlistEntry), meta: { page, limit, total, counts } }
    },
  )
}

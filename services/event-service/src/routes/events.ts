import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import {
  CreateEventBody,
  ErrorBody,
  Event,
  EventListQuery,
  IdParams,
  Paginated,
  Success,
  UpdateEventBody,
} from '@tickets/contracts'
import { deleteEvent, insertEventWithCategories, lockEvent, setEventPool, toMoney, type StockSignals } from '@tickets/booking'
import { DEFAULT_CATEGORY_NAME } from '@tickets/db'
import { eventIdOnShard, leastLoadedShard } from '@tickets/queue'
import { HttpError, ok, paginated } from '@tickets/http'
import type { EventChanges, EventsRepository } from '../events-repository.js'
import { toEvent } from '../serialize.js'
import { toCategoryInput } from './categories.js'

const notFound = () => new HttpError(404, 'EVENT_NOT_FOUND', 'Event not found')
const errors = { '4xx': ErrorBody }

/**
 * An event's categories from its create body: the list it names, or one "General admission"
 * category of `total_tickets` at `ticket_price`. Exactly one of the two forms (400 otherwise).
 */
function categoriesOf(body: CreateEventBody) {
  const single = body.ticket_price !== undefined || body.total_tickets !== undefined
  if (body.categories && single) {
    throw new HttpError(400, 'VALIDATION_ERROR', 'Invalid body', { errors: { categories: 'give either categories or ticket_price and total_tickets, not both' } })
  }
  if (body.categories) return body.categories.map(toCategoryInput)
  if (body.ticket_price === undefined || body.total_tickets === undefined) {
    const missing = body.ticket_price === undefined ? 'ticket_price' : 'total_tickets'
    throw new HttpError(400, 'VALIDATION_ERROR', 'Invalid body', { errors: { [missing]: 'is required unless categories are given' } })
  }
  return [toCategoryInput({ name: DEFAULT_CATEGORY_NAME, price: body.ticket_price, capacity: body.total_tickets })]
}

export const eventRoutes: FastifyPluginAsyncTypebox<{ events: EventsRepository; stock: StockSignals; shards: number }> = async (app, { events, stock, shards }) => {
  // A new event's bookings go to the booking queue shard with the fewest upcoming events, so the
  // workers (which divide the shards) share an on-sale of many events evenly. Events being created
  // at the same time in this process count too (none of them sees the others' rows yet).
  const placing: string[] = []
  const placed = async <T>(create: (id: string) => Promise<T>): Promise<T> => {
    const id = eventIdOnShard(leastLoadedShard([...(await events.upcomingIds()), ...placing], shards), shards)
    placing.push(id)
    try {
      return await create(id)
    } finally {
      placing.splice(placing.indexOf(id), 1)
    }
  }
  const load = async (id: string) => {
    const event = await events.findById(id)
    if (!event) throw notFound()
    return toEvent(event)
  }

  app.get('/api/events', { schema: { querystring: EventListQuery, response: { 200: Paginated(Event), ...errors } } }, async (request) => {
    const { page, limit, q, from, to } = request.query
    const { rows, total } = await events.list(
      { ...(q ? { q } : {}), ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) },
      page,
      limit,
    )
    return paginated(rows.map(toEvent), { page, limit, total })
  })

  app.get('/api/events/:id', { schema: { params: IdParams, response: { 200: Success(Event), ...errors } } }, async (request) =>
    ok(await load(request.params.id)),
  )

  app.post(
    '/api/events',
    { preHandler: app.requireAdmin, schema: { body: CreateEventBody, response: { 201: Success(Event), ...errors } } },
    async (request, reply) => {
      const body = request.body
      const id = await placed((eventId) =>
        app.knex.transaction((trx) =>
          insertEventWithCategories(
            trx,
            {
              organizer_id: request.user.sub,
              name: body.name,
              description: body.description ?? null,
              location: body.location,
              event_date: new Date(body.event_date),
              max_tickets_per_user: body.max_tickets_per_user ?? null,
            },
            categoriesOf(body),
            eventId,
          ),
        ),
      )
      reply.code(201).header('location', `/api/events/${id}`)
      return ok(await load(id), 'Event created')
    },
  )

  app.put(
    '/api/events/:id',
    { preHandler: app.requireAdmin, schema: { params: IdParams, body: UpdateEventBody, response: { 200: Success(Event), ...errors } } },
    async (request) => {
      const { id } = request.params
      const body = request.body
      const changes: EventChanges = {}
      if (body.name !== undefined) changes.name = body.name
      if (body.description !== undefined) changes.description = body.description
      if (body.location !== undefined) changes.location = body.location
      if (body.event_date !== undefined) changes.event_date = new Date(body.event_date)
      const ticketPrice = body.ticket_price !== undefined ? toMoney(body.ticket_price, 'ticket_price') : undefined
      if (body.max_tickets_per_user !== undefined) changes.max_tickets_per_user = body.max_tickets_per_user

      // Stock moves only through @tickets/booking, under the event row lock the worker takes too.
      const { restocked, updated } = await app.knex.transaction(async (trx) => {
        const current = await lockEvent(trx, id)
        if (!current) throw notFound()
        const added = await setEventPool(trx, current, {
          ...(body.total_tickets !== undefined ? { total_tickets: body.total_tickets } : {}),
          ...(ticketPrice !== undefined ? { ticket_price: ticketPrice } : {}),
        }, stock.offers)
        if (Object.keys(changes).length > 0) await events.update(id, changes, trx)
        // The row as this transaction leaves it: a DELETE right after the commit cannot turn the
        // answer to a change that did commit into a 404 (or a 500).
        return { restocked: added, updated: (await events.findById(id, trx))! }
      })
      // After the commit: a raised total makes a sold-out event bookable again at once.
      if (restocked) await stock.restocked(id)
      return ok(toEvent(updated), 'Event updated')
    },
  )

  app.delete(
    '/api/events/:id',
    { preHandler: app.requireAdmin, schema: { params: IdParams, response: { 200: Success(Type.Object({ id: Type.String() })), ...errors } } },
    async (request) => {
      const { id } = request.params
      await app.knex.transaction((trx) => deleteEvent(trx, id))
      // A deleted event is not "sold out": requests for it go on to their EVENT_NOT_FOUND.
      await stock.restocked(id)
      return ok({ id }, 'Event deleted')
    },
  )
}

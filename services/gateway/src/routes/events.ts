import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { CategoryParams, CreateCategoryBody, CreateEventBody, EventListQuery, IdParams, Success, UpdateCategoryBody, UpdateEventBody } from '@tickets/contracts'
import { bearerAuth, errorResponses, noAuth } from './schema-parts.js'
import { PageOf, Refs } from '../openapi/components.js'


/** Public reads, admin writes; event-service checks the token and role again. */
export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const forward = app.upstreams.events

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        operationId: 'listEvents', security: noAuth, summary: 'List events by date (public); q searches name and location, from/to bound event_date',
        querystring: EventListQuery,
        response: { 200: PageOf(Refs.Event), ...errorResponses },
      },
    },
    forward,
  )
  app.get(
    '/api/events/:id',
    { schema: { tags: ['events'], operationId: 'getEvent', security: noAuth, summary: 'Get an event (public)', params: IdParams, response: { 200: Success(Refs.Event), ...errorResponses } } },
    forward,
  )
  app.post(
    '/api/events',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['events'],
        operationId: 'createEvent',
        summary: 'Create an event (admin): with categories (1..20), or with ticket_price and total_tickets (one category, "General admission")',
        security: bearerAuth, body: CreateEventBody, response: { 201: Success(Refs.Event), ...errorResponses } },
    },
    forward,
  )
  app.post(
    '/api/events/:id/categories',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['events'],
        operationId: 'createCategory', summary: 'Add a ticket category to an event (admin; at most 20; names unique within the event)',
        security: bearerAuth,
        params: IdParams,
        body: CreateCategoryBody,
        response: { 201: Success(Refs.Category), ...errorResponses },
      },
    },
    forward,
  )
  app.put(
    '/api/events/:id/categories/:categoryId',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['events'],
        operationId: 'updateCategory', summary: 'Change a ticket category (admin); capacity moves available by the same amount, never below what is held (409 CAPACITY_BELOW_HELD)',
        security: bearerAuth,
        params: CategoryParams,
        body: UpdateCategoryBody,
        response: { 200: Success(Refs.Category), ...errorResponses },
      },
    },
    forward,
  )
  app.delete(
    '/api/events/:id/categories/:categoryId',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['events'],
        operationId: 'deleteCategory', summary: 'Delete a ticket category that holds no tickets (admin; 409 CATEGORY_IN_USE, or LAST_CATEGORY for the only one)',
        security: bearerAuth,
        params: CategoryParams,
        response: { 200: Success(Type.Object({ id: Type.String() })), ...errorResponses },
      },
    },
    forward,
  )
  app.put(
    '/api/events/:id',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['events'],
        operationId: 'updateEvent', summary: 'Update an event (admin); total_tickets moves available_tickets by the same amount',
        security: bearerAuth,
        params: IdParams,
        body: UpdateEventBody,
        response: { 200: Success(Refs.Event), ...errorResponses },
      },
    },
    forward,
  )
  app.delete(
    '/api/events/:id',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['events'],
        operationId: 'deleteEvent', summary: 'Delete an event without pending or confirmed bookings (admin)',
        security: bearerAuth,
        params: IdParams,
        response: { 200: Success(Type.Object({ id: Type.String() })), ...errorResponses },
      },
    },
    forward,
  )
}

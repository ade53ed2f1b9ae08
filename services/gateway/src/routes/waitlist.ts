import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, JoinWaitlistBody, Success, WaitlistEntryParams, WaitlistListQuery, WaitlistPage } from '@tickets/contracts'
import { bearerAuth, errorResponses } from './schema-parts.js'
import { Refs } from '../openapi/components.js'

/** Waiting lists live with their events: forwarded to event-service, which checks the token again. */
export const waitlistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const forward = app.upstreams.events
  const tags = ['waitlist']

  app.post(
    '/api/events/:id/waitlist',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        operationId: 'joinWaitlist',
        summary: "Join a sold-out category's waiting list (category_id may be omitted on an event with one category); freed tickets are offered in order as a pending booking",
        security: bearerAuth,
        params: IdParams,
        body: JoinWaitlistBody,
        response: { 201: Success(Refs.WaitlistEntry), ...errorResponses },
      },
    },
    forward,
  )
  app.get(
    '/api/events/:id/waitlist/me',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        operationId: 'myWaitlistEntries',
        summary: "The caller's waiting-list entries for the event, with their positions and offers",
        security: bearerAuth,
        params: IdParams,
        response: { 200: Success(Type.Array(Refs.WaitlistEntry)), ...errorResponses },
      },
    },
    forward,
  )
  app.delete(
    '/api/events/:id/waitlist/me/:entryId',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        operationId: 'leaveWaitlist',
        summary: 'Leave a waiting list; an offer already made is cancelled and its tickets go to the next in line',
        security: bearerAuth,
        params: WaitlistEntryParams,
        response: { 200: Success(Refs.WaitlistEntry), ...errorResponses },
      },
    },
    forward,
  )
  app.get(
    '/api/events/:id/waitlist',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags,
        operationId: 'listWaitlist',
        summary: "An event's waiting list in order (admin), with how many entries are in each status",
        security: bearerAuth,
        params: IdParams,
        querystring: WaitlistListQuery,
        response: { 200: WaitlistPage(Refs.WaitlistEntry), ...errorResponses },
      },
    },
    forward,
  )
}

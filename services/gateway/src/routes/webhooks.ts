import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { CreateWebhookBody, DeliveryListQuery, DeliveryParams, IdParams, JOBS, Success, UpdateWebhookBody } from '@tickets/contracts'
import { ok, paginated, withDeadline } from '@tickets/http'
import { createWebhookEndpoints, deliveryJobId } from '@tickets/webhooks'
import { queueUnavailable } from '../bookings/intake.js'
import { bearerAuth, errorResponses } from './schema-parts.js'
import { PageOf, Refs } from '../openapi/components.js'

/**
 * The webhook endpoints (administrators only): registered here (the target checked by the SSRF
 * guard), delivered by the worker from the outbox. A secret is shown once, at creation and at
 * each rotation.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ allowPrivate: boolean }> = async (app, { allowPrivate }) => {
  const endpoints = createWebhookEndpoints(app.knex, { allowPrivate })
  const tags = ['webhooks']
  const route = { preHandler: app.requireAdmin }

  app.post(
    '/api/webhooks',
    {
      ...route,
      schema: {
        tags,
        operationId: 'createWebhook',
        summary: 'Register a webhook endpoint (admin): https on a public address; the answer carries its signing secret, shown only this once',
        security: bearerAuth,
        body: CreateWebhookBody,
        response: { 201: Success(Refs.WebhookEndpointWithSecret), ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await endpoints.create(request.body, request.user.sub)
      reply.header('location', `/api/webhooks/${created.id}`)
      return reply.code(201).send(ok(created, 'Webhook endpoint created; keep the secret, it is not shown again'))
    },
  )

  app.get(
    '/api/webhooks',
    { ...route, schema: { tags, operationId: 'listWebhooks', summary: 'Every webhook endpoint (admin), oldest first; secrets are never shown', security: bearerAuth, response: { 200: Success(Type.Array(Refs.WebhookEndpoint)), ...errorResponses } } },
    async () => ok(await endpoints.list()),
  )

  app.get(
    '/api/webhooks/:id',
    { ...route, schema: { tags, operationId: 'getWebhook', summary: 'A webhook endpoint (admin), with why it was disabled if it was', security: bearerAuth, params: IdParams, response: { 200: Success(Refs.WebhookEndpoint), ...errorResponses } } },
    async (request) => ok(await endpoints.get(request.params.id)),
  )

  app.put(
    '/api/webhooks/:id',
    {
      ...route,
      schema: {
        tags,
        operationId: 'updateWebhook',
        summary: 'Change a webhook endpoint (admin): url, events, description; enabled: true turns a disabled one on again',
        security: bearerAuth,
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: Success(Refs.WebhookEndpoint), ...errorResponses },
      },
    },
    async (request) => ok(await endpoints.update(request.params.id, request.body), 'Webhook endpoint updated'),
  )

  app.delete(
    '/api/webhooks/:id',
    {
      ...route,
      schema: { tags, operationId: 'deleteWebhook', summary: 'Delete a webhook endpoint and its delivery log (admin)', security: bearerAuth, params: IdParams, response: { 200: Success(Type.Object({ id: Type.String() })), ...errorResponses } },
    },
    async (request) => {
      await endpoints.remove(request.params.id)
      return ok({ id: request.params.id }, 'Webhook endpoint deleted')
    },
  )

  app.post(
    '/api/webhooks/:id/rotate-secret',
    {
      ...route,
      schema: {
        tags,
        operationId: 'rotateWebhookSecret',
        summary: 'A new signing secret (admin), shown once; for 24 hours deliveries carry a signature with the old one too',
        security: bearerAuth,
        params: IdParams,
        response: { 200: Success(Refs.RotatedSecret), ...errorResponses },
      },
    },
    async (request) => ok(await endpoints.rotate(request.params.id), 'Secret rotated'),
  )

  app.get(
    '/api/webhooks/:id/deliveries',
    {
      ...route,
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery attempts to an endpoint (admin), newest first: message id, type, attempt, status code, duration, error',
        security: bearerAuth,
        params: IdParams,
        querystring: DeliveryListQuery,
        response: { 200: PageOf(Refs.WebhookDelivery), ...errorResponses },
      },
    },
    async (request) => {
      const { page, limit } = request.query
      const { rows, total } = await endpoints.deliveries(request.params.id, page, limit)
      return paginated(rows, { page, limit, total })
    },
  )

  app.post(
    '/api/webhooks/:id/deliveries/:deliveryId/replay',
    {
      ...route,
      schema: {
        tags,
        operationId: 'replayWebhookDelivery',
        summary: "Send a delivery's message to its endpoint again (admin), with the same webhook-id; queued (202), logged as new attempts",
        security: bearerAuth,
        params: DeliveryParams,
        response: { 202: Success(Refs.ReplayAccepted), ...errorResponses },
      },
    },
    async (request, reply) => {
      const message = await endpoints.deliveryMessage(request.params.id, request.params.deliveryId)
      // A job of its own (the first one may still be kept, under the message's own job id).
      const jobId = `${deliveryJobId(message.endpoint_id, message.message_id)}_replay_${Date.now()}`
      await withDeadline(app.webhookQueue.add(JOBS.deliver, message, { jobId })).catch(() => {
        throw queueUnavailable()
      })
      return reply.code(202).send(ok(message, 'Replay queued'))
    },
  )
}

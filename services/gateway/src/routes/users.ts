import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { CreateUserBody, IdParams, Success, UpdateUserBody, UserListQuery } from '@tickets/contracts'
import { bearerAuth, errorResponses } from './schema-parts.js'
import { PageOf, Refs } from '../openapi/components.js'


/** Routes and schemas as the contract pins them; user-service enforces the same rules again. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const forward = app.upstreams.users

  app.get(
    '/api/users',
    {
      preHandler: app.requireAdmin,
      schema: { tags: ['users'], operationId: 'listUsers', summary: 'List users (admin)', security: bearerAuth, querystring: UserListQuery, response: { 200: PageOf(Refs.User), ...errorResponses } },
    },
    forward,
  )
  app.get(
    '/api/users/:id',
    {
      preHandler: app.authenticate,
      schema: { tags: ['users'], operationId: 'getUser', summary: 'Get a user (admin or self)', security: bearerAuth, params: IdParams, response: { 200: Success(Refs.User), ...errorResponses } },
    },
    forward,
  )
  app.post(
    '/api/users',
    {
      preHandler: app.requireAdmin,
      schema: { tags: ['users'], operationId: 'createUser', summary: 'Create a user with any role (admin)', security: bearerAuth, body: CreateUserBody, response: { 201: Success(Refs.User), ...errorResponses } },
    },
    forward,
  )
  app.put(
    '/api/users/:id',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['users'],
        operationId: 'updateUser', summary: 'Update a user (admin or self; only an admin changes roles)',
        security: bearerAuth,
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: Success(Refs.User), ...errorResponses },
      },
    },
    forward,
  )
  app.delete(
    '/api/users/:id',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['users'],
        operationId: 'deleteUser', summary: 'Delete a user without pending or confirmed bookings (admin)',
        security: bearerAuth,
        params: IdParams,
        response: { 200: Success(Type.Object({ id: Type.String() })), ...errorResponses },
      },
    },
    forward,
  )
}

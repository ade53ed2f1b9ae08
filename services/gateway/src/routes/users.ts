import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { CreateUserBody, ErrorBody, IdParams, Paginated, Success, UpdateUserBody, User, UserListQuery } from '@tickets/contracts'

const errors = { '4xx': ErrorBody, '5xx': ErrorBody }
const security = [{ bearer: [] }]

/** Routes and schemas as the contract pins them; user-service enforces the same rules again. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const forward = app.upstreams.users

  app.get(
    '/api/users',
    {
      preHandler: app.requireAdmin,
      schema: { tags: ['users'], summary: 'List users (admin)', security, querystring: UserListQuery, response: { 200: Paginated(User), ...errors } },
    },
    forward,
  )
  app.get(
    '/api/users/:id',
    {
      preHandler: app.authenticate,
      schema: { tags: ['users'], summary: 'Get a user (admin or self)', security, params: IdParams, response: { 200: Success(User), ...errors } },
    },
    forward,
  )
  app.post(
    '/api/users',
    {
      preHandler: app.requireAdmin,
      schema: { tags: ['users'], summary: 'Create a user with any role (admin)', security, body: CreateUserBody, response: { 201: Success(User), ...errors } },
    },
    forward,
  )
  app.put(
    '/api/users/:id',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['users'],
        summary: 'Update a user (admin or self; only an admin changes roles)',
        security,
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: Success(User), ...errors },
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
        summary: 'Delete a user without pending or confirmed bookings (admin)',
        security,
        params: IdParams,
        response: { 200: Success(Type.Object({ id: Type.String() })), ...errors },
      },
    },
    forward,
  )
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateUserBody,
  ErrorBody,
  IdParams,
  Paginated,
  Success,
  UpdateUserBody,
  User,
  UserListQuery,
} from '@tickets/contracts'
import type { UserRow } from '@tickets/db'
import { HttpError, ok, paginated } from '@tickets/http'
import Type from 'typebox'
import { assertPasswordLength, type PasswordHasher } from '../passwords.js'
import { toUser } from '../serialize.js'
import { EmailTakenError, type UserChanges, type UsersRepository } from '../users-repository.js'

export interface UserRoutesOptions {
  users: UsersRepository
  passwords: PasswordHasher
}

const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message)
const notFound = () => new HttpError(404, 'USER_NOT_FOUND', 'User not found')
const emailTaken = () => new HttpError(409, 'EMAIL_TAKEN', 'That email is already registered')

function assertAdmin(actor: UserRow) {
  if (actor.role !== 'admin') throw forbidden('Administrators only')
}

function assertAdminOrSelf(actor: UserRow, id: string) {
  if (actor.role !== 'admin' && actor.id !== id) throw forbidden('You may only access your own account')
}

export const userRoutes: FastifyPluginAsyncTypebox<UserRoutesOptions> = async (app, { users, passwords }) => {
  app.addHook('preHandler', app.loadActor)

  app.get(
    '/api/users',
    { schema: { querystring: UserListQuery, response: { 200: Paginated(User), 403: ErrorBody } } },
    async (request) => {
      assertAdmin(request.actor)
      const { page, limit } = request.query
      const { rows, total } = await users.list(page, limit)
      return paginated(rows.map(toUser), { page, limit, total })
    },
  )

  app.get(
    '/api/users/:id',
    { schema: { params: IdParams, response: { 200: Success(User), 403: ErrorBody, 404: ErrorBody } } },
    async (request) => {
      assertAdminOrSelf(request.actor, request.params.id)
      const user = await users.findById(request.params.id)
      if (!user) throw notFound()
      return ok(toUser(user))
    },
  )

  app.post(
    '/api/users',
    { schema: { body: CreateUserBody, response: { 201: Success(User), 403: ErrorBody, 409: ErrorBody } } },
    async (request, reply) => {
      assertAdmin(request.actor)
      const { name, email, password, role } = request.body
      assertPasswordLength(password)
      try {
        const user = await users.insert({ name, email, passwordHash: await passwords.hash(password), role: role ?? 'user' })
        reply.code(201)
        return ok(toUser(user), 'User created')
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken()
        throw error
      }
    },
  )

  app.put(
    '/api/users/:id',
    {
      schema: { params: IdParams, body: UpdateUserBody, response: { 200: Success(User), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } },
    },
    async (request) => {
      const { actor } = request
      const { id } = request.params
      assertAdminOrSelf(actor, id)
      const { name, email, password, role } = request.body
      if (role !== undefined && actor.role !== 'admin') throw forbidden('Only an administrator may change a role')

      const changes: UserChanges = {}
      if (name !== undefined) changes.name = name
      if (email !== undefined) changes.email = email
      if (role !== undefined) changes.role = role
      if (password !== undefined) {
        assertPasswordLength(password)
        changes.password_hash = await passwords.hash(password)
      }
      try {
        const user = await users.update(id, changes)
        if (!user) throw notFound()
        return ok(toUser(user), 'User updated')
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken()
        throw error
      }
    },
  )

  app.delete(
    '/api/users/:id',
    { schema: { params: IdParams, response: { 200: Success(Type.Object({ id: Type.String() })), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } } },
    async (request) => {
      assertAdmin(request.actor)
      const { id } = request.params
      // One transaction with the user row locked, so no booking can sneak in between check and delete.
      await app.knex.transaction(async (trx) => {
        const user = await trx('users').where({ id }).forUpdate().first()
        if (!user) throw notFound()
        if ((await users.activeBookingCount(id, trx)) > 0) {
          throw new HttpError(409, 'USER_HAS_BOOKINGS', 'The user has pending or confirmed bookings')
        }
        if ((await users.organizedEventCount(id, trx)) > 0) {
          throw new HttpError(409, 'USER_HAS_EVENTS', 'The user organises events; delete or reassign them first')
        }
        await users.delete(id, trx)
      })
      return ok({ id }, 'User deleted')
    },
  )
}

import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { UserRow } from '@tickets/db'
import { assertTokenAccount } from '@tickets/http'
import type { UsersRepository } from '../users-repository.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller as stored now: its role is current even if the token's is stale. */
    actor: UserRow
  }
  interface FastifyInstance {
    loadActor: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

/**
 * preHandler: verifies the token (auth plugin), then loads its user. A deleted user's token
 * stops working here at once, so does a token issued before the account's last password or role
 * change (token_version), and a demoted admin loses admin rights at once in this service.
 */
export const actorPlugin = fp<{ users: UsersRepository }>(
  async (app, { users }) => {
    app.decorateRequest('actor', null as unknown as UserRow)
    app.decorate('loadActor', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.authenticate(request, reply)
      const actor = await users.findById(request.user.sub)
      assertTokenAccount(request.user, actor)
      request.actor = actor
    })
  },
  { name: 'actor', dependencies: ['auth'] },
)

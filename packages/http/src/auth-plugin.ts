import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Role } from '@tickets/contracts'
import { HttpError } from './http-error.js'

export interface Identity {
  sub: string
  role: Role
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Identity
    user: Identity
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: 401 unless the request carries a valid token. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    /** preHandler: 401 without a valid token, 403 unless its role is admin. */
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

export const TOKEN_ISSUER = 'tickets-user-service'
export const JWT_ALGORITHM = 'HS256'

export interface AuthPluginOptions {
  secret: string
  /** Only user-service passes this: it is the one service that signs tokens. */
  signExpiresInSeconds?: number
}

const unauthorized = (message: string, code = 'UNAUTHORIZED') =>
  new HttpError(401, code, message, { headers: { 'www-authenticate': 'Bearer' } })

/**
 * Verifies `Authorization: Bearer <jwt>` with the algorithm pinned to HS256 (fast-jwt would
 * otherwise accept any algorithm the token names), `exp`, `sub` and our issuer required.
 * Every service registers it, so a service never trusts an identity it did not verify itself.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { secret, signExpiresInSeconds }) => {
    await app.register(fastifyJwt, {
      secret,
      ...(signExpiresInSeconds ? { sign: { algorithm: JWT_ALGORITHM, iss: TOKEN_ISSUER, expiresIn: `${signExpiresInSeconds}s` } } : {}),
      verify: {
        algorithms: [JWT_ALGORITHM],
        allowedIss: TOKEN_ISSUER,
        requiredClaims: ['exp', 'sub', 'role'],
        // Verified tokens are remembered (by hash, never past their exp, at most a minute): a
        // client polling or booking again skips the HMAC and the JSON parse.
        cache: 10_000,
        cacheTTL: 60_000,
      },
    })

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization
      if (!header) throw unauthorized('Missing bearer token')
      // The verifier directly, not request.jwtVerify(): that one decodes every token a second
      // time and runs a callback waterfall, on the hottest path of the platform.
      const [scheme, token] = header.split(' ')
      if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthorized('Invalid bearer token', 'INVALID_TOKEN')
      try {
        request.user = app.jwt.verify<Identity>(token)
      } catch (error) {
        const code = (error as { code?: string }).code
        if (code === 'FAST_JWT_EXPIRED') throw unauthorized('Token expired', 'TOKEN_EXPIRED')
        throw unauthorized('Invalid bearer token', 'INVALID_TOKEN')
      }
      const { sub, role } = request.user
      if (typeof sub !== 'string' || (role !== 'user' && role !== 'admin')) throw unauthorized('Invalid bearer token', 'INVALID_TOKEN')
    })

    app.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.authenticate(request, reply)
      if (request.user.role !== 'admin') throw new HttpError(403, 'FORBIDDEN', 'Administrators only')
    })
  },
  { name: 'auth', fastify: '5.x' },
)

import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Role } from '@tickets/contracts'
import type { AccountLookup } from './account-lookup.js'
import { isDependencyUnavailable } from './dependency-errors.js'
import { HttpError } from './http-error.js'

export interface Identity {
  sub: string
  role: Role
  /** The account's token_version when the token was issued (absent in tokens from before it existed: 0). */
  ver?: number
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
    /** The account check, when the service was given one (see AuthPluginOptions.accounts). */
    accounts?: AccountLookup
  }
  interface FastifyRequest {
    /** True when the account behind the token could not be read (MySQL away): only the token's word. */
    accountUnverified?: boolean
  }
}

export const TOKEN_ISSUER = 'tickets-user-service'
export const JWT_ALGORITHM = 'HS256'

export interface AuthPluginOptions {
  secret: string
  /** Only user-service passes this: it is the one service that signs tokens. */
  signExpiresInSeconds?: number
  /**
   * Checks the account behind every token: deleted accounts and revoked tokens get 401, and the
   * stored role (not the token's) decides requireAdmin. While the account cannot be read (MySQL
   * away), an ordinary request goes on with the token's claims (booking intake needs only Redis;
   * the worker rejects a deleted user's booking) and an admin-only one answers 503.
   */
  accounts?: AccountLookup
}

const unauthorized = (message: string, code = 'UNAUTHORIZED') =>
  new HttpError(401, code, message, { headers: { 'www-authenticate': 'Bearer' } })

/**
 * The account a verified token names must still exist and be at the token's version (a password
 * or role change raises it): else 401. Shared by the account check below and user-service's actor.
 */
export function assertTokenAccount(identity: Identity, account: { token_version: number } | undefined): asserts account {
  if (!account) throw unauthorized('The token belongs to no user', 'INVALID_TOKEN')
  if ((identity.ver ?? 0) !== account.token_version) throw unauthorized('The token was revoked by a password or role change; log in again', 'TOKEN_REVOKED')
}

/**
 * Verifies `Authorization: Bearer <jwt>` with the algorithm pinned to HS256 (fast-jwt would
 * otherwise accept any algorithm the token names), `exp`, `sub` and our issuer required.
 * Every service registers it, so a service never trusts an identity it did not verify itself.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { secret, signExpiresInSeconds, accounts }) => {
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
      if (!accounts) return

      let account
      try {
        account = await accounts(sub)
      } catch (error) {
        if (!isDependencyUnavailable(error)) throw error
        request.accountUnverified = true
        return
      }
      assertTokenAccount(request.user, account)
      // A new object: the verifier's cache hands out the same payload to every request with this token.
      if (account.role !== role) request.user = { ...request.user, role: account.role }
    })

    app.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.authenticate(request, reply)
      if (request.accountUnverified) {
        throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'Cannot check administrator rights right now; retry shortly', { headers: { 'retry-after': '1' } })
      }
      if (request.user.role !== 'admin') throw new HttpError(403, 'FORBIDDEN', 'Administrators only')
    })
    if (accounts) {
      app.decorate('accounts', accounts)
      app.addHook('onClose', async () => accounts.close?.())
    }
  },
  { name: 'auth', fastify: '5.x' },
)

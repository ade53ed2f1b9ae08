import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { emailLimitKey, LoginBody, RegisterBody, Success } from '@tickets/contracts'
import { bearerAuth, errorResponses, noAuth } from './schema-parts.js'
import { Refs } from '../openapi/components.js'

export interface AuthRoutesOptions {
  loginRateLimit: { max: number; windowSeconds: number }
  registrationRateLimit: { max: number; windowSeconds: number }
}


export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { loginRateLimit, registrationRateLimit }) => {
  app.post(
    '/api/auth/register',
    {
      config: {
        rateLimit: {
          // Per client address, after validation (malformed requests are not registrations).
          hook: 'preHandler',
          max: registrationRateLimit.max,
          timeWindow: registrationRateLimit.windowSeconds * 1000,
          keyGenerator: (request) => `register:${request.ip}`,
        },
      },
      schema: {
        tags: ['auth'],
        operationId: 'register', security: noAuth, summary: 'Register a user account (role user) and receive a token',
        body: RegisterBody,
        response: { 201: Success(Refs.AuthResult), ...errorResponses },
      },
    },
    app.upstreams.users,
  )

  app.post(
    '/api/auth/login',
    {
      config: {
        rateLimit: {
          // After body validation: the key needs the email, and malformed requests are not attempts.
          hook: 'preHandler',
          max: loginRateLimit.max,
          timeWindow: loginRateLimit.windowSeconds * 1000,
          // Per email and client address: one attacker cannot lock a victim out from elsewhere,
          // and one address cannot try many passwords against one account, nor against its
          // look-alikes (`álice@` counts as `alice@`, see emailLimitKey).
          keyGenerator: (request) => `login:${request.ip}:${emailLimitKey((request.body as LoginBody).email)}`,
        },
      },
      schema: {
        tags: ['auth'],
        operationId: 'login', security: noAuth, summary: 'Exchange email and password for a token',
        body: LoginBody,
        response: { 200: Success(Refs.AuthResult), ...errorResponses },
      },
    },
    app.upstreams.users,
  )

  app.get(
    '/api/auth/me',
    {
      preHandler: app.authenticate,
      schema: { tags: ['auth'], operationId: 'getCurrentUser', summary: 'The current user', security: bearerAuth, response: { 200: Success(Refs.User), ...errorResponses } },
    },
    app.upstreams.users,
  )
}

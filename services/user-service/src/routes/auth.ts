import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuthResult, emailLimitKey, ErrorBody, LoginBody, RegisterBody, Success, User } from '@tickets/contracts'
import { HttpError, ok } from '@tickets/http'
import { assertPasswordLength, type PasswordHasher } from '../passwords.js'
import { toUser } from '../serialize.js'
import type { LoginFailures } from '../login-failures.js'
import { EmailTakenError, type UsersRepository } from '../users-repository.js'

export interface AuthRoutesOptions {
  users: UsersRepository
  passwords: PasswordHasher
  loginFailures: LoginFailures
}

const invalidCredentials = () => new HttpError(401, 'INVALID_CREDENTIALS', 'Invalid email or password')

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { users, passwords, loginFailures }) => {
  // `ver` ties the token to the account's current token_version: a password or role change ends it.
  const issueToken = (user: { id: string; role: 'user' | 'admin'; token_version: number }) =>
    app.jwt.sign({ sub: user.id, role: user.role, ver: user.token_version })

  app.post(
    '/api/auth/register',
    { schema: { body: RegisterBody, response: { 201: Success(AuthResult), 403: ErrorBody, 409: ErrorBody } } },
    async (request, reply) => {
      const { name, email, password, role } = request.body
      if (role === 'admin') throw new HttpError(403, 'FORBIDDEN_ROLE', 'Public registration cannot create an administrator')
      assertPasswordLength(password)
      try {
        const user = await users.insert({ name, email, passwordHash: await passwords.hash(password), role: 'user' })
        reply.code(201)
        return ok({ user: toUser(user), token: issueToken(user) }, 'Registered')
      } catch (error) {
        if (error instanceof EmailTakenError) throw new HttpError(409, 'EMAIL_TAKEN', 'That email is already registered')
        throw error
      }
    },
  )

  app.post(
    '/api/auth/login',
    { schema: { body: LoginBody, response: { 200: Success(AuthResult), 401: ErrorBody, 429: ErrorBody } } },
    async (request) => {
      const { email, password } = request.body
      // Over-long input cannot match a stored password; answer like any wrong password.
      if (Buffer.byteLength(password, 'utf8') > 72) throw invalidCredentials()
      const user = await users.findByEmail(email)
      // Counted by the account found (or, for none, the address's look-alike key), so neither case
      // variants nor addresses that match no one open fresh budgets.
      const account = user?.id ?? emailLimitKey(email)
      const wait = loginFailures.retryAfter(account)
      if (wait > 0) throw new HttpError(429, 'RATE_LIMITED', `Too many failed logins for this account; retry in ${wait} s`, { headers: { 'retry-after': String(wait) } })
      if (!(await passwords.verify(password, user?.password_hash)) || !user) {
        loginFailures.fail(account, { known: Boolean(user) })
        throw invalidCredentials()
      }
      loginFailures.succeed(account)
      return ok({ user: toUser(user), token: issueToken(user) }, 'Logged in')
    },
  )

  app.get(
    '/api/auth/me',
    { preHandler: app.loadActor, schema: { response: { 200: Success(User), 401: ErrorBody } } },
    async (request) => ok(toUser(request.actor)),
  )
}

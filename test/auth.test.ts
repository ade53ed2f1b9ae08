import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { TOKEN_ISSUER } from '@tickets/http'
import { createApi } from './support/api.js'
import { startPlatform } from './support/platform.js'
import { makeToken, nowSeconds } from './support/tokens.js'

describe('POST /api/auth/register', () => {
  it('creates a user with role user and returns a token that works', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const email = `new-${randomUUID()}@example.com`
    const res = await api.call('POST', '/api/auth/register', { body: { name: 'Ada', email, password: 'long-enough-pw' } })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ success: true, data: { user: { name: 'Ada', email, role: 'user' }, token: expect.any(String) } })
    expect(Object.keys(res.body.data.user).sort()).toEqual(['created_at', 'email', 'id', 'name', 'role', 'updated_at'])
    const me = await api.call('GET', '/api/auth/me', { token: res.body.data.token })
    expect(me.status).toBe(200)
    expect(me.body.data.id).toBe(res.body.data.user.id)
  })

  it('answers 403 to a body asking for role admin and creates nothing', async () => {
    const { gateway, users } = await startPlatform()
    const api = createApi(gateway)
    const email = `sneaky-${randomUUID()}@example.com`
    const res = await api.call('POST', '/api/auth/register', { body: { name: 'Eve', email, password: 'long-enough-pw', role: 'admin' } })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ success: false, code: 'FORBIDDEN_ROLE' })
    expect(await users.knex('users').where({ email }).first()).toBeUndefined()
  })

  it('answers 409 EMAIL_TAKEN for an email already registered, whatever its case', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const { user } = await api.register()
    const res = await api.call('POST', '/api/auth/register', { body: { name: 'Again', email: user.email.toUpperCase(), password: 'long-enough-pw' } })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('EMAIL_TAKEN')
  })

  it('rejects a 73-byte password with 400, whether ASCII or multi-byte', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const ascii = await api.call('POST', '/api/auth/register', { body: { name: 'A', email: `a-${randomUUID()}@example.com`, password: 'x'.repeat(73) } })
    expect(ascii.status).toBe(400)
    expect(ascii.body).toMatchObject({ code: 'VALIDATION_ERROR', errors: { password: expect.any(String) } })
    // 24 euro signs are 24 characters but 72 bytes; a 25th makes 75 bytes.
    const okPassword = '€'.repeat(24)
    expect((await api.call('POST', '/api/auth/register', { body: { name: 'B', email: `b-${randomUUID()}@example.com`, password: okPassword } })).status).toBe(201)
    const multi = await api.call('POST', '/api/auth/register', { body: { name: 'C', email: `c-${randomUUID()}@example.com`, password: '€'.repeat(25) } })
    expect(multi.status).toBe(400)
    expect(multi.body.errors).toEqual({ password: 'must be at most 72 bytes' })
  })

  it('names each bad field and refuses unknown ones', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const res = await api.call('POST', '/api/auth/register', { body: { name: '', email: 'not-an-email', password: 'short', is_admin: true } })
    expect(res.status).toBe(400)
    expect(Object.keys(res.body.errors).sort()).toEqual(['email', 'is_admin', 'name', 'password'])
  })
})

describe('POST /api/auth/login', () => {
  it('returns a token for the right password', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const { user, password } = await api.register()
    const res = await api.call('POST', '/api/auth/login', { body: { email: user.email, password } })
    expect(res.status).toBe(200)
    expect(res.body.data.user.id).toBe(user.id)
  })

  it('gives the same 401 body for an unknown email and a wrong password', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const { user } = await api.register()
    const wrong = await api.call('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong-password' } })
    const unknown = await api.call('POST', '/api/auth/login', { body: { email: `nobody-${randomUUID()}@example.com`, password: 'wrong-password' } })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual({ success: false, message: 'Invalid email or password', code: 'INVALID_CREDENTIALS' })
    expect(unknown.body).toEqual(wrong.body)
  })

  it('answers 429 with Retry-After after repeated failures, and lets the user in after the window', async () => {
    const { gateway } = await startPlatform({ LOGIN_RATE_LIMIT_MAX: '3', LOGIN_RATE_LIMIT_WINDOW_SECONDS: '1' })
    const api = createApi(gateway)
    const { user, password } = await api.register()
    for (let i = 0; i < 3; i++) {
      expect((await api.call('POST', '/api/auth/login', { body: { email: user.email, password: 'nope-nope' } })).status).toBe(401)
    }
    const limited = await api.call('POST', '/api/auth/login', { body: { email: user.email, password } })
    expect(limited.status).toBe(429)
    expect(limited.body).toMatchObject({ success: false, code: 'RATE_LIMITED' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    // Another account from the same address is not affected.
    const other = await api.register()
    expect((await api.call('POST', '/api/auth/login', { body: { email: other.user.email, password: other.password } })).status).toBe(200)

    await new Promise((resolve) => setTimeout(resolve, 1_200))
    expect((await api.call('POST', '/api/auth/login', { body: { email: user.email, password } })).status).toBe(200)
  })
})

describe('bearer tokens', () => {
  const claims = (sub: string, role = 'user') => ({ sub, role, iss: TOKEN_ISSUER, iat: nowSeconds(), exp: nowSeconds() + 600 })

  it('accepts a well-formed token and refuses a request without one', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const { user } = await api.register()
    expect((await api.call('GET', '/api/auth/me', { token: makeToken(claims(user.id)) })).status).toBe(200)
    const none = await api.call('GET', '/api/auth/me')
    expect(none.status).toBe(401)
    expect(none.headers['www-authenticate']).toBe('Bearer')
    expect((await api.call('GET', '/api/auth/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401)
  })

  it.each([
    ['alg none', (sub: string) => makeToken(claims(sub), { alg: 'none' })],
    ['a tampered payload', (sub: string) => {
      const [head, , sig] = makeToken(claims(sub)).split('.')
      return `${head}.${Buffer.from(JSON.stringify(claims(sub, 'admin'))).toString('base64url')}.${sig}`
    }],
    ['the wrong secret', (sub: string) => makeToken(claims(sub), { secret: 'some-other-secret-that-is-long-enough' })],
    ['an expired token', (sub: string) => makeToken({ ...claims(sub), exp: nowSeconds() - 10 })],
    ['no exp claim', (sub: string) => makeToken({ sub, role: 'user', iss: TOKEN_ISSUER })],
    ['another issuer', (sub: string) => makeToken({ ...claims(sub), iss: 'someone-else' })],
    ['an HS512 signature', (sub: string) => makeToken(claims(sub), { alg: 'HS512' })],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s with 401 at the gateway and at user-service', async (_name, token) => {
    const { gateway, usersUrl } = await startPlatform()
    const api = createApi(gateway)
    const { user } = await api.register()
    const jwt = token(user.id)
    const res = await api.call('GET', '/api/auth/me', { token: jwt })
    expect(res.status).toBe(401)
    expect(res.body.success).toBe(false)
    const direct = await fetch(`${usersUrl}/api/auth/me`, { headers: { authorization: `Bearer ${jwt}` } })
    expect(direct.status).toBe(401)
  })

  it('says TOKEN_EXPIRED for an expired token', async () => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const { user } = await api.register()
    const res = await api.call('GET', '/api/auth/me', { token: makeToken({ ...claims(user.id), exp: nowSeconds() - 10 }) })
    expect(res.body.code).toBe('TOKEN_EXPIRED')
  })

  it('signs tokens with HS256, the issuer and an expiry of JWT_EXPIRES_IN', async () => {
    const { gateway } = await startPlatform({ JWT_EXPIRES_IN: '120' })
    const { token } = await createApi(gateway).register()
    const [head, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()))
    expect(head.alg).toBe('HS256')
    expect(payload.iss).toBe(TOKEN_ISSUER)
    expect(payload.exp - payload.iat).toBe(120)
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'iss', 'role', 'sub', 'ver'])
    expect(payload.ver).toBe(0)
  })
})

describe('administrator bootstrap', () => {
  it('creates the administrator from ADMIN_EMAIL / ADMIN_PASSWORD, idempotently', async () => {
    const first = await startPlatform()
    const api = createApi(first.gateway)
    const token = await api.login(first.admin.email, first.admin.password)
    const me = await api.call('GET', '/api/auth/me', { token })
    expect(me.body.data).toMatchObject({ email: first.admin.email, role: 'admin' })

    // A second start with the same variables changes nothing.
    const second = await startPlatform({ ADMIN_EMAIL: first.admin.email, ADMIN_PASSWORD: first.admin.password })
    const rows = await second.users.knex('users').where({ email: first.admin.email })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.updated_at.getTime()).toBe((await first.users.knex('users').where({ email: first.admin.email }).first())!.updated_at.getTime())
  })

  it('takes a changed ADMIN_PASSWORD and promotes an existing user named by ADMIN_EMAIL', async () => {
    const first = await startPlatform()
    const api = createApi(first.gateway)
    const { user, password } = await api.register()
    await startPlatform({ ADMIN_EMAIL: user.email, ADMIN_PASSWORD: 'rotated-admin-password' })
    await expect(api.login(user.email, password)).rejects.toThrow(/401/)
    const token = await api.login(user.email, 'rotated-admin-password')
    expect((await api.call('GET', '/api/auth/me', { token })).body.data.role).toBe('admin')
  })
})

describe('secrets in responses and logs', () => {
  it('never shows a password or its hash in a response or a log line', async () => {
    const { gateway, users, logs, admin } = await startPlatform()
    const api = createApi(gateway)
    const password = `pw-${randomUUID()}`
    const reg = await api.call('POST', '/api/auth/register', { body: { name: 'Secret', email: `s-${randomUUID()}@example.com`, password } })
    const login = await api.call('POST', '/api/auth/login', { body: { email: reg.body.data.user.email, password } })
    await api.call('POST', '/api/auth/login', { body: { email: reg.body.data.user.email, password: `${password}-wrong` } })
    const adminToken = await api.login(admin.email, admin.password)
    const list = await api.call('GET', '/api/users?limit=100', { token: adminToken })
    const { password_hash } = (await users.knex('users').where({ id: reg.body.data.user.id }).first())!

    const everything = [reg.raw, login.raw, list.raw, logs.text()].join('\n')
    expect(logs.text()).toContain('request completed') // the capture really holds the logs
    expect(everything).not.toContain(password)
    expect(everything).not.toContain(password_hash)
    expect(everything).not.toContain(admin.password)
    expect(everything).not.toContain('password_hash')
    expect(logs.text()).not.toContain(reg.body.data.token)
  })
})

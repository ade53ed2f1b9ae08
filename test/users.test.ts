import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createApi } from './support/api.js'
import { startPlatform } from './support/platform.js'

async function setup(env: Record<string, string> = {}) {
  const platform = await startPlatform(env)
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  return { ...platform, api, adminToken }
}

describe('GET /api/users', () => {
  it('lists users for an admin, paginated', async () => {
    const { api, adminToken } = await setup()
    await api.register()
    await api.register()
    const page = await api.call('GET', '/api/users?page=1&limit=2', { token: adminToken })
    expect(page.status).toBe(200)
    expect(page.body.data).toHaveLength(2)
    expect(page.body.meta).toMatchObject({ page: 1, limit: 2, total: expect.any(Number) })
    expect(page.body.meta.total).toBeGreaterThanOrEqual(3)
  })

  it('answers 403 to a user and 401 without a token', async () => {
    const { api } = await setup()
    const { token } = await api.register()
    expect((await api.call('GET', '/api/users', { token })).status).toBe(403)
    expect((await api.call('GET', '/api/users')).status).toBe(401)
  })

  it('answers 400 to a limit above 100', async () => {
    const { api, adminToken } = await setup()
    const res = await api.call('GET', '/api/users?limit=101', { token: adminToken })
    expect(res.status).toBe(400)
    expect(res.body.errors).toHaveProperty('limit')
  })
})

describe('GET /api/users/:id', () => {
  it('lets users read themselves but not others', async () => {
    const { api, adminToken } = await setup()
    const alice = await api.register()
    const bob = await api.register()
    expect((await api.call('GET', `/api/users/${alice.user.id}`, { token: alice.token })).status).toBe(200)
    expect((await api.call('GET', `/api/users/${bob.user.id}`, { token: alice.token })).status).toBe(403)
    expect((await api.call('GET', `/api/users/${bob.user.id}`, { token: adminToken })).body.data.email).toBe(bob.user.email)
  })

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const { api, adminToken } = await setup()
    expect((await api.call('GET', `/api/users/${randomUUID()}`, { token: adminToken })).status).toBe(404)
    expect((await api.call('GET', '/api/users/not-a-uuid', { token: adminToken })).status).toBe(400)
  })
})

describe('POST /api/users', () => {
  it('lets an admin create a user with any role', async () => {
    const { api, adminToken } = await setup()
    const email = `made-${randomUUID()}@example.com`
    const res = await api.call('POST', '/api/users', { token: adminToken, body: { name: 'Made', email, password: 'long-enough-pw', role: 'admin' } })
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ email, role: 'admin' })
    expect((await api.call('GET', '/api/auth/me', { token: await api.login(email, 'long-enough-pw') })).body.data.role).toBe('admin')
  })

  it('answers 403 to a user and 409 to a duplicate email', async () => {
    const { api, adminToken } = await setup()
    const { token, user } = await api.register()
    expect((await api.call('POST', '/api/users', { token, body: { name: 'X', email: `x-${randomUUID()}@example.com`, password: 'long-enough-pw' } })).status).toBe(403)
    const dup = await api.call('POST', '/api/users', { token: adminToken, body: { name: 'X', email: user.email, password: 'long-enough-pw' } })
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('EMAIL_TAKEN')
  })
})

describe('PUT /api/users/:id', () => {
  it('lets users change their own name, email and password', async () => {
    const { api } = await setup()
    const { user, token } = await api.register()
    const email = `renamed-${randomUUID()}@example.com`
    const res = await api.call('PUT', `/api/users/${user.id}`, { token, body: { name: 'Renamed', email, password: 'a-new-password' } })
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ name: 'Renamed', email, role: 'user' })
    await expect(api.login(email, 'a-new-password')).resolves.toEqual(expect.any(String))
  })

  it('does not let a user promote themself', async () => {
    const { api, users } = await setup()
    const { user, token } = await api.register()
    const res = await api.call('PUT', `/api/users/${user.id}`, { token, body: { role: 'admin' } })
    expect(res.status).toBe(403)
    expect((await users.knex('users').where({ id: user.id }).first())!.role).toBe('user')
  })

  it('does not let a user change someone else', async () => {
    const { api } = await setup()
    const alice = await api.register()
    const bob = await api.register()
    expect((await api.call('PUT', `/api/users/${bob.user.id}`, { token: alice.token, body: { name: 'Hacked' } })).status).toBe(403)
  })

  it('lets an admin change a role, and answers 409 for a taken email and 400 for an empty body', async () => {
    const { api, adminToken } = await setup()
    const alice = await api.register()
    const bob = await api.register()
    expect((await api.call('PUT', `/api/users/${alice.user.id}`, { token: adminToken, body: { role: 'admin' } })).body.data.role).toBe('admin')
    expect((await api.call('PUT', `/api/users/${alice.user.id}`, { token: adminToken, body: { email: bob.user.email } })).status).toBe(409)
    expect((await api.call('PUT', `/api/users/${alice.user.id}`, { token: adminToken, body: {} })).status).toBe(400)
  })
})

describe('DELETE /api/users/:id', () => {
  it('lets an admin delete a user without bookings', async () => {
    const { api, adminToken } = await setup()
    const { user, token } = await api.register()
    expect((await api.call('DELETE', `/api/users/${user.id}`, { token })).status).toBe(403)
    expect((await api.call('DELETE', `/api/users/${user.id}`, { token: adminToken })).status).toBe(200)
    expect((await api.call('GET', `/api/users/${user.id}`, { token: adminToken })).status).toBe(404)
    // The deleted user's token stops working at user-service at once.
    expect((await api.call('GET', '/api/auth/me', { token })).status).toBe(401)
  })

  it('answers 409 while the user has a pending or confirmed booking, and deletes once it is cancelled', async () => {
    const { api, adminToken, users } = await setup()
    const { user } = await api.register()
    const bookingId = randomUUID()
    await users.knex('bookings').insert({ id: bookingId, user_id: user.id, event_id: randomUUID(), quantity: 1, total_price: '10.00', status: 'pending' })
    const res = await api.call('DELETE', `/api/users/${user.id}`, { token: adminToken })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('USER_HAS_BOOKINGS')
    await users.knex('bookings').where({ id: bookingId }).update({ status: 'cancelled' })
    expect((await api.call('DELETE', `/api/users/${user.id}`, { token: adminToken })).status).toBe(200)
  })
})

describe('defence in depth', () => {
  it('user-service refuses a request that skips the gateway without a token', async () => {
    const { usersUrl, api } = await setup()
    const { user } = await api.register()
    const res = await fetch(`${usersUrl}/api/users/${user.id}`, { headers: { 'x-user-id': user.id, 'x-user-role': 'admin' } })
    expect(res.status).toBe(401)
  })

  it('user-service uses the stored role, so a demoted admin loses admin rights at once', async () => {
    const { api, adminToken, users } = await setup()
    const email = `temp-admin-${randomUUID()}@example.com`
    await api.call('POST', '/api/users', { token: adminToken, body: { name: 'Temp', email, password: 'long-enough-pw', role: 'admin' } })
    const token = await api.login(email, 'long-enough-pw')
    expect((await api.call('GET', '/api/users', { token })).status).toBe(200)
    await users.knex('users').where({ email }).update({ role: 'user' })
    // The token still says admin, so the gateway lets it through; user-service refuses.
    expect((await api.call('GET', '/api/users', { token })).status).toBe(403)
  })

  it('answers 503 with Retry-After when user-service is down', async () => {
    const { api, users } = await setup()
    await users.close()
    const res = await api.call('POST', '/api/auth/login', { body: { email: 'a@example.com', password: 'whatever-pw' } })
    expect(res.status).toBe(503)
    expect(res.headers['retry-after']).toBe('5')
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE')
  })
})

import { randomUUID } from 'node:crypto'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, parseMysqlUrl, type Knex } from '@tickets/db'
import { insertEvent } from '@tickets/testing'
import { createApi } from './support/api.js'
import { startPlatform } from './support/platform.js'
import { freePort } from './support/stack.js'

/**
 * A TCP proxy in front of this run's MySQL that the test can pull out and put back: the services
 * see their database vanish (connections cut, new ones refused) and return, as when MySQL restarts.
 */
async function createMysqlProxy(targetUrl: string) {
  const target = parseMysqlUrl(targetUrl)
  const port = await freePort()
  const sockets = new Set<Socket>()
  let server: Server | undefined
  const start = async () => {
    server = createServer((client) => {
      const upstream = target.socketPath ? connect(target.socketPath) : connect(target.port ?? 3306, target.host ?? '127.0.0.1')
      for (const socket of [client, upstream]) {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
        socket.on('error', () => socket.destroy())
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
  }
  const stop = async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server!.close(() => resolve()))
  }
  // The same user and database, reached through the proxy over TCP.
  const url = new URL(targetUrl)
  url.host = `127.0.0.1:${port}`
  url.searchParams.delete('socketPath')
  await start()
  return { url: url.toString(), start, stop }
}

let knex: Knex
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 4 })
})
afterAll(async () => {
  await knex.destroy()
})

async function pendingBooking(userId: string, quantity = 1) {
  const event = await insertEvent(knex, { total_tickets: 10, available_tickets: 10 - quantity })
  const id = randomUUID()
  await knex('bookings').insert({
    id,
    user_id: userId,
    event_id: event.id,
    quantity,
    total_price: '25.50',
    status: 'pending',
    expires_at: new Date(Date.now() + 600_000),
  })
  return { id, eventId: event.id }
}

describe('MySQL going away', () => {
  it('answers 503 with Retry-After on reads and changes, never 500, and serves again when it is back', async () => {
    const proxy = await createMysqlProxy(inject('mysqlUrl'))
    const { gateway } = await startPlatform({ MYSQL_URL: proxy.url })
    const api = createApi(gateway)
    const { user, token } = await api.register()
    const booking = await pendingBooking(user.id)
    expect((await api.call('GET', `/api/bookings/${booking.id}`, { token })).status).toBe(200)

    await proxy.stop()
    const reads = [
      await api.call('GET', `/api/bookings/${booking.id}`, { token }),
      await api.call('GET', '/api/bookings', { token }),
      await api.call('GET', `/api/events/${booking.eventId}`),
      await api.call('PUT', `/api/bookings/${booking.id}/cancel`, { token }),
    ]
    for (const res of reads) {
      expect(res.status).toBe(503)
      expect(res.headers['retry-after']).toBeDefined()
      expect(res.body).toMatchObject({ success: false, code: 'SERVICE_UNAVAILABLE' })
      expect(res.raw).not.toContain(String(new URL(proxy.url).port))
    }

    // Booking intake needs only Redis: it goes on with the token's claims while the account
    // cannot be read (the worker decides once MySQL is back).
    const booked = await api.call('POST', '/api/bookings', { token, body: { event_id: booking.eventId, quantity: 1 } })
    expect(booked.status).toBe(202)
    const started = Date.now()
    expect((await api.call('POST', '/api/bookings', { token, body: { event_id: booking.eventId, quantity: 1 } })).status).toBe(202)
    // The first one waited for the pool once; the next does not wait again.
    expect(Date.now() - started).toBeLessThan(1_000)

    await proxy.start()
    const back = Date.now()
    await expect.poll(async () => (await api.call('GET', `/api/bookings/${booking.id}`, { token })).status, { timeout: 20_000, interval: 250 }).toBe(200)
    console.info(`reads served again ${Date.now() - back} ms after MySQL came back, without a restart`)
    expect((await api.call('GET', `/api/events/${booking.eventId}`)).status).toBe(200)
    const cancelled = await api.call('PUT', `/api/bookings/${booking.id}/cancel`, { token })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.data.status).toBe('cancelled')
    await proxy.stop()
  })
})

describe('an exhausted MySQL pool', () => {
  it('answers 503 with Retry-After within the acquire timeout, not after a client has given up, and serves again once connections free up', async () => {
    // Two connections per service, both held open by transactions that never finish: every
    // further query waits for the pool, as under a slow-query pile-up.
    const { gateway, events } = await startPlatform({ DB_POOL_MAX: '2', DB_ACQUIRE_TIMEOUT_MS: '500' })
    const api = createApi(gateway)
    const { user, token } = await api.register()
    const booking = await pendingBooking(user.id)
    const held = await Promise.all([gateway.knex, gateway.knex, events.knex, events.knex].map((pool) => pool.transaction()))

    for (const [method, path] of [
      ['GET', `/api/bookings/${booking.id}`],
      ['GET', '/api/bookings'],
      ['GET', `/api/events/${booking.eventId}`],
      ['PUT', `/api/bookings/${booking.id}/confirm-payment`],
    ] as const) {
      const started = Date.now()
      const res = await api.call(method, path, { token })
      expect(res.status, `${method} ${path}`).toBe(503)
      expect(res.headers['retry-after']).toBeDefined()
      expect(res.body).toMatchObject({ success: false, code: 'SERVICE_UNAVAILABLE' })
      // 500 ms of waiting for a connection, not the 10 s+ a client would give up after.
      expect(Date.now() - started).toBeLessThan(5_000)
    }

    await Promise.all(held.map((trx) => trx.rollback()))
    expect((await api.call('GET', `/api/bookings/${booking.id}`, { token })).status).toBe(200)
    expect((await api.call('GET', `/api/events/${booking.eventId}`)).status).toBe(200)
    const confirmed = await api.call('PUT', `/api/bookings/${booking.id}/confirm-payment`, { token })
    expect(confirmed.body.data).toMatchObject({ status: 'confirmed' })
  })
})

describe('a status change racing a delete', () => {
  it.each(['confirm-payment', 'cancel'])('answers %s with 200 or 404, never 500, whichever commits first', async (action) => {
    const { gateway } = await startPlatform()
    const api = createApi(gateway)
    const { user, token } = await api.register()
    const seen = new Set<string>()
    for (let round = 0; round < 200 && seen.size < 2; round++) {
      const { id } = await pendingBooking(user.id)
      const change = () => api.call('PUT', `/api/bookings/${id}/${action}`, { token })
      const remove = () => api.call('DELETE', `/api/bookings/${id}`, { token })
      // Each round starts a different one first, so that on a busy machine both orders happen.
      const [changed, deleted] =
        round % 2 === 0 ? await Promise.all([change(), remove()]) : await Promise.all([remove(), change()]).then(([d, c]) => [c, d] as const)
      expect([200, 404]).toContain(changed.status)
      expect([200, 404]).toContain(deleted.status)
      if (changed.status === 200) expect(changed.body.data).toMatchObject({ id, status: action === 'cancel' ? 'cancelled' : 'confirmed' })
      seen.add(changed.status === 200 ? 'change first' : 'delete first')
    }
    // Both orders really happened, so both answers were exercised.
    expect([...seen].sort()).toEqual(['change first', 'delete first'])
  })
})

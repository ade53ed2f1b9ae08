import { describe, expect, it, onTestFinished } from 'vitest'
import { createIsolatedDatabase } from '@tickets/testing'
import { createSoldOutRecords } from '@tickets/queue'
import { buildApp as buildGateway } from '@tickets/gateway/app'
import { loadGatewayConfig } from '@tickets/gateway/config'
import { createApi } from './support/api.js'
import { pollUntilDecided } from './support/bookings.js'
import { startPlatform } from './support/platform.js'

const future = () => new Date(Date.now() + 86_400_000).toISOString()

async function setup(env: Record<string, string> = {}) {
  const platform = await startPlatform(env, { worker: true })
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  const createEvent = async (tickets: number) => {
    const res = await api.call('POST', '/api/events', {
      token: adminToken,
      body: { name: 'Tiny show', location: 'Cellar', event_date: future(), ticket_price: 10, total_tickets: tickets },
    })
    return res.body.data.id as string
  }
  const { token } = await api.register()
  const book = (eventId: string, quantity = 1, headers: Record<string, string> = {}) =>
    api.call('POST', '/api/bookings', { token, body: { event_id: eventId, quantity }, headers })
  const records = createSoldOutRecords(platform.gateway.redis, platform.env.REDIS_PREFIX)
  /**
   * Waits until the booking that took the event's last ticket is committed and the worker has
   * recorded the sell-out: the row is visible at the commit, the record is written just after it.
   */
  const decidedLast = async (eventId: string, bookingId: string) => {
    expect(await pollUntilDecided(api, token, bookingId)).toMatchObject({ status: 'pending' })
    await expect.poll(async () => (await records.soldOutCategories(eventId)).size, { timeout: 10_000 }).toBeGreaterThan(0)
  }
  /** Books every ticket of the event and waits until the worker has committed it and recorded the sell-out. */
  const sellOut = async (eventId: string, tickets: number) => {
    const res = await book(eventId, tickets)
    expect(res.status).toBe(202)
    await decidedLast(eventId, res.body.data.id)
    return res.body.data.id as string
  }
  const rowsOf = async (eventId: string) => Number((await platform.users.knex('bookings').where({ event_id: eventId }).count<{ n: number }[]>({ n: '*' }))[0]!.n)
  const jobCount = async () => Object.values(await platform.gateway.bookingShards.all[0]!.getJobCounts()).reduce((a, b) => a + b, 0)
  return { ...platform, api, adminToken, token, createEvent, book, sellOut, decidedLast, rowsOf, jobCount }
}

describe('the sold-out fast path', () => {
  it('answers 409 SOLD_OUT at intake once the event is sold out, queueing and storing nothing', async () => {
    const t = await setup()
    const eventId = await t.createEvent(2)
    await t.sellOut(eventId, 2)
    const [rows, jobs] = [await t.rowsOf(eventId), await t.jobCount()]

    const res = await t.book(eventId, 1)
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ success: false, code: 'SOLD_OUT', errors: { available: 0, requested: 1 } })
    const waited = await t.book(eventId, 3, { prefer: 'wait=5' })
    expect(waited.status).toBe(409)
    expect(waited.body.code).toBe('SOLD_OUT')
    expect(await t.rowsOf(eventId)).toBe(rows)
    expect(await t.jobCount()).toBe(jobs)
  })

  it('makes the event bookable again at once after a cancellation, a delete or a raised total_tickets', async () => {
    const t = await setup()
    const eventId = await t.createEvent(1)

    const held = await t.sellOut(eventId, 1)
    expect((await t.book(eventId)).status).toBe(409)
    expect((await t.api.call('PUT', `/api/bookings/${held}/cancel`, { token: t.token })).status).toBe(200)
    const afterCancel = await t.book(eventId)
    expect(afterCancel.status).toBe(202)
    await t.decidedLast(eventId, afterCancel.body.data.id)

    expect((await t.book(eventId)).status).toBe(409)
    expect((await t.api.call('DELETE', `/api/bookings/${afterCancel.body.data.id}`, { token: t.token })).status).toBe(200)
    const afterDelete = await t.book(eventId)
    expect(afterDelete.status).toBe(202)
    await t.decidedLast(eventId, afterDelete.body.data.id)

    expect((await t.book(eventId)).status).toBe(409)
    const raised = await t.api.call('PUT', `/api/events/${eventId}`, { token: t.adminToken, body: { total_tickets: 2 } })
    expect(raised.status).toBe(200)
    const afterRaise = await t.book(eventId)
    expect(afterRaise.status).toBe(202)
    expect(await pollUntilDecided(t.api, t.token, afterRaise.body.data.id)).toMatchObject({ status: 'pending' })
  })

  it('makes the event bookable again at once when a hold expires', async () => {
    // A database of its own: every worker's expiry sweep covers its whole database, and one
    // started by another test file (another Redis prefix) would clear its own sold-out record,
    // not this one. In a deployment every worker shares the prefix.
    const database = await createIsolatedDatabase({ migrate: true })
    onTestFinished(() => database.drop())
    const t = await setup({ HOLD_TTL_SECONDS: '1', MYSQL_URL: database.url })
    const eventId = await t.createEvent(1)
    const held = await t.sellOut(eventId, 1)
    expect((await t.book(eventId)).status).toBe(409)
    // The worker's expiry sweep ends the hold and clears the record (before and after its commit).
    await expect.poll(async () => (await t.api.call('GET', `/api/bookings/${held}`, { token: t.token })).body.data.status, { timeout: 15_000 }).toBe('expired')
    expect((await t.book(eventId)).status).toBe(202)
  })

  it('stops mattering once a stale record (its clear lost) has expired', async () => {
    const t = await setup()
    const eventId = await t.createEvent(5)
    // A record no commit justifies: as if a restock's clear had been lost.
    const records = createSoldOutRecords(t.gateway.redis, t.env.REDIS_PREFIX, { ttlSeconds: 1 })
    const [category] = (await t.api.call('GET', `/api/events/${eventId}`)).body.data.categories as Array<{ id: string }>
    await records.markSoldOut(eventId, [category!.id], await records.epoch(eventId))
    expect((await t.book(eventId)).status).toBe(409)
    await expect.poll(async () => (await t.book(eventId)).status, { timeout: 10_000, interval: 200 }).toBe(202)
  })

  it('is shared by every gateway', async () => {
    const t = await setup()
    const eventId = await t.createEvent(1)
    await t.sellOut(eventId, 1)
    const second = await buildGateway(loadGatewayConfig({ ...t.env, USER_SERVICE_URL: t.usersUrl, EVENT_SERVICE_URL: t.eventsUrl }))
    try {
      const res = await createApi(second).call('POST', '/api/bookings', { token: t.token, body: { event_id: eventId, quantity: 1 } })
      expect(res.status).toBe(409)
      expect(res.body.code).toBe('SOLD_OUT')
    } finally {
      await second.close()
    }
  })

  it('does not claim an Idempotency-Key it answered 409, and still replays one accepted before the sell-out', async () => {
    const t = await setup()
    const eventId = await t.createEvent(2)
    const early = await t.book(eventId, 1, { 'idempotency-key': 'early' })
    await pollUntilDecided(t.api, t.token, early.body.data.id)
    const last = await t.sellOut(eventId, 1)

    const replay = await t.book(eventId, 1, { 'idempotency-key': 'early' })
    expect(replay.status).toBe(202)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.body.data).toMatchObject({ id: early.body.data.id, status: 'pending' })

    expect((await t.book(eventId, 1, { 'idempotency-key': 'late' })).status).toBe(409)
    await t.api.call('PUT', `/api/bookings/${last}/cancel`, { token: t.token })
    const retried = await t.book(eventId, 1, { 'idempotency-key': 'late' })
    expect(retried.status).toBe(202)
    expect(retried.headers['idempotent-replayed']).toBeUndefined()
    expect(await pollUntilDecided(t.api, t.token, retried.body.data.id)).toMatchObject({ status: 'pending' })
  })
})

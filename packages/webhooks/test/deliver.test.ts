import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { Knex } from '@tickets/db'
import { createIsolatedDatabase } from '@tickets/testing'
import { attemptDelivery, DISABLE_AFTER_MS, relayOutbox } from '../src/index.js'

// A database of its own: the outbox relays of workers in other test files must not take its rows.
let knex: Knex
let drop: () => Promise<void>
beforeAll(async () => {
  const db = await createIsolatedDatabase({ migrate: true })
  knex = db.knex
  drop = db.drop
})
afterAll(() => drop?.())

/** A receiver answering `status` to everything. */
async function receiver(status: number) {
  let hits = 0
  const server = createServer((req, res) => {
    hits++
    req.resume()
    req.on('end', () => res.writeHead(status).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hits: () => hits }
}

async function endpointTo(url: string, events: string[], extra: Record<string, unknown> = {}) {
  const id = randomUUID()
  await knex('webhook_endpoints').insert({ id, url, events: JSON.stringify(events), secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', ...extra })
  return id
}

async function message(type: string) {
  // As the outbox makes them (@tickets/booking writes the real ones).
  const id = `msg_${randomUUID().replaceAll('-', '')}`
  await knex('outbox_events').insert({ id, type, body: JSON.stringify({ type, timestamp: new Date().toISOString(), data: {} }) })
  return id
}

describe('one delivery attempt', () => {
  it('disables an endpoint whose failures reach 5 days, and says why; a success ends a failing spell', async () => {
    const failing = await receiver(503)
    const now = new Date()
    const since = new Date(now.getTime() - DISABLE_AFTER_MS - 1000)
    const endpoint = await endpointTo(failing.url, ['booking.pending'], { failing_since: since })
    const outcome = await attemptDelivery(knex, { endpoint_id: endpoint, message_id: await message('booking.pending') }, 9, { allowPrivate: true, now: () => now })
    expect(outcome).toMatchObject({ status: 'disabled', reason: expect.stringMatching(/failed for 5 days .*answered 503/) })
    expect(await knex('webhook_endpoints').where({ id: endpoint }).first()).toMatchObject({ enabled: 0, disabled_reason: expect.stringMatching(/5 days/) })
    // Disabled: the next attempt is not made at all.
    expect(await attemptDelivery(knex, { endpoint_id: endpoint, message_id: await message('booking.pending') }, 1, { allowPrivate: true })).toEqual({ status: 'skipped', reason: 'endpoint disabled' })
    expect(failing.hits()).toBe(1)

    // Failing for a day, then a success: the spell ends.
    const ok = await receiver(204)
    const recovering = await endpointTo(ok.url, ['booking.pending'], { failing_since: new Date(now.getTime() - 86_400_000) })
    expect(await attemptDelivery(knex, { endpoint_id: recovering, message_id: await message('booking.pending') }, 3, { allowPrivate: true })).toEqual({ status: 'delivered', statusCode: 204 })
    expect((await knex('webhook_endpoints').where({ id: recovering }).first())!.failing_since).toBeNull()
  })

  it('refuses, at delivery time too, a target that is not allowed, and logs why', async () => {
    const endpoint = await endpointTo('http://127.0.0.1:9/', ['booking.pending'])
    const outcome = await attemptDelivery(knex, { endpoint_id: endpoint, message_id: await message('booking.pending') }, 1, { allowPrivate: false })
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/refused: .*https/) })
    const [logged] = await knex('webhook_deliveries').where({ endpoint_id: endpoint })
    expect(logged).toMatchObject({ status_code: null, attempt: 1, error: expect.stringMatching(/refused/) })
  })
})

describe('the outbox relay', () => {
  it('hands each row to every endpoint subscribed to its type, keeps those rows, and deletes the rest', async () => {
    // Rows and endpoints of other tests may be in this call too: only this test's are looked at.
    const types = [`booking.pending`, 'event.sold_out']
    const a = await endpointTo('http://127.0.0.1:9/a', ['booking.pending'])
    const b = await endpointTo('http://127.0.0.1:9/b', ['booking.pending', 'event.sold_out'])
    const ids = [await message(types[0]!), await message(types[1]!), await message('category.restocked')]
    const jobs: Array<{ endpoint_id: string; message_id: string; jobId: string }> = []
    onTestFinished(() => knex('webhook_endpoints').whereIn('id', [a, b]).delete())
    let rows = 0
    do {
      rows = (await relayOutbox(knex, async (added) => void jobs.push(...added), { limit: 1000 })).rows
    } while (rows > 0)
    const mine = jobs.filter((job) => ids.includes(job.message_id) && ([a, b] as string[]).includes(job.endpoint_id)).map((job) => [job.endpoint_id, job.message_id]).sort()
    expect(mine).toEqual([[a, ids[0]], [b, ids[0]], [b, ids[1]]].sort())
    expect(jobs.find((job) => job.message_id === ids[0] && job.endpoint_id === a)!.jobId).toBe(`${a}_${ids[0]}`)
    const left = await knex('outbox_events').whereIn('id', ids).select('id', 'relayed_at')
    expect(left.map((row) => row.id).sort()).toEqual([ids[0], ids[1]].sort())
    for (const row of left) expect(row.relayed_at).toBeInstanceOf(Date)
  })
})

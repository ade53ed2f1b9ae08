import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, type Knex } from '@tickets/db'
import { stockOf } from '@tickets/testing'
import { shardOf } from '@tickets/queue'
import { startStack, type Stack } from './support/stack.js'
import { loadtest } from './support/loadtest-cli.js'
import { completedPerShard, REDIS_VARIANTS, useRedisVariant } from './support/redis-variants.js'

const ADMIN = { ADMIN_EMAIL: 'scale-admin@example.com', ADMIN_PASSWORD: 'scale-admin-password' }

/**
 * Two gateways (requests alternate between them) and three worker processes, as a scaled-out
 * deployment runs: one hot event and several others at once. Nothing oversold, nothing lost, and
 * what must be shared is: the per-user booking limit and Idempotency-Keys hold across gateways.
 */
describe.each(REDIS_VARIANTS)('two gateways and three workers on $name', { timeout: 240_000 }, (variant) => {
  let stack: Stack
  let knex: Knex
  const redis = useRedisVariant(variant)
  beforeAll(async () => {
    stack = await startStack({ ...ADMIN, BCRYPT_COST: '4', BOOKING_RATE_LIMIT_MAX: '12', MAX_HELD_TICKETS_PER_USER: '0', ...redis.env() }, { workers: 3, gateways: 2 })
    knex = createKnex(inject('mysqlUrl'), { poolMax: 2 })
  }, 240_000)
  afterAll(async () => {
    await stack?.stop()
    await knex?.destroy()
  })

  let turn = 0
  /** Each call goes to the next gateway. */
  const call = async (method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) => {
    const base = stack.gatewayUrls[turn++ % stack.gatewayUrls.length]!
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(options.body ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body ? { body: JSON.stringify(options.body) } : {}),
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  it('decides a burst over a hot event and four others once each, without overselling', async () => {
    expect(stack.gatewayUrls).toHaveLength(2)
    const admin = (await call('POST', '/api/auth/login', { body: { email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD } })).body.data.token
    const event = async (tickets: number) =>
      (await call('POST', '/api/events', { token: admin, body: { name: 'Scale', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 5, total_tickets: tickets, max_tickets_per_user: 4 } })).body.data.id as string
    const events = [await event(40), ...(await Promise.all([10, 10, 10, 10].map(event)))]
    const users = await Promise.all(
      Array.from({ length: 30 }, async () => (await call('POST', '/api/auth/register', { body: { name: 'Scale', email: `scale-${randomUUID()}@example.com`, password: 'correct-horse-battery' } })).body.data),
    )

    // 300 requests: half for the hot event, the rest spread over the four others; 20 in flight, alternating gateways.
    const plan = Array.from({ length: 300 }, (_, i) => ({ user: users[i % users.length]!, event: events[i % 2 === 0 ? 0 : 1 + ((i >> 1) % 4)]!, quantity: 1 + (i % 3) }))
    const accepted: string[] = []
    const answers: Record<number, number> = {}
    let next = 0
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < plan.length) {
          const { user, event, quantity } = plan[next++]!
          const res = await call('POST', '/api/bookings', { token: user.token, body: { event_id: event, quantity } })
          answers[res.status] = (answers[res.status] ?? 0) + 1
          if (res.status === 202) accepted.push(res.body.data.id)
        }
      }),
    )
    expect(Object.keys(answers).every((status) => ['202', '409', '429'].includes(status)), JSON.stringify(answers)).toBe(true)

    // Every accepted booking decided once, by whichever worker took it.
    await expect.poll(async () => Number((await knex('bookings').whereIn('id', accepted).count({ n: '*' }))[0]!.n), { timeout: 60_000, interval: 250 }).toBe(accepted.length)
    const rows = await knex('bookings').whereIn('id', accepted).select('id', 'status', 'user_id', 'event_id', 'quantity')
    expect(new Set(rows.map((row) => row.id)).size).toBe(accepted.length)
    for (const id of events) expect(await stockOf(knex, id)).toMatchObject({ consistent: true })
    expect((await stockOf(knex, events[0]!)).available).toBe(0) // the hot event sold out
    // The per-user limit of 4 per event held, whichever gateway and worker each request went through.
    const held = new Map<string, number>()
    for (const row of rows) if (row.status === 'pending') held.set(`${row.user_id}/${row.event_id}`, (held.get(`${row.user_id}/${row.event_id}`) ?? 0) + row.quantity)
    expect(Math.max(...held.values())).toBeLessThanOrEqual(4)

    if (variant.cluster) {
      // Each event's jobs went to its shard, hash(event_id) mod 3, and only there; each shard sits on a master of its own.
      const shards = await completedPerShard(stack.env)
      const used = shards.flatMap((shard, index) => (shard.completed > 0 ? [index] : []))
      expect(used, JSON.stringify(shards)).toEqual([...new Set(rows.map((row) => shardOf(row.event_id, 3)))].sort())
      for (const [index, shard] of shards.entries()) {
        expect(shard.completed).toBe(rows.filter((row) => shardOf(row.event_id, 3) === index).length)
        expect(shard.events.every((event) => shardOf(event, 3) === index)).toBe(true)
      }
      expect(shards.reduce((sum, shard) => sum + shard.completed, 0)).toBe(accepted.length)
      expect(new Set(shards.map((shard) => shard.node)).size).toBe(3)
    }
  })

  it('shares the booking rate limit and Idempotency-Keys between the gateways', async () => {
    const user = (await call('POST', '/api/auth/register', { body: { name: 'Shared', email: `shared-${randomUUID()}@example.com`, password: 'correct-horse-battery' } })).body.data
    const admin = (await call('POST', '/api/auth/login', { body: { email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD } })).body.data.token
    const eventId = (await call('POST', '/api/events', { token: admin, body: { name: 'Shared', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 0, total_tickets: 100 } })).body.data.id

    // The same key through both gateways: one booking.
    const first = await call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, quantity: 1 }, headers: { 'idempotency-key': 'shared-1' } })
    const again = await call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, quantity: 1 }, headers: { 'idempotency-key': 'shared-1' } })
    expect(first.status).toBe(202)
    expect(again.body.data.id).toBe(first.body.data.id)

    // 12 booking requests per user per window (BOOKING_RATE_LIMIT_MAX), counted across both gateways.
    const statuses: number[] = [first.status, again.status]
    for (let i = 0; i < 12; i++) statuses.push((await call('POST', '/api/bookings', { token: user.token, body: { event_id: eventId, quantity: 1 } })).status)
    expect(statuses.filter((status) => status === 429)).toHaveLength(2)
  })

  it('pnpm loadtest --base gw1,gw2 spreads a burst over both gateways, invariant holding', async () => {
    const bookingRequests = async (base: string) =>
      [...(await (await fetch(`${base}/metrics`)).text()).matchAll(/^tickets_booking_requests_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0)
    const before = await Promise.all(stack.gatewayUrls.map(bookingRequests))
    const { code, stdout, stderr } = await loadtest(
      // In turn, so that the split is known (the default, to the gateway with the fewest in
      // flight, follows whichever answers first: tools/loadtest/test/client.test.ts).
      ['--base', stack.gatewayUrls.join(','), '--balance', 'round-robin', '--tickets', '40', '--users', '10', '--requests', '100', '--concurrency', '10', '--limit', '8', '--json', '--drain-timeout', '60'],
      { ADMIN_EMAIL: ADMIN.ADMIN_EMAIL, ADMIN_PASSWORD: ADMIN.ADMIN_PASSWORD },
    )
    expect(code, stderr).toBe(0)
    expect(JSON.parse(stdout).invariant.ok).toBe(true)
    const after = await Promise.all(stack.gatewayUrls.map(bookingRequests))
    // Turn by turn: each gateway took about half of the 100.
    for (const [i, count] of after.entries()) expect(count - before[i]!).toBeGreaterThanOrEqual(40)
  })
})

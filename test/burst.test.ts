import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKnex, type Knex } from '@tickets/db'
import { inject } from 'vitest'
import { stockOf } from '@tickets/testing'
import { createHttpClient, type HttpClient } from './support/http-client.js'
import { startProcess, startStack, waitForLog, type Stack } from './support/stack.js'
import { REDIS_VARIANTS, useRedisVariant } from './support/redis-variants.js'

const ADMIN = { email: `burst-admin-${randomUUID().slice(0, 8)}@example.com`, password: 'burst-admin-password' }
const STACK_ENV = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, BCRYPT_COST: '4', LOG_LEVEL: 'info' }

let knex: Knex
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'))
})
afterAll(async () => {
  await knex.destroy()
})

async function prepare(http: HttpClient, users: number, event: { total: number; limit: number }) {
  const admin = (await http('POST', '/api/auth/login', { body: ADMIN })).body.data.token as string
  const created = await http('POST', '/api/events', {
    token: admin,
    body: {
      name: 'Burst',
      location: 'Arena',
      event_date: new Date(Date.now() + 86_400_000).toISOString(),
      ticket_price: 30,
      total_tickets: event.total,
      max_tickets_per_user: event.limit,
    },
  })
  const tokens = await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      const res = await http('POST', '/api/auth/register', { body: { name: `U${i}`, email: `burst-${randomUUID()}@example.com`, password: 'burst-password' } })
      return res.body.data.token as string
    }),
  )
  return { eventId: created.body.data.id as string, tokens }
}

/** Fires the requests all at once, then follows every accepted one to its terminal state. */
async function burst(http: HttpClient, eventId: string, tokens: string[], requests: number) {
  const responses = await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      http('POST', '/api/bookings', { token: tokens[i % tokens.length], body: { event_id: eventId, quantity: (i % 4) + 1 } }).then((res) => ({
        res,
        token: tokens[i % tokens.length]!,
      })),
    ),
  )
  const accepted = responses.filter(({ res }) => res.status === 202)
  const finals = await Promise.all(
    accepted.map(async ({ res, token }) => {
      const id = res.body.data.id as string
      for (let i = 0; i < 600; i++) {
        const poll = await http('GET', `/api/bookings/${id}`, { token })
        if (poll.status === 200 && poll.body.data.status !== 'queued') return poll.body.data
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error(`booking ${id} never left queued`)
    }),
  )
  // 202 accepted, or 409 SOLD_OUT at intake once a commit has sold the event out (nothing queued).
  const refused = responses.filter(({ res }) => res.status === 409)
  for (const { res } of refused) expect(res.body.code).toBe('SOLD_OUT')
  return { statuses: responses.map(({ res }) => res.status), finals }
}

async function assertInvariant(eventId: string, finals: Array<{ id: string; status: string }>, limit: number) {
  const stock = await stockOf(knex, eventId)
  expect(stock.consistent).toBe(true)
  expect(stock.available).toBeGreaterThanOrEqual(0)
  // Every accepted request is exactly one row, in one terminal state.
  const rows = await knex('bookings').where({ event_id: eventId }).select('id', 'status', 'user_id', 'quantity')
  expect(rows).toHaveLength(finals.length)
  expect(new Set(rows.map((r) => r.id))).toEqual(new Set(finals.map((f) => f.id)))
  for (const row of rows) expect(['pending', 'confirmed', 'rejected']).toContain(row.status)
  const perUser = new Map<string, number>()
  for (const row of rows) if (row.status === 'pending' || row.status === 'confirmed') perUser.set(row.user_id, (perUser.get(row.user_id) ?? 0) + row.quantity)
  for (const quantity of perUser.values()) expect(quantity).toBeLessThanOrEqual(limit)
  return stock
}

// Tests that start processes are sized for a loaded 2-core machine: starting four TypeScript
// services alone can take 10-15 s there.
const PROCESS_TEST = { timeout: 120_000 }

const CONFIGURATIONS = [
  { workers: 1, variant: REDIS_VARIANTS[0] },
  { workers: 2, variant: REDIS_VARIANTS[0] },
  { workers: 2, variant: REDIS_VARIANTS[1] },
]

describe.each(CONFIGURATIONS)('a burst of 500 requests through the gateway with $workers worker process(es) on $variant.name', PROCESS_TEST, ({ workers, variant }) => {
  let stack: Stack
  const redis = useRedisVariant(variant)
  beforeAll(async () => {
    stack = await startStack({ ...STACK_ENV, ...redis.env() }, { workers })
  })
  afterAll(async () => {
    await stack?.stop()
  })

  it('never oversells, ends every accepted request in one terminal state, and respects the per-user limit', async () => {
    const http = createHttpClient(stack.gatewayUrl)
    const { eventId, tokens } = await prepare(http, 50, { total: 100, limit: 4 })
    const { statuses, finals } = await burst(http, eventId, tokens, 500)
    expect(statuses.every((s) => s === 202 || s === 409)).toBe(true)
    // One booking per accepted request: no two 202s named the same booking.
    expect(new Set(finals.map((f) => f.id)).size).toBe(finals.length)
    const stock = await assertInvariant(eventId, finals, 4)
    // 50 users x 4 allowed > 100 tickets: the event sells out.
    expect(stock.available).toBe(0)
    expect(finals.filter((f) => f.status === 'rejected').length).toBeGreaterThan(0)
  })
})

describe('SIGTERM to the worker in the middle of a burst', PROCESS_TEST, () => {
  it('loses nothing: a new worker finishes what the stopped one left', async () => {
    const stack = await startStack(STACK_ENV, { workers: 1 })
    try {
      const http = createHttpClient(stack.gatewayUrl)
      const { eventId, tokens } = await prepare(http, 20, { total: 300, limit: 40 })
      const worker = stack.processes.find((p) => p.name === 'worker-1')!
      const firing = burst(http, eventId, tokens, 300)
      // Stopped once it has decided something: mid-burst, whatever the machine's speed.
      const decidedSoFar = async () => Number((await knex('bookings').where({ event_id: eventId }).count<{ n: number }[]>({ n: '*' }))[0]?.n ?? 0)
      await expect.poll(decidedSoFar, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0)
      expect(await worker.stop()).toBe(0)
      expect(worker.output()).toContain('worker stopped')
      // The stop really came mid-burst: work was left for the replacement.
      const [done] = await knex('bookings').where({ event_id: eventId }).count<{ n: number }[]>({ n: '*' })
      expect(Number(done?.n)).toBeLessThan(300)

      const env = Object.fromEntries(Object.entries(stack.env))
      const replacement = startProcess('worker-2', 'services/worker/src/main.ts', env)
      stack.processes.push(replacement)
      await waitForLog(replacement, 'worker ready')

      const { statuses, finals } = await firing
      expect(statuses.every((s) => s === 202 || s === 409)).toBe(true)
      await assertInvariant(eventId, finals, 40)
    } finally {
      await stack.stop()
    }
  })
})

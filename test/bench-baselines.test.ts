import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { createKnex, type Knex } from '@tickets/db'
import { Queue } from 'bullmq'
import { QUEUES } from '@tickets/contracts'
import { createRedis } from '@tickets/queue'
import { insertEvent, insertUser, stockOf, testEnv } from '@tickets/testing'
import { freePort, startProcess, waitForReady } from './support/stack.js'
import { makeToken, nowSeconds } from './support/tokens.js'

/**
 * The servers `pnpm bench` compares the platform with must keep working: the bench is not run
 * in CI, so this is where they would rot unnoticed.
 */
const SECRET = 'bench-baseline-test-secret-0123456789abcdef'
let knex: Knex
beforeAll(() => {
  knex = createKnex(testEnv().MYSQL_URL, { poolMax: 2 })
})
afterAll(async () => {
  await knex.destroy()
})

async function start(entry: string, env: Record<string, string>) {
  const port = await freePort()
  const server = startProcess(entry, entry, { ...env, JWT_SECRET: SECRET, PORT: String(port) })
  onTestFinished(async () => {
    await server.stop()
  })
  const url = `http://127.0.0.1:${port}`
  await waitForReady(url, server, 60_000)
  return url
}

const post = (url: string, token: string, body: unknown) =>
  fetch(`${url}/api/bookings`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('the bench baselines', { timeout: 120_000 }, () => {
  it('sync baseline: decides in the request, one transaction each, and never oversells', async () => {
    const url = await start('tools/loadtest/src/baseline/sync-server.ts', testEnv())
    const user = await insertUser(knex)
    const event = await insertEvent(knex, { total_tickets: 3 })
    const token = makeToken({ sub: user.id, role: 'user', exp: nowSeconds() + 60 }, { secret: SECRET })
    const answers = await Promise.all([2, 2, 1].map((quantity) => post(url, token, { event_id: event.id, quantity })))
    const statuses = answers.map((res) => res.status).sort()
    expect(statuses).toEqual([201, 201, 409])
    expect(await stockOf(knex, event.id)).toMatchObject({ available: 0, consistent: true })
    expect((await post(url, 'not-a-token', { event_id: event.id, quantity: 1 })).status).toBe(401)
  })

  it('intake ceiling: answers 202 and queues the job on a queue of its own', async () => {
    const env = testEnv(`ceiling-${randomUUID().slice(0, 8)}`)
    const url = await start('tools/loadtest/src/baseline/intake-ceiling.ts', env)
    const token = makeToken({ sub: randomUUID(), role: 'user', exp: nowSeconds() + 60 }, { secret: SECRET })
    const res = await post(url, token, { event_id: randomUUID(), quantity: 1 })
    expect(res.status).toBe(202)
    const id = ((await res.json()) as { data: { id: string } }).data.id
    const redis = createRedis({ REDIS_URL: env.REDIS_URL, REDIS_CLUSTER_NODES: '' }, 'producer')
    // The ceiling's bare queue: the plain BullMQ name and prefix, none of the platform's options.
    const queue = new Queue(QUEUES.bookings, { connection: redis, prefix: `${env.REDIS_PREFIX}-ceiling` })
    try {
      expect((await queue.getJob(id))?.data).toMatchObject({ booking_id: id, quantity: 1 })
      await queue.obliterate({ force: true })
    } finally {
      await queue.close()
      await redis.quit()
    }
  })
})

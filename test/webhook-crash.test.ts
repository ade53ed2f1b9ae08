import { onTestFinished, describe, expect, it } from 'vitest'
import { createIsolatedDatabase } from '@tickets/testing'
import { createApi } from './support/api.js'
import { startPlatform } from './support/platform.js'
import { freePort, startProcess, waitForReady } from './support/stack.js'
import { startReceiver } from './support/webhook-receiver.js'

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

/**
 * The transactional outbox across a crash: a worker process SIGKILLed after it committed a booking
 * (and its outbox row) and before any relay took the row; the next worker relays and delivers it.
 * A database of its own: no other test file's relay may take the row first.
 */
describe('the outbox across a worker crash', { timeout: 180_000 }, () => {
  it('delivers a change whose worker was SIGKILLed after the commit and before the relay', async () => {
    const db = await createIsolatedDatabase({ migrate: true })
    onTestFinished(() => db.drop())
    const crashed = await startPlatform({ MYSQL_URL: db.url, WEBHOOK_ALLOW_PRIVATE: 'true' })
    const crashedApi = createApi(crashed.gateway)
    const token = await crashedApi.login(crashed.admin.email, crashed.admin.password)
    const hooks = await startReceiver()
    onTestFinished(() => hooks.close())
    expect((await crashedApi.call('POST', '/api/webhooks', { token, body: { url: hooks.url, events: ['booking.pending'] } })).status).toBe(201)
    const startWorker = async (name: string, extra: Record<string, string>) => {
      const port = await freePort()
      const worker = startProcess(name, 'services/worker/src/main.ts', { ...crashed.env, LOG_LEVEL: 'info', NODE_ENV: 'development', METRICS_PORT: String(port), ...extra })
      onTestFinished(() => {
        if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL')
      })
      await waitForReady(`http://127.0.0.1:${port}`, worker, 60_000)
      return worker
    }
    // A worker that decides but relays only once, at its start (the next round is a minute away).
    const doomed = await startWorker('worker-doomed', { OUTBOX_RELAY_MS: '60000' })
    const res = await crashedApi.call('POST', '/api/events', { token, body: { name: 'Crash gig', location: 'Club', event_date: future(10), ticket_price: 10, total_tickets: 5 } })
    const user = await crashedApi.register()
    const booking = await crashedApi.call('POST', '/api/bookings', { token: user.token, body: { event_id: res.body.data.id, quantity: 1 }, headers: { prefer: 'wait=20' } })
    expect(booking.status, booking.raw).toBe(201)
    // Committed with its outbox row, which no relay has taken yet.
    const row = await crashed.users.knex('outbox_events').where({ booking_id: booking.body.data.id, type: 'booking.pending' }).first()
    expect(row).toMatchObject({ relayed_at: null })
    doomed.child.kill('SIGKILL')
    await new Promise((resolve) => doomed.child.once('exit', resolve))
    expect(hooks.received).toHaveLength(0)

    await startWorker('worker-next', { OUTBOX_RELAY_MS: '50' })
    await hooks.until('the change is delivered', (all) => all.some((r) => r.payload.data.id === booking.body.data.id), 60_000)
    expect(hooks.received.filter((r) => r.payload.data.id === booking.body.data.id)).toHaveLength(1)
    expect(hooks.received[0]!.id).toBe(row!.id)
  })
})

import { createApi } from './api.js'
import { startPlatform } from './platform.js'

/** An event body for tests: tomorrow, 10 tickets at 10.00, unless told otherwise. */
export const eventBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Show',
  location: 'Hall',
  event_date: new Date(Date.now() + 86_400_000).toISOString(),
  ticket_price: 10,
  total_tickets: 10,
  ...overrides,
})

/**
 * A platform without a worker, and one booking request waiting in its queue (what Bull Board
 * shows), with the administrator's token.
 */
export async function withWaitingBooking(env: Record<string, string> = {}) {
  const platform = await startPlatform(env)
  const api = createApi(platform.gateway)
  const adminToken = await api.login(platform.admin.email, platform.admin.password)
  const event = (await api.call('POST', '/api/events', { token: adminToken, body: eventBody() })).body.data as { id: string }
  const { token } = await api.register()
  const booking = (await api.call('POST', '/api/bookings', { token, body: { event_id: event.id, quantity: 1 } })).body.data as { id: string }
  // The job that carries it (its bundle): what Bull Board lists.
  const job = (await platform.gateway.bookingShards.findJob(booking.id))!.job
  return { ...platform, api, adminToken, event, booking, jobId: job.id! }
}

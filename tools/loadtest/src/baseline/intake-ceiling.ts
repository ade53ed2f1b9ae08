/**
 * The intake ceiling for `pnpm bench`: a bare server that does only what booking intake must
 * (Fastify + @fastify/jwt: verify the token, validate the body, BullMQ `queue.add`, answer 202),
 * with nothing else on the path: no rate limit, no idempotency, no sold-out check, no metrics,
 * no security headers, no request logs. The platform's intake is measured against it.
 *
 * Its jobs go to a queue of its own (`<REDIS_PREFIX>-ceiling`) that no worker drains; the bench
 * measures its intake only and deletes the keys afterwards. Not part of the platform.
 */
import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { JOBS, QUEUES } from '@tickets/contracts'
import { bookingBodySchema, createBareApp, requireToken, serve, userOf, type BookingBody } from './server-kit.js'

const env = process.env
const redis = new Redis(env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
const queue = new Queue(QUEUES.bookings, { connection: redis, prefix: `${env.REDIS_PREFIX}-ceiling` })

const app = await createBareApp(env.JWT_SECRET!)

app.post<{ Body: BookingBody }>('/api/bookings', { schema: { body: bookingBodySchema }, onRequest: requireToken }, async (request, reply) => {
  const id = randomUUID()
  const { event_id, quantity } = request.body
  const job = { booking_id: id, user_id: userOf(request), event_id, quantity, requested_at: new Date().toISOString() }
  await queue.add(JOBS.book, job, { jobId: id })
  return reply.code(202).send({ success: true, message: 'Booking queued', data: { id, status: 'queued', event_id, quantity } })
})

await serve(app, Number(env.PORT ?? 4001), async () => {
  await queue.close()
  await redis.quit()
})

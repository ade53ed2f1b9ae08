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
import fastifyJwt from '@fastify/jwt'
import { Queue } from 'bullmq'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { JOBS, QUEUES } from '@tickets/contracts'

const env = process.env
const redis = new Redis(env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
const queue = new Queue(QUEUES.bookings, { connection: redis, prefix: `${env.REDIS_PREFIX}-ceiling` })

const app = Fastify({ logger: false })
await app.register(fastifyJwt, { secret: env.JWT_SECRET!, verify: { algorithms: ['HS256'] } })

const body = {
  type: 'object',
  required: ['event_id', 'quantity'],
  additionalProperties: false,
  properties: { event_id: { type: 'string', minLength: 36, maxLength: 36 }, quantity: { type: 'integer', minimum: 1, maximum: 100 } },
} as const

app.post<{ Body: { event_id: string; quantity: number } }>(
  '/api/bookings',
  {
    schema: { body },
    onRequest: async (request, reply) => {
      try {
        await request.jwtVerify()
      } catch {
        return reply.code(401).send({ success: false, message: 'Invalid token', code: 'INVALID_TOKEN' })
      }
    },
  },
  async (request, reply) => {
    const id = randomUUID()
    const { event_id, quantity } = request.body
    await queue.add(JOBS.book, { booking_id: id, user_id: (request.user as { sub: string }).sub, event_id, quantity, requested_at: new Date().toISOString() }, { jobId: id })
    return reply.code(202).send({ success: true, message: 'Booking queued', data: { id, status: 'queued', event_id, quantity } })
  },
)

app.get('/health/ready', async () => ({ ok: true }))

await app.listen({ host: '127.0.0.1', port: Number(env.PORT ?? 4001) })
const stop = async () => {
  await app.close()
  await queue.close()
  await redis.quit()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)

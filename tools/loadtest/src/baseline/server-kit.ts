import fastifyJwt from '@fastify/jwt'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'

/** What both comparison servers share: a bare Fastify (no logs), the same body schema, the same token check. */

export interface BookingBody {
  event_id: string
  /** `{quantity}` books the event's first category; `items` names the lines (one of the two). */
  quantity?: number
  items?: Array<{ category_id: string; quantity: number }>
}

export const bookingBodySchema = {
  type: 'object',
  required: ['event_id'],
  additionalProperties: false,
  properties: {
    event_id: { type: 'string', minLength: 36, maxLength: 36 },
    quantity: { type: 'integer', minimum: 1, maximum: 100 },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: {
        type: 'object',
        required: ['category_id', 'quantity'],
        additionalProperties: false,
        properties: { category_id: { type: 'string', minLength: 36, maxLength: 36 }, quantity: { type: 'integer', minimum: 1, maximum: 100 } },
      },
    },
  },
} as const

/** Fastify with @fastify/jwt verifying the platform's tokens (HS256, the same secret). */
export async function createBareApp(jwtSecret: string) {
  const app = Fastify({ logger: false })
  await app.register(fastifyJwt, { secret: jwtSecret, verify: { algorithms: ['HS256'] } })
  app.get('/health/live', async () => ({ ok: true }))
  app.get('/health/ready', async () => ({ ok: true }))
  return app
}

/** onRequest: 401 unless the bearer token verifies. */
export async function requireToken(request: FastifyRequest, reply: FastifyReply) {
  try {
    await request.jwtVerify()
  } catch {
    return reply.code(401).send({ success: false, message: 'Invalid token', code: 'INVALID_TOKEN' })
  }
}

export const userOf = (request: FastifyRequest) => (request.user as { sub: string }).sub

/** Listens on 127.0.0.1:`port` and closes everything on SIGTERM/SIGINT. */
export async function serve(app: Awaited<ReturnType<typeof createBareApp>>, port: number, closeRest: () => Promise<unknown>) {
  await app.listen({ host: '127.0.0.1', port })
  const stop = async () => {
    await app.close()
    await closeRest()
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

import fp from 'fastify-plugin'
import { createRedis, type RedisClient, type RedisTarget } from './create-redis.js'

declare module 'fastify' {
  interface FastifyInstance {
    redis: RedisClient
  }
}

/**
 * A service's request-path Redis connection: fails fast (503) while Redis is down instead of
 * queueing commands.
 */
export const redisPlugin = fp<{ target: RedisTarget; connectionName: string }>(
  async (app, { target, connectionName }) => {
    const redis = createRedis(target, 'producer', connectionName)
    // Without a listener ioredis reports every failed reconnect as an unhandled error.
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis connection error'))
    // Start once the first connection attempt settles, so a healthy Redis is ready for the first
    // request; an absent one does not stop the service from starting (it answers 503, or does without, until Redis is back).
    await new Promise<void>((resolve) => {
      redis.once('ready', resolve)
      redis.once('error', () => resolve())
    })
    app.decorate<RedisClient>('redis', redis)
    app.addHook('onClose', async () => {
      // QUIT can wait for ever on a connection that is reconnecting (a cluster node away).
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('QUIT took over 1 s')), 1_000)))
      await Promise.race([redis.quit(), late])
        .catch(() => redis.disconnect())
        .finally(() => clearTimeout(timer))
    })
  },
  { name: 'redis', fastify: '5.x' },
)

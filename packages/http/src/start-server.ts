import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'

/**
 * Listens on 0.0.0.0 and closes the app once on SIGINT/SIGTERM (or an uncaught error),
 * letting in-flight requests finish; a second signal or 10 s forces the exit.
 */
export async function startServer(app: FastifyInstance, port: number): Promise<void> {
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })
  await app.listen({ host: '0.0.0.0', port })
}

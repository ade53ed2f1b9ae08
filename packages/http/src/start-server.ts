import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'

/** Connections waiting to be accepted (see the listen call). */
const LISTEN_BACKLOG = 4096

/**
 * Listens on `host` (0.0.0.0 unless the service says; internal services say 127.0.0.1) and closes the app once on SIGINT/SIGTERM (or an uncaught error),
 * letting in-flight requests finish; a second signal or 10 s forces the exit. A service that
 * cannot start (port taken, an unsafe Redis) exits with status 1 and says why.
 */
export async function startServer(
  app: FastifyInstance,
  port: number,
  host = '0.0.0.0',
  /** Errors that mean "this configuration is refused" (say, an unsafe Redis): logged as their message alone. */
  refusals: ReadonlyArray<abstract new (...args: never[]) => Error> = [],
): Promise<void> {
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })
  try {
    // A burst of new connections (an on-sale opening, thousands of status streams at once) must
    // wait in the accept queue, not be dropped: a dropped SYN is retried only after a second.
    // Node's default is 511; the kernel caps it at net.core.somaxconn (4096 on current Linux).
    await app.listen({ host, port, backlog: LISTEN_BACKLOG })
  } catch (error) {
    // A refusal is a configuration problem: one line that names the fix, not a stack trace.
    if (refusals.some((refusal) => error instanceof refusal)) app.log.fatal((error as Error).message)
    else app.log.fatal({ err: error }, 'could not start')
    process.exit(1)
  }
}
